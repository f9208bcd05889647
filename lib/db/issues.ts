import { getDb } from "@/lib/db/client";
import { Prisma, type IssueState } from "@/lib/generated/prisma/client";

// Built-in issues. Each project numbers its issues 1, 2, 3… (`iid`); an error links to at
// most one issue (unique `error_id`).

export interface IssueRecord {
  id: number;
  projectId: number;
  iid: number;
  title: string;
  description: string;
  state: IssueState;
  authorId: number | null;
  errorId: number | null;
  sentryIssueId: string | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The project's next iid; the caller holds the lock on the project's row. */
async function insertNumberedIssue(
  tx: Prisma.TransactionClient,
  input: { projectId: number; authorId: number | null; title: string; description: string } & (
    | { errorId: number }
    | { sentryIssueId: string }
  ),
): Promise<IssueRecord> {
  const { _max } = await tx.issue.aggregate({ where: { projectId: input.projectId }, _max: { iid: true } });
  return tx.issue.create({
    data: {
      projectId: input.projectId,
      iid: (_max.iid ?? 0) + 1,
      title: input.title.slice(0, 255),
      description: input.description,
      authorId: input.authorId,
      errorId: "errorId" in input ? input.errorId : null,
      sentryIssueId: "sentryIssueId" in input ? input.sentryIssueId : null,
    },
  });
}

export type CreateIssueForErrorResult =
  | { ok: true; value: { issue: IssueRecord; created: boolean } }
  | { ok: false; error: { kind: "not-found" } };

/**
 * Creates the issue linked to an error, or returns the one already linked (`created: false`).
 * The next iid is taken under a lock on the project's row, so concurrent creations in one
 * project get consecutive numbers instead of colliding.
 */
export async function createIssueForError(input: {
  projectId: number;
  errorId: number;
  authorId: number | null;
  title: string;
  description: string;
}): Promise<CreateIssueForErrorResult> {
  const prisma = await getDb();
  try {
    return await prisma.$transaction(async (tx): Promise<CreateIssueForErrorResult> => {
      await tx.$queryRaw`SELECT id FROM projects WHERE id = ${input.projectId} FOR UPDATE`;
      const error = await tx.trackedError.findFirst({
        where: { id: input.errorId, projectId: input.projectId },
        select: { id: true, issue: true },
      });
      if (!error) return { ok: false, error: { kind: "not-found" } };
      if (error.issue) return { ok: true, value: { issue: error.issue, created: false } };
      const issue = await insertNumberedIssue(tx, input);
      return { ok: true, value: { issue, created: true } };
    });
  } catch (error) {
    // Another process linked an issue to this error between our read and our insert.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const existing = await findIssueForError(input.projectId, input.errorId);
      if (existing) return { ok: true, value: { issue: existing, created: false } };
    }
    throw error;
  }
}

export async function findIssueForError(projectId: number, errorId: number): Promise<IssueRecord | null> {
  const prisma = await getDb();
  return prisma.issue.findFirst({ where: { projectId, errorId } });
}

/** An issue as its page shows it: who opened it and which error it tracks. */
export interface IssueDetails extends IssueRecord {
  author: { name: string | null; email: string } | null;
  /** The linked integrated error, when it still exists. */
  error: { id: number; title: string } | null;
}

const issueDetailsInclude = {
  author: { select: { name: true, email: true } },
  error: { select: { id: true, title: true } },
} as const;

export type IssueStateFilter = IssueState | "all";

/** One page of a project's issues, newest first; `hasMore` when another page follows. */
export async function listIssues(
  projectId: number,
  query: { state: IssueStateFilter; offset: number; limit: number },
): Promise<{ issues: IssueDetails[]; hasMore: boolean }> {
  const prisma = await getDb();
  const rows = await prisma.issue.findMany({
    where: { projectId, ...(query.state === "all" ? {} : { state: query.state }) },
    orderBy: { iid: "desc" },
    skip: query.offset,
    take: query.limit + 1,
    include: issueDetailsInclude,
  });
  return { issues: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
}

/** How many issues a project has in each state, for the list's tabs. */
export async function countIssuesByState(projectId: number): Promise<Record<IssueState, number>> {
  const prisma = await getDb();
  const groups = await prisma.issue.groupBy({ by: ["state"], where: { projectId }, _count: { _all: true } });
  const counts: Record<IssueState, number> = { opened: 0, closed: 0 };
  for (const group of groups) counts[group.state] = group._count._all;
  return counts;
}

export async function findIssueByIid(projectId: number, iid: number): Promise<IssueDetails | null> {
  const prisma = await getDb();
  return prisma.issue.findUnique({ where: { projectId_iid: { projectId, iid } }, include: issueDetailsInclude });
}

export type IssueStateChangeResult = { ok: true; value: IssueRecord } | { ok: false; error: { kind: "not-found" } };

/** Closes the issue; closing a closed one changes nothing (it keeps its first closing time). */
export async function closeIssue(projectId: number, iid: number): Promise<IssueStateChangeResult> {
  return changeIssueState(projectId, iid, { state: "closed", closedAt: new Date() });
}

/** Reopens the issue; reopening an open one changes nothing. */
export async function reopenIssue(projectId: number, iid: number): Promise<IssueStateChangeResult> {
  return changeIssueState(projectId, iid, { state: "opened", closedAt: null });
}

async function changeIssueState(
  projectId: number,
  iid: number,
  change: { state: IssueState; closedAt: Date | null },
): Promise<IssueStateChangeResult> {
  const prisma = await getDb();
  await prisma.issue.updateMany({ where: { projectId, iid, state: { not: change.state } }, data: change });
  const issue = await prisma.issue.findUnique({ where: { projectId_iid: { projectId, iid } } });
  return issue ? { ok: true, value: issue } : { ok: false, error: { kind: "not-found" } };
}

/**
 * Creates the issue linked to a Sentry issue (Sentry backend mode), or returns the one already
 * linked (`created: false`). Same numbering as `createIssueForError`; one issue per Sentry
 * issue per project (unique `project_id, sentry_issue_id`).
 */
export async function createIssueForSentryIssue(input: {
  projectId: number;
  sentryIssueId: string;
  authorId: number | null;
  title: string;
  description: string;
}): Promise<{ issue: IssueRecord; created: boolean }> {
  const prisma = await getDb();
  try {
    return await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM projects WHERE id = ${input.projectId} FOR UPDATE`;
      const existing = await tx.issue.findFirst({ where: { projectId: input.projectId, sentryIssueId: input.sentryIssueId } });
      if (existing) return { issue: existing, created: false };
      const issue = await insertNumberedIssue(tx, input);
      return { issue, created: true };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const existing = await findIssueForSentryIssue(input.projectId, input.sentryIssueId);
      if (existing) return { issue: existing, created: false };
    }
    throw error;
  }
}

export async function findIssueForSentryIssue(projectId: number, sentryIssueId: string): Promise<IssueRecord | null> {
  const prisma = await getDb();
  return prisma.issue.findFirst({ where: { projectId, sentryIssueId } });
}

/** Closes the open issue linked to a Sentry issue, as resolving the error does (SPEC §6). */
export async function closeIssueForSentryIssue(projectId: number, sentryIssueId: string): Promise<void> {
  const prisma = await getDb();
  await prisma.issue.updateMany({
    where: { projectId, sentryIssueId, state: "opened" },
    data: { state: "closed", closedAt: new Date() },
  });
}
