import { createHash } from "node:crypto";
import type { NormalizedEvent } from "@/lib/ingest/types";
import type { Database } from "./client";
import { runSqlTransaction, type SqlTransaction } from "./sql-transaction";

// The ingestion hot path: many requests' events written in one transaction. Hand-written SQL
// because every statement here is one round trip for a whole batch, and the upsert's
// ON CONFLICT is what keeps grouping and counts exact when several processes share a database.

export interface EventToStore {
  projectId: number;
  event: NormalizedEvent;
}

interface Group {
  projectId: number;
  fingerprint: string;
  count: number;
  firstSeen: NormalizedEvent;
  lastSeen: NormalizedEvent;
  firstRelease: string | null;
  lastRelease: string | null;
}

interface UpsertedError {
  id: number;
  project_id: number;
  fingerprint: string;
  regressed_by_event_id: string | null;
}

export function hashGroupingKey(groupingKey: string): string {
  return createHash("sha256").update(groupingKey).digest("hex");
}

export async function writeEventBatch(db: Database, batch: EventToStore[]): Promise<void> {
  if (batch.length === 0) return;
  await runSqlTransaction(db, async (tx) => {
    const fresh = await dropStoredEvents(tx, dedupeWithinBatch(batch));
    if (fresh.length === 0) return;
    const groups = groupEvents(fresh);
    const errors = await upsertErrors(tx, groups);
    const errorIdOf = (item: EventToStore) =>
      errors.get(groupKey(item.projectId, hashGroupingKey(item.event.groupingKey)))!.id;
    await insertEvents(tx, fresh, errorIdOf);
    await countNewUsers(tx, fresh, errorIdOf);
    await recordRegressions(tx, groups, errors);
  });
}

function dedupeWithinBatch(batch: EventToStore[]): EventToStore[] {
  const seen = new Set<string>();
  return batch.filter((item) => {
    const key = `${item.projectId}:${item.event.eventId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** SDKs resend an event when an answer is lost; a stored event id must not count twice. */
async function dropStoredEvents(tx: SqlTransaction, batch: EventToStore[]): Promise<EventToStore[]> {
  const params: unknown[] = [];
  const keys = batch.map((item) => {
    params.push(item.projectId, item.event.eventId);
    return `($${params.length - 1}::int, $${params.length}::uuid)`;
  });
  const stored = await tx.query<{ project_id: number; event_id: string }>(
    `SELECT e.project_id, replace(e.event_id::text, '-', '') AS event_id
       FROM events e JOIN (VALUES ${keys.join(", ")}) AS k(project_id, event_id)
         ON e.project_id = k.project_id AND e.event_id = k.event_id`,
    params,
  );
  if (stored.length === 0) return batch;
  const storedKeys = new Set(stored.map((row) => `${row.project_id}:${row.event_id}`));
  return batch.filter((item) => !storedKeys.has(`${item.projectId}:${item.event.eventId}`));
}

const groupKey = (projectId: number, fingerprint: string) => `${projectId}:${fingerprint}`;

function groupEvents(batch: EventToStore[]): Group[] {
  const groups = new Map<string, Group>();
  for (const { projectId, event } of batch) {
    const fingerprint = hashGroupingKey(event.groupingKey);
    const key = groupKey(projectId, fingerprint);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, {
        projectId,
        fingerprint,
        count: 1,
        firstSeen: event,
        lastSeen: event,
        firstRelease: event.release,
        lastRelease: event.release,
      });
      continue;
    }
    group.count += 1;
    if (event.occurredAt < group.firstSeen.occurredAt) {
      group.firstSeen = event;
      group.firstRelease = event.release ?? group.firstRelease;
    }
    if (event.occurredAt >= group.lastSeen.occurredAt) {
      group.lastSeen = event;
      group.lastRelease = event.release ?? group.lastRelease;
    }
  }
  // One lock order for every process: rows are upserted sorted by their unique key.
  return [...groups.values()].sort(
    (a, b) => a.projectId - b.projectId || (a.fingerprint < b.fingerprint ? -1 : 1),
  );
}

async function upsertErrors(tx: SqlTransaction, groups: Group[]): Promise<Map<string, UpsertedError>> {
  const params: unknown[] = [];
  const rows = groups.map((g) => {
    const at = params.length;
    params.push(
      g.projectId,
      g.fingerprint,
      g.lastSeen.title,
      g.lastSeen.culprit,
      g.lastSeen.platform,
      g.lastSeen.level,
      g.count,
      g.firstSeen.occurredAt.toISOString(),
      g.lastSeen.occurredAt.toISOString(),
      g.firstRelease,
      g.lastRelease,
      g.lastSeen.eventId,
    );
    const p = (n: number) => `$${at + n}`;
    return `(${p(1)}::int, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}::bigint, ${p(8)}::timestamptz, ${p(9)}::timestamptz, ${p(10)}, ${p(11)}, ${p(12)}::uuid)`;
  });
  const upserted = await tx.query<UpsertedError>(
    `INSERT INTO errors AS e (project_id, fingerprint, title, culprit, platform, level, events_count,
        first_seen_at, last_seen_at, first_release, last_release, last_event_id)
     VALUES ${rows.join(", ")}
     ON CONFLICT (project_id, fingerprint) DO UPDATE SET
       events_count = e.events_count + EXCLUDED.events_count,
       first_seen_at = LEAST(e.first_seen_at, EXCLUDED.first_seen_at),
       last_seen_at = GREATEST(e.last_seen_at, EXCLUDED.last_seen_at),
       title = CASE WHEN EXCLUDED.last_seen_at >= e.last_seen_at THEN EXCLUDED.title ELSE e.title END,
       culprit = CASE WHEN EXCLUDED.last_seen_at >= e.last_seen_at THEN EXCLUDED.culprit ELSE e.culprit END,
       level = CASE WHEN EXCLUDED.last_seen_at >= e.last_seen_at THEN EXCLUDED.level ELSE e.level END,
       last_event_id = CASE WHEN EXCLUDED.last_seen_at >= e.last_seen_at THEN EXCLUDED.last_event_id ELSE e.last_event_id END,
       first_release = COALESCE(e.first_release, EXCLUDED.first_release),
       last_release = COALESCE(EXCLUDED.last_release, e.last_release),
       status = CASE WHEN e.status = 'resolved' THEN 'unresolved' ELSE e.status END,
       resolved_at = CASE WHEN e.status = 'resolved' THEN NULL ELSE e.resolved_at END,
       regressed_by_event_id = CASE WHEN e.status = 'resolved' THEN EXCLUDED.last_event_id ELSE e.regressed_by_event_id END
     RETURNING id, project_id, fingerprint, replace(regressed_by_event_id::text, '-', '') AS regressed_by_event_id`,
    params,
  );
  return new Map(upserted.map((row) => [groupKey(row.project_id, row.fingerprint), row]));
}

async function insertEvents(tx: SqlTransaction, batch: EventToStore[], errorIdOf: (item: EventToStore) => number) {
  const params: unknown[] = [];
  const rows = batch.map((item) => {
    const at = params.length;
    const { event } = item;
    params.push(
      item.projectId,
      errorIdOf(item),
      event.eventId,
      event.occurredAt.toISOString(),
      event.release,
      event.environment,
      JSON.stringify(event.payload),
    );
    const p = (n: number) => `$${at + n}`;
    return `(${p(1)}::int, ${p(2)}::int, ${p(3)}::uuid, ${p(4)}::timestamptz, ${p(5)}, ${p(6)}, ${p(7)}::json)`;
  });
  await tx.query(
    `INSERT INTO events (project_id, error_id, event_id, occurred_at, release, environment, payload)
     VALUES ${rows.join(", ")}
     ON CONFLICT (project_id, event_id) DO NOTHING`,
    params,
  );
}

async function countNewUsers(tx: SqlTransaction, batch: EventToStore[], errorIdOf: (item: EventToStore) => number) {
  const pairs = new Map<string, [number, string]>();
  for (const item of batch) {
    if (item.event.userKey === null) continue;
    const errorId = errorIdOf(item);
    pairs.set(`${errorId}\u0000${item.event.userKey}`, [errorId, item.event.userKey]);
  }
  if (pairs.size === 0) return;
  const params: unknown[] = [];
  const rows = [...pairs.values()].map(([errorId, userKey]) => {
    params.push(errorId, userKey);
    return `($${params.length - 1}::int, $${params.length})`;
  });
  const added = await tx.query<{ error_id: number }>(
    `INSERT INTO error_users (error_id, user_key) VALUES ${rows.join(", ")}
     ON CONFLICT DO NOTHING RETURNING error_id`,
    params,
  );
  if (added.length === 0) return;
  const perError = new Map<number, number>();
  for (const { error_id } of added) perError.set(error_id, (perError.get(error_id) ?? 0) + 1);
  const counts: unknown[] = [];
  const values = [...perError].map(([errorId, n]) => {
    counts.push(errorId, n);
    return `($${counts.length - 1}::int, $${counts.length}::int)`;
  });
  await tx.query(
    `UPDATE errors SET users_count = users_count + v.n FROM (VALUES ${values.join(", ")}) AS v(id, n) WHERE errors.id = v.id`,
    counts,
  );
}

async function recordRegressions(tx: SqlTransaction, groups: Group[], errors: Map<string, UpsertedError>) {
  const params: unknown[] = [];
  const rows: string[] = [];
  for (const group of groups) {
    const error = errors.get(groupKey(group.projectId, group.fingerprint))!;
    if (error.regressed_by_event_id !== group.lastSeen.eventId) continue;
    params.push(group.projectId, error.id, group.lastSeen.eventId, group.lastSeen.release);
    const at = params.length - 4;
    rows.push(`($${at + 1}::int, $${at + 2}::int, $${at + 3}::uuid, $${at + 4})`);
  }
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO regressions (project_id, error_id, event_id, release) VALUES ${rows.join(", ")}`,
    params,
  );
}
