// No `import "server-only"`: server.ts, the CLI and scripts load this under plain Node.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

// Every embedded database — the server's, an in-memory one, a migration's shadow — with the
// extensions the migrations create: pg_trgm indexes error titles for the list's search.

/**
 * PGlite's memory counts whole in the server's, and its shared buffers are all touched at
 * start: 64 MB rather than PostgreSQL's default of 128 MB. Pages it does not hold are a read
 * from the operating system's file cache away.
 */
const SHARED_BUFFERS = "64MB";

/** `dataDir` is where PGlite keeps its files; none means in memory. */
export function createPglite(dataDir?: string): PGlite {
  return new PGlite({
    dataDir,
    extensions: { pg_trgm },
    startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${SHARED_BUFFERS}`],
  });
}

const pgliteDir = (dataDir: string) => path.join(dataDir, "pglite");

/** The PGlite of a Faultline data dir (FAULTLINE_DATA_DIR), its files under `pglite/`. */
export async function createDataDirPglite(dataDir: string): Promise<PGlite> {
  await mkdir(dataDir, { recursive: true });
  return createPglite(pgliteDir(dataDir));
}

/** Whether the data dir already holds a database (one PGlite created before). */
export function dataDirHoldsDatabase(dataDir: string): boolean {
  return existsSync(path.join(pgliteDir(dataDir), "PG_VERSION"));
}
