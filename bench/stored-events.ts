import pg from "pg";

/** The events stored in the database, once their count matches the errors' own counts. */
export async function countStoredEvents(connection: pg.ClientConfig): Promise<number> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    const { rows } = await client.query<{ events: string; counted: string }>(
      "SELECT (SELECT count(*) FROM events) AS events, (SELECT coalesce(sum(events_count), 0) FROM errors) AS counted",
    );
    if (rows[0].events !== rows[0].counted) {
      throw new Error(`events stored (${rows[0].events}) and counted on errors (${rows[0].counted}) differ`);
    }
    return Number(rows[0].events);
  } finally {
    await client.end();
  }
}
