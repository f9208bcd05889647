// No `import "server-only"`: server.ts, the CLI and scripts load this under plain Node, where
// that package throws. Only lib/ imports it, which keeps it off the client all the same.
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { getConfig } from "@/lib/config";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createDataDirPglite, createPglite } from "@/lib/db/create-pglite";
import { createPgAdapterFactory } from "@/lib/db/pg-adapter";
import { createPgliteAdapterFactory } from "@/lib/db/pglite-adapter";
import { ownDataDir, type DataDirOwnership } from "@/lib/db/data-dir-owner";
import { pgliteSocketDir, probePgliteSocket } from "@/lib/db/pglite-socket";
import { migrateDatabase } from "@/lib/db/migrate";

export type DbKind = "pglite" | "postgres";

export interface Database {
  prisma: PrismaClient;
  kind: DbKind;
  /** "pglite-socket": the data dir is owned by another process and reached through its socket. */
  access: "pglite" | "pglite-socket" | "postgres";
  /** The in-process PGlite, when this process owns it. */
  pglite?: PGlite;
  /** The pg pool, when talking to PostgreSQL or to another process's PGlite socket. */
  pool?: pg.Pool;
  /** What the schema engine migrates through. */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** The data dir whose PGlite this process owns or reaches, if any. */
  dataDir?: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string;
  /** PGlite data directory; undefined (with no databaseUrl) means an in-memory PGlite. */
  dataDir?: string;
  /** Serve an owned on-disk PGlite on `${dataDir}/.s.PGSQL.5432` (default true). */
  serveSocket?: boolean;
}

// PGlite runs one statement at a time and an interactive transaction holds it throughout, so
// transactions queue behind each other instead of running side by side as on PostgreSQL.
const PGLITE_TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 60_000 };
const POSTGRES_POOL_SIZE = 10;

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  if (opts.dataDir === undefined) return openPglite(createPglite(), undefined, false);

  const dataDir = path.resolve(opts.dataDir);
  if ((await probePgliteSocket(dataDir)) === "alive") return openPgliteThroughSocket(dataDir);
  return openPglite(await createDataDirPglite(dataDir), dataDir, opts.serveSocket ?? true);
}

async function openPglite(pglite: PGlite, dataDir: string | undefined, serveSocket: boolean): Promise<Database> {
  await pglite.waitReady;
  const adapterFactory = createPgliteAdapterFactory(pglite);
  const prisma = new PrismaClient({ adapter: adapterFactory, transactionOptions: PGLITE_TRANSACTION_OPTIONS });
  const ownership: DataDirOwnership | undefined = serveSocket && dataDir !== undefined ? await ownDataDir(pglite, dataDir) : undefined;
  const db: Database = {
    prisma,
    kind: "pglite",
    access: "pglite",
    pglite,
    adapterFactory,
    dataDir,
    async close() {
      forget(db);
      await ownership?.release();
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
  return db;
}

function openPgliteThroughSocket(dataDir: string): Database {
  // A few connections suffice: the owner runs one statement at a time anyway.
  const pool = new pg.Pool({ host: pgliteSocketDir(dataDir), user: "postgres", database: "postgres", max: 4 });
  return withPool(pool, "pglite", "pglite-socket", dataDir, PGLITE_TRANSACTION_OPTIONS);
}

function openPostgres(databaseUrl: string): Database {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POSTGRES_POOL_SIZE });
  return withPool(pool, "postgres", "postgres", undefined, undefined);
}

function withPool(
  pool: pg.Pool,
  kind: DbKind,
  access: Database["access"],
  dataDir: string | undefined,
  transactionOptions: typeof PGLITE_TRANSACTION_OPTIONS | undefined,
): Database {
  // An idle client that loses its server emits "error" on the pool; unhandled, it kills the process.
  pool.on("error", () => {});
  const adapterFactory = createPgAdapterFactory(pool);
  const prisma = new PrismaClient({ adapter: adapterFactory, transactionOptions });
  const db: Database = {
    prisma,
    kind,
    access,
    pool,
    adapterFactory,
    dataDir,
    async close() {
      forget(db);
      await prisma.$disconnect();
      await pool.end();
    },
  };
  return db;
}

// One Database per process, shared by server.ts and Next's bundled route handlers, which load
// their own copies of this module; hence globalThis rather than a module variable.
const GLOBAL_KEY = Symbol.for("faultline.database");
interface Installed {
  pending: Promise<Database>;
  db?: Database;
}
type GlobalWithDb = typeof globalThis & { [GLOBAL_KEY]?: Installed };
const holder = globalThis as GlobalWithDb;

export function getDatabase(): Promise<Database> {
  const installed = holder[GLOBAL_KEY];
  if (installed) return installed.pending;
  const opening = {} as Installed;
  holder[GLOBAL_KEY] = opening;
  opening.pending = (async () => {
    const config = getConfig();
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await migrateDatabase(db);
    } catch (error) {
      await db.close();
      throw error;
    }
    opening.db = db;
    return db;
  })().catch((error: unknown) => {
    if (holder[GLOBAL_KEY] === opening) delete holder[GLOBAL_KEY];
    throw error;
  });
  return opening.pending;
}

export async function getDb(): Promise<PrismaClient> {
  return (await getDatabase()).prisma;
}

/** The database this process has open, if any, without opening one. */
export function currentDatabase(): Database | undefined {
  return holder[GLOBAL_KEY]?.db;
}

export function installDatabase(db: Database): void {
  holder[GLOBAL_KEY] = { pending: Promise.resolve(db), db };
}

export async function closeDb(): Promise<void> {
  const installed = holder[GLOBAL_KEY];
  delete holder[GLOBAL_KEY];
  if (installed) await (await installed.pending).close();
}

// A closed Database stops being the singleton, so the next getDb() opens afresh.
function forget(db: Database): void {
  if (holder[GLOBAL_KEY]?.db === db) delete holder[GLOBAL_KEY];
}
