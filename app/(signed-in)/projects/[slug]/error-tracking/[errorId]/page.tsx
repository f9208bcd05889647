import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { findErrorTrackingSettings } from "@/lib/db/error-tracking-settings";
import { getBackendForProject } from "@/lib/errors/backend-for-project";
import { commitUrlFor } from "@/lib/errors/commit-url";
import { extractBreadcrumbs, extractContexts, extractRequest, extractUser } from "@/lib/errors/event-sections";
import { currentTime } from "@/lib/format/current-time";
import { formatExactTime } from "@/lib/format/relative-time";
import { loadProjectForPage, roleAllows } from "@/lib/projects/project-for-page";
import { Banner } from "@/components/ui/banner";
import { ErrorTrackingInactiveBanner } from "@/components/error-list/inactive-banner";
import { BreadcrumbList } from "@/components/error-details/breadcrumb-list";
import { ErrorHeader } from "@/components/error-details/error-header";
import { KeyValueList } from "@/components/error-details/key-value-list";
import { RequestDetailsView } from "@/components/error-details/request-details";
import { DetailsSection, NothingSent } from "@/components/error-details/section";
import { StackTrace } from "@/components/error-details/stack-trace";
import { TagList } from "@/components/error-details/tag-list";
import { TriageActions } from "@/components/error-details/triage-actions";

export const metadata: Metadata = { title: "Error · Faultline" };

const ErrorId = z.coerce.number().int().positive().max(2_147_483_647);

export default async function ErrorDetailsPage({ params }: { params: Promise<{ slug: string; errorId: string }> }) {
  const { slug, errorId: rawErrorId } = await params;
  const { user, access } = await loadProjectForPage(slug, "errors:read");
  if (!access.ok) notFound();
  const errorId = ErrorId.safeParse(rawErrorId);
  if (!errorId.success) notFound();
  const { project, role } = access.value;

  const backend = await getBackendForProject(project);
  const [settings, result] = await Promise.all([findErrorTrackingSettings(project.id), backend.getError(errorId.data)]);
  const listHref = `/projects/${encodeURIComponent(project.slug)}/error-tracking`;
  const inactive = settings.active ? null : (
    <ErrorTrackingInactiveBanner slug={project.slug} canManageSettings={roleAllows(user, role, "settings:manage")} />
  );

  if (!result.ok) {
    if (result.error.kind !== "unavailable") notFound();
    return (
      <main className="space-y-4">
        <BackToList href={listHref} />
        {inactive}
        <Banner tone="error" title="This error could not be loaded">
          <p>{result.error.message}</p>
        </Banner>
      </main>
    );
  }

  const error = result.value;
  const event = error.latestEvent;
  const contexts = extractContexts(event?.payload);
  const request = extractRequest(event?.payload);
  const eventUser = extractUser(event?.payload);
  const breadcrumbs = extractBreadcrumbs(event?.payload);
  const frameCount = error.stackTrace.reduce((sum, exception) => sum + exception.frames.length, 0);

  return (
    <main className="space-y-6">
      <BackToList href={listHref} />
      {inactive}
      <ErrorHeader
        error={error}
        now={currentTime()}
        backendLabel={settings.backend === "sentry" ? "View in Sentry" : "Permalink"}
        commitUrl={commitUrlFor(error.firstRelease, project.repositoryUrl)}
        actions={
          <TriageActions
            slug={project.slug}
            errorId={error.id}
            status={error.status}
            issue={error.issue}
            canTriage={roleAllows(user, role, "errors:triage")}
          />
        }
      />

      {event === null ? (
        <Banner tone="info" title="No event is stored for this error">
          <p>The stack trace, tags and the rest appear once an event of this error is stored.</p>
        </Banner>
      ) : (
        <>
          <p className="text-sm text-gray-600">
            From the latest event, <span className="font-mono break-all">{event.eventId}</span>, of{" "}
            <time dateTime={event.occurredAt.toISOString()}>{formatExactTime(event.occurredAt)}</time>
            {event.environment ? (
              <>
                {" "}in <span className="font-mono">{event.environment}</span>
              </>
            ) : null}
            .
          </p>
          <DetailsSection
            id="stack-trace"
            title="Stack trace"
            aside={frameCount > 0 ? "Oldest call first; in-app frames are open" : undefined}
          >
            {error.stackTrace.length > 0 ? <StackTrace exceptions={error.stackTrace} /> : <NothingSent>No stack trace was sent with this event.</NothingSent>}
          </DetailsSection>
          <DetailsSection id="tags" title="Tags">
            {error.tags.length > 0 ? <TagList tags={error.tags} /> : <NothingSent>No tags were sent.</NothingSent>}
          </DetailsSection>
          <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <DetailsSection id="request" title="Request">
              {request ? <RequestDetailsView request={request} /> : <NothingSent>No request was sent.</NothingSent>}
            </DetailsSection>
            <DetailsSection id="user" title="User">
              {eventUser.length > 0 ? <KeyValueList entries={eventUser} label="User" /> : <NothingSent>No user was sent.</NothingSent>}
            </DetailsSection>
          </div>
          <DetailsSection id="contexts" title="Contexts">
            {contexts.length > 0 ? (
              <div className="space-y-4">
                {contexts.map((context) => (
                  <div key={context.name}>
                    <h3 className="text-sm font-semibold text-gray-700">{context.name}</h3>
                    <KeyValueList entries={context.entries} label={context.name} />
                  </div>
                ))}
              </div>
            ) : (
              <NothingSent>No contexts were sent.</NothingSent>
            )}
          </DetailsSection>
          <DetailsSection id="breadcrumbs" title="Breadcrumbs" aside={breadcrumbs.length > 0 ? "Oldest first" : undefined}>
            {breadcrumbs.length > 0 ? <BreadcrumbList breadcrumbs={breadcrumbs} /> : <NothingSent>No breadcrumbs were sent.</NothingSent>}
          </DetailsSection>
        </>
      )}
    </main>
  );
}

function BackToList({ href }: { href: string }) {
  return (
    <Link href={href} className="inline-block text-sm font-medium text-blue-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600">
      ← Error Tracking
    </Link>
  );
}
