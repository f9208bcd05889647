import type { Database } from "./client";
import { runSqlStatement } from "./sql-statement";

// `error_titles` (the list's trigram-indexed search copy of each title) is brought up to date
// from `error_title_changes`, which a trigger fills whenever an error's title is new or changed.
// Copying in bulk about once a second, rather than on every change, spares ingestion the
// trigram index's ~30 entries per event when each event of an error brings a new message.
// The search itself is exact meanwhile: it reads the live title of every error still listed.

/** At most this many errors per statement: the embedded database runs one statement at a
 *  time, and a batch waits behind each. A title costs it a fraction of a millisecond through
 *  the trigram index's pending list, and a statement that merges the full list some 20 ms. */
const COPY_CHUNK = 10;

// A copy takes two statements. The first copies the noted errors' titles as it reads them,
// locking nothing that ingestion writes, so the trigram index's work never holds up a batch.
const COPY_NOTED_TITLES = `
WITH noted AS MATERIALIZED (
  SELECT error_id FROM error_title_changes WHERE error_id > $1 ORDER BY error_id LIMIT ${COPY_CHUNK}
),
copied AS (
  INSERT INTO error_titles AS t (error_id, title)
  SELECT e.id, e.title FROM errors e JOIN noted n ON n.error_id = e.id ORDER BY e.id
  ON CONFLICT (error_id) DO UPDATE SET title = EXCLUDED.title WHERE t.title IS DISTINCT FROM EXCLUDED.title
)
SELECT coalesce(array_agg(error_id ORDER BY error_id), '{}') AS ids FROM noted`;

// The second forgets a noted change only where the copy holds the error's latest title, read
// under the error's row lock: no batch can change it between that check and the delete, and a
// change after it is noted afresh. Rows a batch holds are skipped (their notes stay for the
// next copy), so a copy never waits for a batch, and a batch waits at most for this statement.
const FORGET_COPIED_CHANGES = `
WITH locked AS MATERIALIZED (
  SELECT e.id, e.title FROM errors e
  WHERE e.id = ANY($1::int[])
  ORDER BY e.project_id, e.fingerprint
  FOR UPDATE OF e SKIP LOCKED
)
DELETE FROM error_title_changes c USING locked l, error_titles t
WHERE c.error_id = l.id AND t.error_id = l.id AND t.title = l.title`;

/** Copies every noted title change into `error_titles`; returns how many noted errors it read. */
export async function copyChangedTitles(db: Database): Promise<number> {
  let total = 0;
  // Each noted error is read once per copy, even while batches keep changing its title.
  let after = 0;
  for (;;) {
    const [{ ids }] = await runSqlStatement<{ ids: number[] }>(db, "faultline_copy_titles", COPY_NOTED_TITLES, [after]);
    if (ids.length > 0) await runSqlStatement(db, "faultline_forget_copied_titles", FORGET_COPIED_CHANGES, [ids]);
    total += ids.length;
    if (ids.length < COPY_CHUNK) return total;
    after = ids[ids.length - 1];
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
