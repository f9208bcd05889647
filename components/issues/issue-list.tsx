import Link from "next/link";
import type { IssueDetails, IssueStateFilter } from "@/lib/db/issues";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { IssueStateBadge } from "@/components/issues/issue-state-badge";
import { LinkedErrorLink } from "@/components/issues/linked-error-link";

// One row per issue: title (to its page), number, when and by whom, state, linked error.

const EMPTY: Record<IssueStateFilter, string> = {
  opened: "No open issues",
  closed: "No closed issues",
  all: "No issues yet",
};

export function IssueList({ slug, issues, now, state }: { slug: string; issues: IssueDetails[]; now: number; state: IssueStateFilter }) {
  if (issues.length === 0) {
    return (
      <div className="mt-4">
        <EmptyState title={EMPTY[state]}>Create an issue from an error&apos;s page to track the work on it.</EmptyState>
      </div>
    );
  }
  const base = `/projects/${encodeURIComponent(slug)}/issues`;
  return (
    <ul className="mt-4 divide-y divide-gray-200 rounded-lg border border-gray-200 bg-white shadow-sm">
      {issues.map((issue) => (
        <li key={issue.id} className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0">
            <Link href={`${base}/${issue.iid}`} className="font-medium break-words text-gray-900 hover:text-blue-700 hover:underline">
              {issue.title}
            </Link>
            <p className="mt-1 text-xs text-gray-600">
              #{issue.iid} opened <RelativeTime date={issue.createdAt} now={now} />
              {issue.author ? ` by ${issue.author.name ?? issue.author.email}` : null}
              {issue.state === "closed" && issue.closedAt ? (
                <>
                  {" "}
                  · closed <RelativeTime date={issue.closedAt} now={now} />
                </>
              ) : null}
            </p>
            {issue.errorId !== null || issue.sentryIssueId !== null ? (
              <p className="mt-1 text-xs text-gray-600">
                Error:{" "}
                <LinkedErrorLink
                  slug={slug}
                  linked={{ errorId: issue.errorId, sentryIssueId: issue.sentryIssueId, title: issue.error?.title ?? null }}
                />
              </p>
            ) : null}
          </div>
          <div className="shrink-0">
            <IssueStateBadge state={issue.state} />
          </div>
        </li>
      ))}
    </ul>
  );
}
