import type { PGlite } from "@electric-sql/pglite";

// PGlite runs PostgreSQL as one standalone backend, without autovacuum. Without it the
// planner never gets statistics (so it misses, say, the trigram index behind the error
// list's search) and the old row versions every event leaves on its error are never reclaimed.
// The server does that work itself, briefly, every few minutes. PostgreSQL does its own.

const FIRST_RUN_MS = 60_000;
const EVERY_MS = 10 * 60_000;

/** Starts the routine on the embedded database of a data dir; returns how to stop it. */
export function maintainEmbeddedDatabase(pglite: PGlite): () => void {
  const run = () =>
    runEmbeddedMaintenance(pglite).catch((error: unknown) => {
      console.error(`[db] maintenance failed: ${error instanceof Error ? error.message : typeof error}`);
    });
  const first = setTimeout(() => void run(), FIRST_RUN_MS);
  const every = setInterval(() => void run(), EVERY_MS);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}

/** The tables every event rewrites or the list's search reads; events only grow, and its
 *  ANALYZE over a million payloads would hold the database for seconds. */
export async function runEmbeddedMaintenance(pglite: PGlite): Promise<void> {
  // Separate calls: VACUUM may not share a multi-statement query's implicit transaction.
  await pglite.exec("VACUUM (ANALYZE) errors");
  await pglite.exec("VACUUM (ANALYZE) error_titles");
}
