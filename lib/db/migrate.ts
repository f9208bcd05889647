// No `import "server-only"`: `npm run db:migrate` and server.ts load this under plain Node.
import pg from "pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { Database } from "@/lib/db/client";
import { createPgAdapterFactory } from "@/lib/db/pg-adapter";
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
