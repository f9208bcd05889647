import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { decodeEventPayload } from "@/lib/db/event-payload";
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

const SORT_SQL_COLUMN = {
  last_seen: Prisma.raw("e.last_seen_at"),
  first_seen: Prisma.raw("e.first_seen_at"),
  frequency: Prisma.raw("e.events_count"),
} as const satisfies Record<ErrorSort, Prisma.Sql>;

// The cursor is the last row's (sort value, id), base64url-encoded JSON. Opaque to callers;
// it names its sort so a cursor from another ordering is refused rather than misread.
const Cursor = z.object({ s: z.enum(["last_seen", "first_seen", "frequency"]), v: z.string(), i: z.number().int() });
type Cursor = z.infer<typeof Cursor>;

function encodeCursor(sort: ErrorSort, row: ErrorRecord): string {
  const value = sort === "frequency" ? String(row.eventsCount) : row[SORT_COLUMN[sort] as "lastSeenAt" | "firstSeenAt"].toISOString();
  return Buffer.from(JSON.stringify({ s: sort, v: value, i: row.id } satisfies Cursor)).toString("base64url");
}

/** The rows after the cursor's, as SQL; null for a cursor that is not one of ours. */
function rowsAfterCursor(sort: ErrorSort, cursor: string): Prisma.Sql | null {
  let parsed: Cursor;
  try {
    const result = Cursor.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (!result.success || result.data.s !== sort) return null;
    parsed = result.data;
  } catch {
    return null;
  }
  let value: bigint | Date;
  if (sort === "frequency") {
    if (!/^\d+$/.test(parsed.v)) return null;
    value = BigInt(parsed.v);
  } else {
    value = new Date(parsed.v);
    if (Number.isNaN(value.getTime())) return null;
  }
  const column = SORT_SQL_COLUMN[sort];
  return Prisma.sql`AND (${column} < ${value} OR (${column} = ${value} AND e.id < ${parsed.i}))`;
}

/**
 * Title contains the search, case-insensitively. The trigram index on `error_titles` finds the
 * candidates; the errors whose title changed since it was last copied there (noted in
 * `error_title_changes`, see lib/db/error-titles.ts) are candidates too; each candidate's own
 * title decides. Prisma cannot say "IN (… UNION ALL …)", hence SQL.
 */
function titleContains(search: string): Prisma.Sql {
  // ILIKE: `%`, `_` and `\` in the search are meant literally.
  const pattern = `%${search.replace(/[\\%_]/g, "\\$&")}%`;
  return Prisma.sql`AND e.title ILIKE ${pattern} AND e.id IN (
    SELECT t.error_id FROM error_titles t WHERE t.title ILIKE ${pattern}
    UNION ALL SELECT c.error_id FROM error_title_changes c)`;
}

interface ErrorSqlRow {
  id: number;
  project_id: number;
  title: string;
  culprit: string;
  status: ErrorStatus;
  platform: string | null;
  level: string | null;
  events_count: bigint;
  users_count: number;
  first_seen_at: Date;
  last_seen_at: Date;
  first_release: string | null;
  last_release: string | null;
  resolved_at: Date | null;
}

function fromSqlRow(row: ErrorSqlRow): ErrorRecord {
  return {
    id: row.id,
    projectId: row.project_id,
    title: row.title,
    culprit: row.culprit,
    status: row.status,
    platform: row.platform,
    level: row.level,
    eventsCount: Number(row.events_count),
    usersCount: row.users_count,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    firstRelease: row.first_release,
    lastRelease: row.last_release,
    resolvedAt: row.resolved_at,
  };
}

/** Newest (or most frequent) first; pages by keyset on (sort column, id), never by offset. */
export async function listErrors(projectId: number, query: ErrorListQuery): Promise<ListErrorsResult> {
  const after = query.cursor ? rowsAfterCursor(query.sort, query.cursor) : Prisma.empty;
  if (after === null) return { ok: false, error: { kind: "invalid-cursor" } };
  const perPage = Math.min(Math.max(1, query.perPage), MAX_PER_PAGE);
  const search = query.search?.trim();
  const column = SORT_SQL_COLUMN[query.sort];
  const prisma = await getDb();
  const rows = await prisma.$queryRaw<ErrorSqlRow[]>`
    SELECT e.id, e.project_id, e.title, e.culprit, e.status, e.platform, e.level, e.events_count, e.users_count,
      e.first_seen_at, e.last_seen_at, e.first_release, e.last_release, e.resolved_at
    FROM errors e
    WHERE e.project_id = ${projectId}
    ${query.status ? Prisma.sql`AND e.status = ${query.status}::"ErrorStatus"` : Prisma.empty}
    ${search ? titleContains(search) : Prisma.empty}
    ${after}
    ORDER BY ${column} DESC, e.id DESC
    LIMIT ${perPage + 1}`;
  const errors = rows.slice(0, perPage).map(fromSqlRow);
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
  return { ...row, payload: decodeEventPayload(row.payload) };
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
