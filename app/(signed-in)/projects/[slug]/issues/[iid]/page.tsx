import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { closeIssue, reopenIssue } from "@/app/(signed-in)/projects/[slug]/issues/[iid]/actions";
import { findIssueByIid } from "@/lib/db/issues";
import { currentTime } from "@/lib/format/current-time";
import { loadProjectForPage, roleAllows } from "@/lib/projects/project-for-page";
import { IssueMarkdown } from "@/components/issues/issue-markdown";
import { IssueStateBadge } from "@/components/issues/issue-state-badge";
import { IssueStateButton } from "@/components/issues/issue-state-button";
import { LinkedErrorLink } from "@/components/issues/linked-error-link";
import { RelativeTime } from "@/components/ui/relative-time";

// /projects/{slug}/issues/{iid} — a built-in issue (Reporter+): title, state, author, the
// linked error, the description; Close issue / Reopen issue for Developer+.

export const metadata: Metadata = { title: "Issue · Faultline" };

const Iid = z.coerce.number().int().positive().max(2_147_483_647);

export default async function IssuePage({ params }: { params: Promise<{ slug: string; iid: string }> }) {
  const { slug, iid: rawIid } = await params;
  const { user, access } = await loadProjectForPage(slug, "issues:read");
  if (!access.ok && access.error.kind === "not-found") notFound();
  if (!access.ok) {
    return (
      <main>
        <h1 className="text-xl font-semibold text-gray-900">Issue</h1>
        <p className="mt-2 text-sm text-gray-600">You need the Reporter role or higher to see this project&apos;s issues.</p>
      </main>
    );
  }
  const { project, role } = access.value;
  const iid = Iid.safeParse(/^\d+$/.test(rawIid) ? rawIid : "");
  if (!iid.success) notFound();
  const issue = await findIssueByIid(project.id, iid.data);
  if (!issue) notFound();

  const now = currentTime();
  const issuesPath = `/projects/${encodeURIComponent(project.slug)}/issues`;

  return (
    <main className="max-w-4xl">
      <nav aria-label="Breadcrumb" className="text-sm text-gray-600">
        <Link href={issuesPath} className="text-blue-700 hover:underline">
          Issues
        </Link>{" "}
        / #{issue.iid}
      </nav>
      <div className="mt-3 flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold break-words text-gray-900">{issue.title}</h1>
          <p className="mt-2 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-gray-600">
            <IssueStateBadge state={issue.state} />
            <span>
              #{issue.iid} opened <RelativeTime date={issue.createdAt} now={now} /> by{" "}
              <span className="font-medium text-gray-800">{issue.author ? (issue.author.name ?? issue.author.email) : "a deleted user"}</span>
            </span>
            {issue.state === "closed" && issue.closedAt ? (
              <span>
                · closed <RelativeTime date={issue.closedAt} now={now} />
              </span>
            ) : null}
          </p>
        </div>
        {roleAllows(user, role, "errors:triage") ? (
          <IssueStateButton
            key={issue.state}
            state={issue.state}
            action={(issue.state === "opened" ? closeIssue : reopenIssue).bind(null, project.slug, issue.iid)}
          />
        ) : null}
      </div>

      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-lg border border-gray-200 bg-white px-4 py-3 text-sm shadow-sm">
        <dt className="font-medium text-gray-700">Linked error</dt>
        <dd className="min-w-0">
          <LinkedErrorLink
            slug={project.slug}
            linked={{ errorId: issue.errorId, sentryIssueId: issue.sentryIssueId, title: issue.error?.title ?? null }}
          />
        </dd>
      </dl>

      <section aria-label="Description" className="mt-4 rounded-lg border border-gray-200 bg-white px-4 py-2 shadow-sm">
        {issue.description.trim() === "" ? (
          <p className="my-3 text-sm text-gray-500">No description.</p>
        ) : (
          <IssueMarkdown source={issue.description} />
        )}
      </section>
    </main>
  );
}
