import { z } from "zod";
import { getDb } from "@/lib/db/client";
import type { IssueRecord } from "@/lib/db/issues";
import type { ErrorListQuery, ErrorSort, TrackedErrorSummary } from "@/lib/errors/backend";
import { Prisma, type ErrorStatus } from "@/lib/generated/prisma/client";

// The read side of tracked errors (the `errors` table) and their status. Ingestion writes
// them (lib/db/events.ts); the list, details and triage read and change them here.

/** A stored error: what the backends show (but the link, which they build) plus its project. */
export interface ErrorRecord extends Omit<TrackedErrorSummary, "externalUrl"> {
  projectId: number;
  resolvedAt: Date | null;
}

export interface EventRecord {
  eventId: string;
  occurredAt: Date;
  receivedAt: Date;
  release: string | null;
  environment: string | null;
  payload: Record<string, unknown>;
}


export const MAX_PER_PAGE = 100;

export type ListErrorsResult =
  | { ok: true; value: { errors: ErrorRecord[]; nextCursor: string | null } }
  | { ok: false; error: { kind: "invalid-cursor" } };

const record = {
  id: true,
  projectId: true,
  title: true,
  culprit: true,
  status: true,
  platform: true,
  level: true,
  eventsCount: true,
  usersCount: true,
  firstSeenAt: true,
  lastSeenAt: true,
  firstRelease: true,
  lastRelease: true,
  resolvedAt: true,
} as const;

type ErrorRow = Prisma.TrackedErrorGetPayload<{ select: typeof record }>;

function toRecord(row: ErrorRow): ErrorRecord {
  return { ...row, eventsCount: Number(row.eventsCount) };
}

const SORT_COLUMN = {
  last_seen: "lastSeenAt",
  first_seen: "firstSeenAt",
  frequency: "eventsCount",
} as const satisfies Record<ErrorSort, keyof ErrorRow>;

// The cursor is the last row's (sort value, id), base64url-encoded JSON. Opaque to callers;
// it names its sort so a cursor from another ordering is refused rather than misread.
const Cursor = z.object({ s: z.enum(["last_seen", "first_seen", "frequency"]), v: z.string(), i: z.number().int() });
type Cursor = z.infer<typeof Cursor>;

function encodeCursor(sort: ErrorSort, row: ErrorRecord): string {
  const value = sort === "frequency" ? String(row.eventsCount) : row[SORT_COLUMN[sort] as "lastSeenAt" | "firstSeenAt"].toISOString();
  return Buffer.from(JSON.stringify({ s: sort, v: value, i: row.id } satisfies Cursor)).toString("base64url");
}

function decodeCursor(sort: ErrorSort, cursor: string): Prisma.TrackedErrorWhereInput | null {
  let parsed: Cursor;
  try {
    const result = Cursor.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (!result.success || result.data.s !== sort) return null;
    parsed = result.data;
  } catch {
    return null;
  }
  if (sort === "frequency") {
    if (!/^\d+$/.test(parsed.v)) return null;
    const count = BigInt(parsed.v);
    return { OR: [{ eventsCount: { lt: count } }, { eventsCount: count, id: { lt: parsed.i } }] };
  }
  const at = new Date(parsed.v);
  if (Number.isNaN(at.getTime())) return null;
  const column = SORT_COLUMN[sort];
  return { OR: [{ [column]: { lt: at } }, { [column]: at, id: { lt: parsed.i } }] };
}

/** Newest (or most frequent) first; pages by keyset on (sort column, id), never by offset. */
export async function listErrors(projectId: number, query: ErrorListQuery): Promise<ListErrorsResult> {
  const after = query.cursor ? decodeCursor(query.sort, query.cursor) : {};
  if (after === null) return { ok: false, error: { kind: "invalid-cursor" } };
  const perPage = Math.min(Math.max(1, query.perPage), MAX_PER_PAGE);
  const search = query.search?.trim();
  const prisma = await getDb();
  const column = SORT_COLUMN[query.sort];
  const rows = await prisma.trackedError.findMany({
    where: {
      projectId,
      ...(query.status ? { status: query.status } : {}),
      // ILIKE: `%`, `_` and `\` in the search are meant literally.
      ...(search
        ? { searchTitle: { is: { title: { contains: search.replace(/[\\%_]/g, "\\$&"), mode: "insensitive" } } } }
        : {}),
      ...after,
    },
    orderBy: [{ [column]: "desc" }, { id: "desc" }],
    take: perPage + 1,
    select: record,
  });
  const errors = rows.slice(0, perPage).map(toRecord);
  const nextCursor = rows.length > perPage ? encodeCursor(query.sort, errors[errors.length - 1]!) : null;
  return { ok: true, value: { errors, nextCursor } };
}

export async function findError(
  projectId: number,
  errorId: number,
): Promise<(ErrorRecord & { issue: IssueRecord | null }) | null> {
  const prisma = await getDb();
  const row = await prisma.trackedError.findFirst({
    where: { id: errorId, projectId },
    select: { ...record, issue: true },
  });
  if (!row) return null;
  const { issue, ...error } = row;
  return { ...toRecord(error), issue };
}

/** The most recently stored event of an error, or null when it has none (or is not in the project). */
export async function findLatestEvent(projectId: number, errorId: number): Promise<EventRecord | null> {
  const prisma = await getDb();
  const row = await prisma.errorEvent.findFirst({
    where: { errorId, projectId },
    orderBy: { id: "desc" },
    select: { eventId: true, occurredAt: true, receivedAt: true, release: true, environment: true, payload: true },
  });
  if (!row) return null;
  const payload = row.payload !== null && typeof row.payload === "object" && !Array.isArray(row.payload) ? row.payload : {};
  return { ...row, payload: payload as Record<string, unknown> };
}

export type SetErrorStatusResult = { ok: true; value: ErrorRecord } | { ok: false; error: { kind: "not-found" } };

/**
 * Resolving records when and closes the linked issue, in one transaction; unresolving or
 * ignoring clears the resolution time (the issue stays as it is).
 */
export async function setErrorStatus(
  projectId: number,
  errorId: number,
  status: ErrorStatus,
  now: Date = new Date(),
): Promise<SetErrorStatusResult> {
  const prisma = await getDb();
  const resolving = status === "resolved";
  const [updated] = await prisma.$transaction([
    prisma.trackedError.updateMany({
      where: { id: errorId, projectId },
      data: { status, resolvedAt: resolving ? now : null },
    }),
    ...(resolving
      ? [
          prisma.issue.updateMany({
            where: { errorId, projectId, state: "opened" },
            data: { state: "closed", closedAt: now },
          }),
        ]
      : []),
  ]);
  if (updated.count === 0) return { ok: false, error: { kind: "not-found" } };
  const row = await prisma.trackedError.findFirst({ where: { id: errorId, projectId }, select: record });
  return row ? { ok: true, value: toRecord(row) } : { ok: false, error: { kind: "not-found" } };
}
