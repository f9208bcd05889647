// No `import "server-only"`: server.ts, the CLI and scripts load this under plain Node.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { DurableNodeFS } from "./durable-node-fs";

// Every embedded database — the server's, an in-memory one, a migration's shadow — with the
// extensions the migrations create: pg_trgm indexes error titles for the list's search.

/**
 * PGlite's memory counts whole in the server's, and its shared buffers are all touched at
 * start: 64 MB rather than PostgreSQL's default of 128 MB. Pages it does not hold are a read
 * from the operating system's file cache away.
 */
const SHARED_BUFFERS = "64MB";

const startParams = [...PGlite.defaultStartParams, "-c", `shared_buffers=${SHARED_BUFFERS}`];

const BYTEA_OID = 17;

/**
 * A bytea parameter in PostgreSQL's hex format, written by Node in one call. PGlite's own
 * serializer formats every byte with its own string: for ingestion's batch of payloads that
 * cost ~200 µs of the database thread per 4 KB event.
 */
export function byteaHex(value: unknown): string {
  if (!(value instanceof Uint8Array)) throw new TypeError("a bytea parameter must be a Uint8Array or Buffer");
  return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex")}`;
}

const serializers = { [BYTEA_OID]: byteaHex };

/** A database in memory (tests, a migration's shadow). */
export function createPglite(): PGlite {
  return new PGlite({ extensions: { pg_trgm }, serializers, startParams });
}

/** PGlite turns fsync off (`-F`); on disk it is turned back on and reaches the disk. */
const durableStartParams = [...startParams.filter((param) => param !== "-F"), "-c", "wal_sync_method=fsync"];

const pgliteDir = (dataDir: string) => path.join(dataDir, "pglite");

/** Where the data dir's PostgreSQL keeps its WAL segment files. */
export const walDirOf = (dataDir: string) => path.join(pgliteDir(dataDir), "pg_wal");

/** The PGlite of a Faultline data dir (FAULTLINE_DATA_DIR), its files under `pglite/`. */
export async function createDataDirPglite(dataDir: string): Promise<PGlite> {
  await mkdir(dataDir, { recursive: true });
  return new PGlite({ fs: new DurableNodeFS(pgliteDir(dataDir)), extensions: { pg_trgm }, serializers, startParams: durableStartParams });
}

/** Whether the data dir already holds a database (one PGlite created before). */
export function dataDirHoldsDatabase(dataDir: string): boolean {
  return existsSync(path.join(pgliteDir(dataDir), "PG_VERSION"));
}
