// No `import "server-only"`: used by scripts/db-diff.ts and tests under plain Node.
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { DiffTarget } from "@prisma/schema-engine-wasm";
import { createPglite } from "@/lib/db/create-pglite";
import { createPgliteAdapterFactory } from "@/lib/db/pglite-adapter";
import { openSchemaEngine, readMigrations, readSchema } from "@/lib/db/schema-engine";

const NO_FILTERS = { externalTables: [], externalEnums: [] };
const DIFFERS = 2;

/** The SQL that turns `from` into `to`, or null when they already match. */
async function diffSchemas(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  from: (schema: { path: string; content: string }) => Promise<DiffTarget>,
): Promise<string | null> {
  const schema = await readSchema();
  const engine = await openSchemaEngine(adapterFactory, schema);
  try {
    const result = await engine.diff({
      from: await from(schema),
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    return result.exitCode === DIFFERS ? (result.stdout ?? "") : null;
  } finally {
    engine.free();
  }
}

/** What prisma/schema.prisma adds to the migration history (replayed on an in-memory PGlite). */
export async function diffMigrationsToSchema(): Promise<string | null> {
  const shadow = createPglite();
  try {
    const migrations = await readMigrations();
    return await diffSchemas(createPgliteAdapterFactory(shadow), async () => ({ tag: "migrations", ...migrations }));
  } finally {
    await shadow.close();
  }
}

/** What prisma/schema.prisma differs in from the live database behind the adapter. */
export async function diffDatabaseToSchema(adapterFactory: SqlMigrationAwareDriverAdapterFactory): Promise<string | null> {
  return diffSchemas(adapterFactory, async (schema) => ({
    tag: "schemaDatasource",
    files: [schema],
    configDir: process.cwd(),
  }));
}
