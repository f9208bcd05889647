import type { Database } from "./client";

// The ingestion hot path talks to the driver underneath the Prisma client (the same PGlite
// instance or pg pool): measured here, a raw query through Prisma costs about 1 ms more on
// PostgreSQL and 3 ms more on PGlite than through the driver, most of a small batch's cost.

/**
 * Runs one named statement (its own implicit transaction) and returns its rows. On PostgreSQL
 * it is prepared once per connection, so the plan of a large statement is not rebuilt per call.
 * Not through a PGlite socket: its connections share PGlite's one session, where a name
 * prepared by one connection would collide with the next connection's.
 */
export async function runSqlStatement<Row>(db: Database, name: string, sql: string, params: unknown[]): Promise<Row[]> {
  if (db.pglite) return (await db.pglite.query<Row>(sql, params)).rows;
  if (!db.pool) throw new Error("the database has neither a PGlite instance nor a connection pool");
  const query = db.access === "postgres" ? { name, text: sql, values: params } : { text: sql, values: params };
  return (await db.pool.query(query)).rows as Row[];
}
