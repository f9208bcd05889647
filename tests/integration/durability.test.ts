import { afterAll, describe, expect, it } from "vitest";
import { errorEnvelope, postEnvelope } from "../support/envelopes";
import { ensureProductionBuild } from "../support/production-build";
import { seedDatabase } from "../support/seed";
import { startServer, type RunningServer } from "../support/server-process";
import { connectSql } from "../support/sql-client";
import { createTestDatabase, DATABASE_KINDS, type TestDatabaseLocation } from "../support/test-database";

// A 200 means stored: kill the server with SIGKILL in the middle of a burst, start it again,
// and every event that was answered 200 must be there.

const CONCURRENCY = 24;
const KILL_AFTER_ACKS = 300;

describe.each(DATABASE_KINDS)("durability on %s", (kind) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("keeps every acknowledged event when the server is killed mid-burst", async () => {
    ensureProductionBuild();
    const location: TestDatabaseLocation = await createTestDatabase(kind, { keepOpen: false });
    cleanups.push(() => location.drop());
    const seed = await seedDatabase(location);
    const start = () => startServer({ entry: "npm start", databaseUrl: location.databaseUrl, dataDir: location.dataDir });

    let server: RunningServer = await start();
    cleanups.push(() => server.stop());
    const acknowledged: string[] = [];
    let killed = false;
    const worker = async (n: number) => {
      for (let i = 0; !killed; i++) {
        const { body, eventId } = errorEnvelope(`BurstError${(n + i) % 7}`);
        const status = await postEnvelope(server.url, seed.project.id, seed.project.publicKey, body).catch(() => 0);
        if (status === 200) acknowledged.push(eventId);
        if (acknowledged.length >= KILL_AFTER_ACKS && !killed) {
          killed = true;
          server.process.kill("SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, n) => worker(n)));
    await new Promise<void>((resolve) => (server.process.exitCode !== null || server.process.signalCode !== null ? resolve() : server.process.once("exit", () => resolve())));

    server = await start();
    const sql = await connectSql(location);
    try {
      const { rows } = await sql.query<{ id: string }>(
        "SELECT replace(event_id::text, '-', '') AS id FROM events WHERE event_id = ANY($1::uuid[])",
        [acknowledged],
      );
      const stored = new Set(rows.map((r) => r.id));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      const counted = await sql.query<{ counted: string; stored: string }>(
        "SELECT (SELECT sum(events_count) FROM errors) AS counted, (SELECT count(*) FROM events) AS stored",
      );
      expect(counted.rows[0].counted).toBe(counted.rows[0].stored);
    } finally {
      await sql.end();
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
  });
});
