import type { Database } from "./client";

// The ingestion hot path talks to the driver underneath the Prisma client (the same PGlite
// instance or pg pool): measured here, Prisma's interactive transactions add about 1 ms per
// statement on PostgreSQL and 3 ms on PGlite, which is most of a small batch's cost.

export interface SqlTransaction {
  query<Row>(sql: string, params: unknown[]): Promise<Row[]>;
}

export async function runSqlTransaction<T>(db: Database, work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
  if (db.pglite) {
    return db.pglite.transaction((tx) =>
      work({ query: async <Row>(sql: string, params: unknown[]) => (await tx.query<Row>(sql, params)).rows }),
    );
  }
  if (!db.pool) throw new Error("the database has neither a PGlite instance nor a connection pool");
  const client = await db.pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work({
      query: async <Row>(sql: string, params: unknown[]) => (await client.query(sql, params)).rows as Row[],
    });
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
