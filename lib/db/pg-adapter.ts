// No `import "server-only"`: loaded by the CLI and scripts under plain Node.
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";
import type pg from "pg";

const PG_CHAR = 18; // the one-byte "char" of pg_catalog, not char(n)
const PG_TEXT = 25;

interface PgAdapterInternals {
  performIO(query: SqlQuery): Promise<pg.QueryResult>;
  underlyingDriver(): pg.Pool;
}

// Two gaps in @prisma/adapter-pg 7.10 that only the schema engine runs into:
// - its executeScript splits a migration on ";" and runs the pieces one by one, breaking any
//   statement with a ";" inside and losing atomicity; PostgreSQL runs a multi-statement simple
//   query as one implicit transaction, which is what Prisma's native engine relies on;
// - it rejects result columns of type "char", which the engine reads from pg_catalog when it
//   describes a live database (diff, drift checks); as text they come through unchanged.
function patchAdapter<T extends SqlDriverAdapter>(adapter: T): T {
  const internals = adapter as unknown as PgAdapterInternals;
  const performIO = internals.performIO.bind(adapter);
  internals.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields) if (field.dataTypeID === PG_CHAR) field.dataTypeID = PG_TEXT;
    return result;
  };
  adapter.executeScript = async (script: string) => {
    await internals.underlyingDriver().query(script);
  };
  return adapter;
}

export function createPgAdapterFactory(pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaPg(pool);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      return patchAdapter(await inner.connect());
    },
    async connectToShadowDb() {
      return patchAdapter(await inner.connectToShadowDb());
    },
  };
}
