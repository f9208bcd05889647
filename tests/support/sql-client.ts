import pg from "pg";
import type { TestDatabaseLocation } from "./test-database";

/** A plain SQL connection to a test database while a server owns it (PGlite: its socket). */
export async function connectSql(location: TestDatabaseLocation): Promise<pg.Client> {
  const client = new pg.Client(
    location.databaseUrl
      ? { connectionString: location.databaseUrl }
      : { host: location.dataDir, database: "postgres", user: "postgres" },
  );
  await client.connect();
  return client;
}
