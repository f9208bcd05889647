import type { PGlite } from "@electric-sql/pglite";
import { checkpointIfDue } from "./embedded-checkpoints";

// PGlite runs PostgreSQL as one standalone backend, without autovacuum or a checkpointer.
// Without autovacuum the planner never gets statistics (so it misses, say, the trigram index
// behind the error list's search) and the old row versions every event leaves on its error are
// never reclaimed; without checkpoints the WAL is never recycled (embedded-checkpoints.ts).
// The owner of a data dir's database does that work itself. PostgreSQL does its own.

const FIRST_RUN_MS = 60_000;
const EVERY_MS = 10 * 60_000;
const CHECKPOINT_POLL_MS = 15_000;

/** Starts the routines on the embedded database of a data dir; returns how to stop them. */
export function maintainEmbeddedDatabase(pglite: PGlite): () => void {
  const report = (what: string) => (error: unknown) => {
    console.error(`[db] ${what} failed: ${error instanceof Error ? error.message : typeof error}`);
  };
  const run = () => runEmbeddedMaintenance(pglite).catch(report("maintenance"));
  // Logged as PostgreSQL logs its checkpoints: each holds the embedded database for its duration.
  const checkpoint = () =>
    checkpointIfDue(pglite)
      .then((done) => {
        if (done) console.log(`[db] checkpoint after ${(done.walBytes / 2 ** 20).toFixed(0)} MB of WAL took ${done.durationMs.toFixed(0)} ms`);
      })
      .catch(report("checkpoint"));
  const timers = [setTimeout(() => void run(), FIRST_RUN_MS), setInterval(() => void run(), EVERY_MS), setInterval(() => void checkpoint(), CHECKPOINT_POLL_MS)];
  for (const timer of timers) timer.unref();
  return () => {
    for (const timer of timers) clearTimeout(timer);
  };
}

/** The tables every event rewrites, the list's search reads, or the title copy empties as a
 *  queue; events only grow, and its ANALYZE over a million payloads would hold the database
 *  for seconds. */
export async function runEmbeddedMaintenance(pglite: PGlite): Promise<void> {
  // Separate calls: VACUUM may not share a multi-statement query's implicit transaction.
  await pglite.exec("VACUUM (ANALYZE) errors");
  await pglite.exec("VACUUM (ANALYZE) error_titles");
  await pglite.exec("VACUUM (ANALYZE) error_title_changes");
}
