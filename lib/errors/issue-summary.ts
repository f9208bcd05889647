import type { IssueSummary } from "@/lib/errors/backend";
import type { IssueRecord } from "@/lib/db/issues";

/** A built-in issue as both backends return it; `projectUrl` is the project's page base. */
export function toIssueSummary(issue: IssueRecord, projectUrl: string): IssueSummary {
  return {
    id: issue.id,
    iid: issue.iid,
    projectId: issue.projectId,
    title: issue.title,
    description: issue.description,
    state: issue.state,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    closedAt: issue.closedAt,
    webUrl: `${projectUrl}/issues/${issue.iid}`,
  };
}
