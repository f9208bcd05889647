// No `import "server-only"`: `npm run db:migrate` and server.ts load this under plain Node.
import { createHash } from "node:crypto";
import pg from "pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { Database } from "@/lib/db/client";
import { createPgAdapterFactory } from "@/lib/db/pg-adapter";
import type { MigrationList } from "@prisma/schema-engine-wasm";
import { openSchemaEngine, readMigrations, readSchema } from "@/lib/db/schema-engine";

export interface MigrationResult {
  appliedMigrationNames: string[];
}

// Distinct from the key the schema engine takes itself (72707369), so the two never wait on
// each other.
const MIGRATION_LOCK_KEY = 0x6661756c; // "faul"

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** Applies the unapplied migrations under prisma/migrations, recording them in _prisma_migrations. */
export async function migrateDatabase(db: Database): Promise<MigrationResult> {
  const [migrationsList, schema] = await Promise.all([readMigrations(), readSchema()]);
  if (await allApplied(db, migrationsList)) return { appliedMigrationNames: [] };
  return withMigrationConnection(db, async (adapterFactory) => {
    const engine = await openSchemaEngine(adapterFactory, schema);
    try {
      const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
      return { appliedMigrationNames };
    } finally {
      engine.free();
    }
  });
}

/** Whether some migration here is not applied yet (or was changed since it was). */
export async function hasPendingMigrations(db: Database): Promise<boolean> {
  return !(await allApplied(db, await readMigrations()));
}

/**
 * Every migration here is recorded as applied, with the checksum of its file as it is now: then
 * the schema engine (some 50 MB of WebAssembly, loaded for half a second) would find nothing to
 * do, and is not loaded at all. Anything else, a fresh database included, goes to the engine.
 */
async function allApplied(db: Database, migrations: MigrationList): Promise<boolean> {
  let applied: Array<{ migration_name: string; checksum: string }>;
  try {
    applied = await db.prisma.$queryRawUnsafe(
      "SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
  } catch {
    return false;
  }
  const checksums = new Map(applied.map((row) => [row.migration_name, row.checksum]));
  return migrations.migrationDirectories.every(({ path: name, migrationFile: { content } }) =>
    content.tag === "ok" && checksums.get(name) === createHash("sha256").update(content.value).digest("hex"),
  );
}

// Over pg the engine takes a session-level advisory lock and never releases it, so the pooled
// connection would keep it and every other process's migration would stall on it for the
// engine's 10 s timeout. So the engine gets a pool of its own, ended afterwards. Our own lock
// makes processes that start at once against one PostgreSQL take turns; the later ones find
// nothing left to apply.
async function withMigrationConnection<T>(
  db: Database,
  run: (adapterFactory: SqlMigrationAwareDriverAdapterFactory) => Promise<T>,
): Promise<T> {
  if (!db.pool) return run(db.adapterFactory);
  const pool = new pg.Pool({ ...db.pool.options, max: 2 });
  pool.on("error", () => {});
  try {
    const lock = await pool.connect();
    try {
      await lock.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
      try {
        return await run(createPgAdapterFactory(pool));
      } finally {
        await lock.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
      }
    } finally {
      lock.release();
    }
  } finally {
    await pool.end();
  }
}
