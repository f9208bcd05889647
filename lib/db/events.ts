import { createHash } from "node:crypto";
import { ProjectGoneError } from "@/lib/ingest/runtime";
import type { StoredEvent } from "@/lib/ingest/store-event";
import type { Database, DbKind } from "./client";
import { encodeEventPayload } from "./event-payload";
import { runSqlStatement } from "./sql-statement";

// The ingestion hot path: many requests' events written by ONE statement, so one round trip
// and one implicit transaction per batch. Each statement costs 1–3 ms of fixed overhead
// on PGlite and a round trip on PostgreSQL, which is most of a small batch's cost. The
// upsert's ON CONFLICT, taken in grouping-key order, keeps grouping and counts exact when
// several processes share one database.

/** Grouping keys and user keys are stored as SHA-256: fixed width for the indexes, and no
 *  user's id or email copied into `error_users`. */
function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

// The statement itself is the function `write_event_batch` (see its migration), so that the
// embedded database keeps its plan instead of planning it for every batch.
const WRITE_EVENTS = "SELECT write_event_batch($1::json, $2::bytea)";

/** An event as the batch write takes it: its row's fields, and its payload already encoded. */
export interface PreparedEvent {
  row: {
    project_id: number;
    event_id: string;
    fingerprint: string;
    occurred_at: string;
    release: string | null;
    environment: string | null;
    user_key: string | null;
    title: string;
    culprit: string;
    platform: string;
    level: string;
  };
  payload: Buffer;
}

/**
 * Done as each request arrives rather than when its batch is written: the work spreads evenly
 * instead of delaying every batch, and a waiting event holds a few compressed kilobytes instead
 * of its parsed payload (tens of times larger, and long-lived enough to fill the old heap).
 */
export function prepareEvent({ projectId, event }: StoredEvent, database: DbKind): PreparedEvent {
  return {
    row: {
      project_id: projectId,
      event_id: event.eventId,
      fingerprint: sha256Hex(event.groupingKey),
      occurred_at: event.occurredAt.toISOString(),
      release: event.release,
      environment: event.environment,
      user_key: event.userKey === null ? null : sha256Hex(event.userKey),
      title: event.title,
      culprit: event.culprit,
      platform: event.platform,
      level: event.level,
    },
    payload: encodeEventPayload(event.payload, database),
  };
}

/** Writes a batch; resolves once it is committed. */
export function writeEventBatch(db: Database, batch: StoredEvent[]): Promise<void> {
  return writePreparedEvents(db, batch.map((event) => prepareEvent(event, db.kind)));
}

/** Writes prepared events as one batch; resolves once it is committed. */
export async function writePreparedEvents(db: Database, batch: PreparedEvent[]): Promise<void> {
  if (batch.length === 0) return;
  // The payloads travel side by side in one binary parameter, each row naming its slice: the
  // database copies them as they are, where as text inside the JSON it would scan every byte.
  const events = dedupeWithinBatch(batch);
  let payloadStart = 1;
  const rows = events.map(({ row, payload }) => {
    payloadStart += payload.length;
    return { ...row, payload_start: payloadStart - payload.length, payload_length: payload.length };
  });
  try {
    await runSqlStatement(db, "faultline_write_events", WRITE_EVENTS, [
      replaceUnstorableEscapes(JSON.stringify(rows)),
      Buffer.concat(events.map((event) => event.payload)),
    ]);
  } catch (cause) {
    throw await explainFailedWrite(db, rows, cause);
  }
}

const FOREIGN_KEY_VIOLATION = "23503";

/**
 * A batch of one project's events that a foreign key refused, when that project is gone (deleted
 * after its key let them in), fails as ProjectGoneError. A batch of several projects fails as it
 * is; the sink then writes each request's events alone, and each gets its own answer.
 */
async function explainFailedWrite(db: Database, rows: Array<{ project_id: number }>, cause: unknown): Promise<unknown> {
  const projects = new Set(rows.map((row) => row.project_id));
  if ((cause as { code?: unknown }).code !== FOREIGN_KEY_VIOLATION || projects.size !== 1) return cause;
  const [projectId] = projects;
  const found = await runSqlStatement(db, "faultline_project_exists", "SELECT 1 FROM projects WHERE id = $1", [projectId]);
  return found.length === 0 ? new ProjectGoneError(projectId) : cause;
}

/**
 * PostgreSQL cannot hold NUL in text, nor half a surrogate pair, and refuses the JSON escapes
 * of both; in the text columns they become U+FFFD (the payload travels as bytes and keeps
 * them). JSON.stringify writes a lone surrogate as an escape (a whole pair as the character
 * itself), and an escaped backslash before `u` is no escape, hence the count of backslashes.
 */
function replaceUnstorableEscapes(json: string): string {
  return json.replace(/(?<!\\)((?:\\\\)*)\\u(?:0000|d[89a-f][0-9a-f]{2})/gi, "$1\\ufffd");
}

function dedupeWithinBatch(batch: PreparedEvent[]): PreparedEvent[] {
  const seen = new Set<string>();
  return batch.filter(({ row }) => {
    const key = `${row.project_id}:${row.event_id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
