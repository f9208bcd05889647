import type { PGlite } from "@electric-sql/pglite";
import { checkpointIfDue } from "./embedded-checkpoints";
import { DEFAULT_VACUUM_POLICY, vacuumWhereDue } from "./embedded-vacuum";
import { prepareWalSegments } from "./embedded-wal-segments";

// PGlite runs PostgreSQL as one standalone backend, without autovacuum or a checkpointer. The
// owner of a data dir's database does their work itself (embedded-vacuum.ts,
// embedded-checkpoints.ts, embedded-wal-segments.ts), polling as often as they would.
// PostgreSQL does its own.

/** autovacuum_naptime's default. */
const VACUUM_POLL_MS = 60_000;
const CHECKPOINT_POLL_MS = 15_000;
/** A segment holds 16 MB of WAL: some 5.5 s of 4 KB events at 1,000/s, half that at the fastest. */
const WAL_SEGMENTS_POLL_MS = 1_000;
/** A table's maintenance that held the embedded database this long is worth a line in the log. */
const LOGGED_VACUUM_MS = 1_000;

/** Starts the routines on the embedded database of a data dir; returns how to stop them. */
export function maintainEmbeddedDatabase(pglite: PGlite, walDir: string): () => void {
  const stopped = new AbortController();
  const report = (what: string) => (error: unknown) => {
    // Once stopped, a failure is the database closing under a routine that was running.
    if (stopped.signal.aborted) return;
    console.error(`[db] ${what} failed: ${error instanceof Error ? error.message : typeof error}`);
  };
  const vacuum = () =>
    vacuumWhereDue(pglite, DEFAULT_VACUUM_POLICY, stopped.signal)
      .then((tables) => {
        for (const { table, vacuumed, froze, analyzed, durationMs } of tables) {
          if (durationMs < LOGGED_VACUUM_MS) continue;
          const what = [vacuumed && (froze ? "vacuum (freeze)" : "vacuum"), analyzed && "analyze"].filter(Boolean).join(" and ");
          console.log(`[db] ${what} of ${table} took ${durationMs.toFixed(0)} ms`);
        }
      })
      .catch(report("vacuum"));
  // Logged as PostgreSQL logs its checkpoints: each holds the embedded database for its duration.
  const checkpoint = () =>
    checkpointIfDue(pglite)
      .then((done) => {
        if (done) console.log(`[db] checkpoint after ${(done.walBytes / 2 ** 20).toFixed(0)} MB of WAL took ${done.durationMs.toFixed(0)} ms`);
      })
      .catch(report("checkpoint"));
  const walSegments = () => prepareWalSegments(pglite, walDir, stopped.signal).then(() => undefined, report("WAL segment preparation"));
  const timers = [
    setInterval(skipWhileRunning(vacuum), VACUUM_POLL_MS),
    setInterval(skipWhileRunning(checkpoint), CHECKPOINT_POLL_MS),
    setInterval(skipWhileRunning(walSegments), WAL_SEGMENTS_POLL_MS),
  ];
  for (const timer of timers) timer.unref();
  return () => {
    stopped.abort();
    for (const timer of timers) clearInterval(timer);
  };
}

/** A routine that outlasts its poll's interval (a VACUUM of a large table) is not started twice. */
function skipWhileRunning(run: () => Promise<void>): () => void {
  let running = false;
  return () => {
    if (running) return;
    running = true;
    void run().finally(() => (running = false));
  };
}
