import { createHash } from "node:crypto";
import { cp, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database, type DbKind } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { readMigrations } from "@/lib/db/schema-engine";

const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL names a server to create databases on. */
export const DATABASE_KINDS: DbKind[] = testDatabaseUrl ? ["pglite", "postgres"] : ["pglite"];

/** Where a test database lives, for child processes (servers, the CLI) to open it. */
export interface TestDatabaseLocation {
  kind: DbKind;
  databaseUrl?: string;
  /** PGlite data dir (unset for an in-memory PGlite). */
  dataDir?: string;
  /** Closes any handle still open and deletes the database. Safe to call twice. */
  drop(): Promise<void>;
}

export type TestDatabase = Database & TestDatabaseLocation;

export interface TestDatabaseOptions {
  /** Default true. With false the database is created and migrated, then closed, so that
   *  another process can open it (a PGlite data dir admits one process at a time). */
  keepOpen?: boolean;
  /** PGlite only: keep it in memory instead of a temp dir (implies keepOpen). */
  memory?: boolean;
  /** Default true; false leaves the database empty, for tests of migrating itself. */
  migrate?: boolean;
}

export function createTestDatabase(kind: DbKind, opts?: TestDatabaseOptions & { keepOpen?: true }): Promise<TestDatabase>;
export function createTestDatabase(kind: DbKind, opts: TestDatabaseOptions & { keepOpen: false }): Promise<TestDatabaseLocation>;
export async function createTestDatabase(
  kind: DbKind,
  opts: TestDatabaseOptions = {},
): Promise<TestDatabase | TestDatabaseLocation> {
  const migrate = opts.migrate ?? true;
  const location =
    kind === "postgres" ? await createPostgresDatabase() : await createPgliteDirectory(opts.memory ?? false, migrate);
  const db = await openDatabase({ databaseUrl: location.databaseUrl, dataDir: location.dataDir }).catch(
    async (error: unknown) => {
      await location.remove();
      throw error;
    },
  );
  try {
    if (migrate) await migrateDatabase(db);
  } catch (error) {
    await db.close();
    await location.remove();
    throw error;
  }

  let open = true;
  const closeOnce = async () => {
    if (!open) return;
    open = false;
    await db.close();
  };
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await closeOnce();
    await location.remove();
  };
  const where = { kind, databaseUrl: location.databaseUrl, dataDir: location.dataDir, drop };

  if (opts.keepOpen === false && !opts.memory) {
    await closeOnce();
    return where;
  }
  return { ...db, ...where, close: closeOnce };
}

interface CreatedLocation {
  databaseUrl?: string;
  dataDir?: string;
  remove(): Promise<void>;
}

async function createPgliteDirectory(memory: boolean, migrated: boolean): Promise<CreatedLocation> {
  if (memory) return { remove: async () => {} };
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "faultline-test-"));
  if (migrated) {
    await cp(path.join(await migratedPgliteTemplate(), "pglite"), path.join(dataDir, "pglite"), { recursive: true });
  }
  return { dataDir, remove: () => rm(dataDir, { recursive: true, force: true }) };
}

// Creating a PGlite cluster takes seconds, copying a migrated one a fraction of that. The
// template is shared by all test processes and keyed by the migrations it was built from.
let template: Promise<string> | undefined;

function migratedPgliteTemplate(): Promise<string> {
  template ??= (async () => {
    const migrations = await readMigrations();
    const pgliteVersion = JSON.parse(
      await readFile(path.resolve("node_modules/@electric-sql/pglite/package.json"), "utf8"),
    ) as { version: string };
    const key = createHash("sha256")
      .update(JSON.stringify([pgliteVersion.version, migrations.migrationDirectories]))
      .digest("hex")
      .slice(0, 16);
    const dir = path.join(os.tmpdir(), `faultline-test-template-${key}`);
    const ready = path.join(dir, "ready");
    if (await stat(ready).then(() => true, () => false)) return dir;

    const building = await mkdtemp(path.join(os.tmpdir(), "faultline-test-template-building-"));
    const db = await openDatabase({ dataDir: building, serveSocket: false });
    try {
      await migrateDatabase(db);
    } finally {
      await db.close();
    }
    await writeFile(path.join(building, "ready"), "");
    // Another process may have finished first; either copy will do.
    await rename(building, dir).catch(() => rm(building, { recursive: true, force: true }));
    return dir;
  })();
  return template;
}

async function createPostgresDatabase(): Promise<CreatedLocation> {
  if (!testDatabaseUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `faultline_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await withAdminClient(async (client) => {
    await client.query(`CREATE DATABASE "${name}"`);
  });
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    remove: () =>
      withAdminClient(async (client) => {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }),
  };
}

async function withAdminClient<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
