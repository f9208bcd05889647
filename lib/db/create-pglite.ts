// No `import "server-only"`: server.ts, the CLI and scripts load this under plain Node.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

// Every embedded database — the server's, an in-memory one, a migration's shadow — with the
// extensions the migrations create: pg_trgm indexes error titles for the list's search.

/** `dataDir` is where PGlite keeps its files; none means in memory. */
export function createPglite(dataDir?: string): PGlite {
  return new PGlite({ dataDir, extensions: { pg_trgm } });
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
