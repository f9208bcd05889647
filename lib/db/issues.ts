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
      const { _max } = await tx.issue.aggregate({ where: { projectId: input.projectId }, _max: { iid: true } });
      const issue = await tx.issue.create({
        data: {
          projectId: input.projectId,
          iid: (_max.iid ?? 0) + 1,
          title: input.title.slice(0, 255),
          description: input.description,
          authorId: input.authorId,
          errorId: input.errorId,
        },
      });
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
