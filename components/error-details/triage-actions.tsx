import Link from "next/link";
import type { ErrorStatus, IssueSummary } from "@/lib/errors/backend";
import { createIssue, ignoreError, resolveError, unresolveError } from "@/app/(signed-in)/projects/[slug]/error-tracking/actions";
import { buttonClasses } from "@/components/ui/button";
import { TriageButton } from "@/components/error-details/triage-button";

// The details page's actions: the status changes that apply to the current status, and
// "Create issue", which becomes "View issue" once an issue is linked. Only Developer+ get the
// buttons (`canTriage`); the actions check again on the server.

export function TriageActions({
  slug,
  errorId,
  status,
  issue,
  canTriage,
}: {
  slug: string;
  errorId: number;
  status: ErrorStatus;
  issue: IssueSummary | null;
  canTriage: boolean;
}) {
  const issueHref = issue ? `/projects/${encodeURIComponent(slug)}/issues/${issue.iid}` : null;
  if (!canTriage && !issueHref) return null;
  return (
    <div className="flex flex-wrap items-start gap-2">
      {canTriage && status !== "resolved" ? (
        <TriageButton key="resolve" action={resolveError} slug={slug} errorId={errorId} label="Resolve" variant="primary" />
      ) : null}
      {canTriage && status !== "unresolved" ? (
        <TriageButton key="unresolve" action={unresolveError} slug={slug} errorId={errorId} label="Unresolve" />
      ) : null}
      {canTriage && status !== "ignored" ? (
        <TriageButton key="ignore" action={ignoreError} slug={slug} errorId={errorId} label="Ignore" />
      ) : null}
      {issueHref ? (
        <Link href={issueHref} className={buttonClasses("secondary")}>
          View issue
        </Link>
      ) : canTriage ? (
        <TriageButton key="create-issue" action={createIssue} slug={slug} errorId={errorId} label="Create issue" />
      ) : null}
    </div>
  );
}
