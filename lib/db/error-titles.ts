import type { Database } from "./client";
import { runSqlStatement } from "./sql-statement";

// `error_titles` (the list's trigram-indexed search copy of each title) is brought up to date
// from `error_title_changes`, which a trigger fills whenever an error's title is new or changed.
// Copying in bulk about once a second, rather than on every change, spares ingestion the
// trigram index's ~30 entries per event when each event of an error brings a new message.
// The search itself is exact meanwhile: it reads the live title of every error still listed.

/** At most this many errors per statement, so one copy never holds many rows for long. */
const COPY_CHUNK = 2_000;

// The error rows are locked first, in the order ingestion's upsert locks them (project,
// fingerprint), so a copy and a batch never wait on each other in a cycle. Holding an error's
// row lock, the copy reads its latest title, and no batch can change that title before the
// noted change is deleted: a change made after the lock is released is noted afresh.
const COPY_CHANGED_TITLES = `
WITH locked AS MATERIALIZED (
  SELECT e.id, e.title FROM errors e
  WHERE e.id IN (SELECT error_id FROM error_title_changes LIMIT ${COPY_CHUNK})
  ORDER BY e.project_id, e.fingerprint
  FOR UPDATE OF e
),
drained AS (
  DELETE FROM error_title_changes c USING locked l WHERE c.error_id = l.id RETURNING c.error_id
),
copied AS (
  INSERT INTO error_titles AS t (error_id, title)
  SELECT l.id, l.title FROM locked l JOIN drained d ON d.error_id = l.id
  ON CONFLICT (error_id) DO UPDATE SET title = EXCLUDED.title WHERE t.title IS DISTINCT FROM EXCLUDED.title
)
SELECT count(*)::int AS drained FROM drained`;

/** Copies every noted title change into `error_titles`; returns how many errors it took. */
export async function copyChangedTitles(db: Database): Promise<number> {
  let total = 0;
  for (;;) {
    const [{ drained }] = await runSqlStatement<{ drained: number }>(db, "faultline_copy_titles", COPY_CHANGED_TITLES, []);
    total += drained;
    if (drained < COPY_CHUNK) return total;
  }
}

export interface TitleCopier {
  /** After a write that may have changed titles: a copy runs within `delayMs`. */
  afterWrite(): void;
}

/**
 * At most one copy pending at a time. `database()` is asked when the copy runs and may say
 * there is none (closed meanwhile): then nothing is copied, and nothing is lost, the changes
 * stay noted for the next copy.
 */
export function createTitleCopier(
  database: () => Database | undefined,
  onFailure: (cause: unknown) => void,
  delayMs = 1_000,
): TitleCopier {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = async () => {
    timer = undefined;
    const db = database();
    try {
      if (db) await copyChangedTitles(db);
    } catch (cause) {
      onFailure(cause);
    }
  };
  return {
    afterWrite() {
      if (timer) return;
      timer = setTimeout(() => void run(), delayMs);
      (timer as { unref?: () => void }).unref?.();
    },
  };
}
