import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorEnvelope, postEnvelope } from "../support/envelopes";
import { ensureProductionBuild } from "../support/production-build";
import { seedDatabase, type Seed } from "../support/seed";
import { startServer, type RunningServer } from "../support/server-process";
import { connectSql } from "../support/sql-client";
import { createTestDatabase, DATABASE_KINDS, type TestDatabaseLocation } from "../support/test-database";

// Several Faultline processes on one PostgreSQL: the first event of a new error arrives at
// both at the same moment, round after round; grouping and counts must stay exact.

const ROUNDS = 25;
const EVENTS_PER_SERVER = 8;

describe.runIf(DATABASE_KINDS.includes("postgres"))("two servers on one PostgreSQL", () => {
  let location: TestDatabaseLocation;
  let seed: Seed;
  let servers: RunningServer[] = [];

  beforeAll(async () => {
    ensureProductionBuild();
    location = await createTestDatabase("postgres", { keepOpen: false });
    seed = await seedDatabase(location);
    servers = await Promise.all([0, 1].map(() => startServer({ entry: "npm start", databaseUrl: location.databaseUrl })));
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await location?.drop();
  });

  it("group a new error sent to both at once into one error with exact counts, and fail no request", async () => {
    const statuses: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const type = `RaceError${round}`;
      const sends = servers.flatMap((server) =>
        Array.from({ length: EVENTS_PER_SERVER }, () =>
          postEnvelope(server.url, seed.project.id, seed.project.publicKey, errorEnvelope(type).body),
        ),
      );
      statuses.push(...(await Promise.all(sends)));
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    const sql = await connectSql(location);
    try {
      const { rows } = await sql.query<{ title: string; events_count: string; stored: string }>(
        `SELECT e.title, e.events_count, (SELECT count(*) FROM events v WHERE v.error_id = e.id) AS stored
           FROM errors e WHERE e.project_id = $1 AND e.title LIKE 'RaceError%' ORDER BY e.title`,
        [seed.project.id],
      );
      expect(rows).toHaveLength(ROUNDS);
      for (const row of rows) {
        expect(Number(row.events_count)).toBe(2 * EVENTS_PER_SERVER);
        expect(Number(row.stored)).toBe(2 * EVENTS_PER_SERVER);
      }
    } finally {
      await sql.end();
    }
  });
});
