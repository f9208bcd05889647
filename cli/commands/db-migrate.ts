import { getConfig } from "@/lib/config";
import { openDatabase } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";

/** `db migrate`: applies pending migrations to DATABASE_URL, or to the PGlite data dir. */
export async function runDbMigrate(args: string[]): Promise<object> {
  const unexpected = args.filter((arg) => arg !== "--json");
  if (unexpected.length > 0) throw new Error(`db migrate takes no arguments (got ${unexpected.join(" ")})`);
  const config = getConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const { appliedMigrationNames } = await migrateDatabase(db);
    return { database: db.access, applied: appliedMigrationNames };
  } finally {
    await db.close();
  }
}
