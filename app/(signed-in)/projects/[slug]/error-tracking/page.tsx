import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { findErrorTrackingSettings } from "@/lib/db/error-tracking-settings";
import { getBackendForProject } from "@/lib/errors/backend-for-project";
import { errorListHref, parseErrorListSearchParams, toBackendQuery } from "@/lib/errors/error-list-query";
import { currentTime } from "@/lib/format/current-time";
import { loadProjectForPage, roleAllows } from "@/lib/projects/project-for-page";
import { Banner } from "@/components/ui/banner";
import { ErrorTable } from "@/components/error-list/error-table";
import { ErrorListPagination } from "@/components/error-list/pagination";
import { ErrorTrackingInactiveBanner } from "@/components/error-list/inactive-banner";

export const metadata: Metadata = { title: "Error Tracking · Faultline" };

export default async function ErrorListPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { user, access } = await loadProjectForPage(slug, "errors:read");
  if (!access.ok) notFound();
  const { project, role } = access.value;
  const state = parseErrorListSearchParams(await searchParams);

  const backend = await getBackendForProject(project);
  const [settings, page] = await Promise.all([findErrorTrackingSettings(project.id), backend.listErrors(toBackendQuery(state))]);

  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold text-gray-900">Error Tracking</h1>
      {settings.active ? null : (
        <ErrorTrackingInactiveBanner slug={project.slug} canManageSettings={roleAllows(user, role, "settings:manage")} />
      )}
      {page.ok ? (
        <>
          <ErrorTable slug={project.slug} now={currentTime()} state={state} errors={page.value.errors} />
          <ErrorListPagination slug={project.slug} state={state} nextCursor={page.value.nextCursor} />
        </>
      ) : page.error.kind === "invalid-cursor" ? (
        <Banner tone="error" title="This page of the list no longer exists">
          <p>
            The link points past the errors that match, or was cut short.{" "}
            <Link href={errorListHref(project.slug, { ...state, cursor: undefined, prev: [] })} className="font-medium underline hover:no-underline">
              Go to the first page
            </Link>
          </p>
        </Banner>
      ) : page.error.kind === "unavailable" ? (
        <Banner tone="error" title="The errors could not be loaded">
          <p>{page.error.message}</p>
        </Banner>
      ) : (
        notFound()
      )}
    </main>
  );
}
