import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_VACUUM_POLICY, vacuumWhereDue, type VacuumPolicy } from "@/lib/db/embedded-vacuum";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

describe("the embedded database's vacuum, autovacuum's rules applied by its owner", () => {
  let db: TestDatabase;
  let pglite: PGlite;

  beforeAll(async () => {
    db = await createTestDatabase("pglite", { memory: true });
    pglite = db.pglite!;
  });

  afterAll(async () => {
    await db.drop();
  });

  // Each test starts from a database with nothing due, so that what a run does is the test's doing.
  beforeEach(async () => {
    await pglite.exec("DROP TABLE IF EXISTS churn, grows, untouched");
    await vacuumWhereDue(pglite);
  });

  const table = async (name: string) =>
    (
      await pglite.query<{ vacuums: number; analyzes: number; tuples: number; bytes: number; xidAge: number }>(
        `SELECT s.vacuum_count::int AS vacuums, s.analyze_count::int AS analyzes, c.reltuples AS tuples,
                pg_relation_size(c.oid)::int AS bytes, age(c.relfrozenxid) AS "xidAge"
         FROM pg_stat_all_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.relid = $1::regclass`,
        [name],
      )
    ).rows[0];
  const done = async (policy?: VacuumPolicy) => Object.fromEntries((await vacuumWhereDue(pglite, policy)).map((t) => [t.table, t]));

  it("vacuums a table once its dead rows pass 50 + 20 % of its rows, and not before", async () => {
    await pglite.exec("CREATE TABLE churn (id int PRIMARY KEY, n int); INSERT INTO churn SELECT g, 0 FROM generate_series(1, 1000) g");
    await done();
    const before = await table("churn");
    expect(before.tuples).toBe(1000);

    await pglite.exec("DELETE FROM churn WHERE id <= 200");
    expect((await done()).churn?.vacuumed ?? false).toBe(false);
    expect((await table("churn")).vacuums).toBe(before.vacuums);

    await pglite.exec("DELETE FROM churn WHERE id <= 300");
    expect((await done()).churn).toMatchObject({ vacuumed: true, froze: false });
    expect((await table("churn")).vacuums).toBe(before.vacuums + 1);
  });

  it("vacuums and gives back the space of a queue whose rows were all deleted", async () => {
    await pglite.exec("CREATE TABLE churn (id int PRIMARY KEY, n int); INSERT INTO churn SELECT g, 0 FROM generate_series(1, 500) g");
    await pglite.exec("DELETE FROM churn");
    expect((await table("churn")).bytes).toBeGreaterThan(0);
    expect((await done()).churn).toMatchObject({ vacuumed: true });
    expect((await table("churn")).bytes).toBe(0);
  });

  it("vacuums a table that only grows once 1,000 + 20 % of its rows were inserted, and freezes them as it goes", async () => {
    await pglite.exec("CREATE TABLE grows (id int PRIMARY KEY); INSERT INTO grows SELECT generate_series(1, 100)");
    await done();
    await pglite.exec("INSERT INTO grows SELECT generate_series(101, 1000)");
    expect((await done()).grows?.vacuumed ?? false).toBe(false);
    await pglite.exec("INSERT INTO grows SELECT generate_series(1001, 1500)");
    // Transactions after the inserts: a VACUUM that does not freeze leaves the table as old as its first insert.
    for (let i = 0; i < 30; i++) await pglite.query("SELECT txid_current()");
    expect((await table("grows")).xidAge).toBeGreaterThan(30);
    expect((await done()).grows).toMatchObject({ vacuumed: true, froze: true });
    expect((await table("grows")).vacuums).toBe(2);
    expect((await table("grows")).xidAge).toBeLessThan(5);
  });

  it("analyzes once 50 + 10 % of the rows changed, which gives the planner the table's size", async () => {
    await pglite.exec("CREATE TABLE grows (id int PRIMARY KEY); INSERT INTO grows SELECT generate_series(1, 400)");
    await done();
    expect((await table("grows")).tuples).toBe(400);
    await pglite.exec("INSERT INTO grows SELECT generate_series(401, 480)");
    expect((await done()).grows?.analyzed ?? false).toBe(false);
    await pglite.exec("INSERT INTO grows SELECT generate_series(481, 500)");
    expect((await done()).grows).toMatchObject({ analyzed: true });
    expect((await table("grows")).tuples).toBe(500);
  });

  it("never analyzes events, whose sample would read thousands of payloads, but vacuums it", async () => {
    const project = await pglite.query<{ id: number }>("INSERT INTO projects (slug, name) VALUES ('vacuum', 'Vacuum') RETURNING id");
    const projectId = project.rows[0].id;
    const error = await pglite.query<{ id: number }>(
      `INSERT INTO errors (project_id, fingerprint, title, culprit, first_seen_at, last_seen_at)
       VALUES ($1, 'f', 'TypeError: x', 'here', now(), now()) RETURNING id`,
      [projectId],
    );
    await pglite.query(
      `INSERT INTO events (project_id, error_id, event_id, occurred_at, payload)
       SELECT $1, $2, md5(g::text)::uuid, now(), '\\x7b7d' FROM generate_series(1, 1500) g`,
      [projectId, error.rows[0].id],
    );
    expect((await done()).events).toMatchObject({ vacuumed: true, analyzed: false });
    expect((await table("events")).analyzes).toBe(0);
  });

  it("vacuums a table untouched for as long as it takes its oldest transaction ID to pass the freeze age", async () => {
    await pglite.exec("CREATE TABLE untouched (id int PRIMARY KEY); INSERT INTO untouched VALUES (1)");
    await done();
    const before = await table("untouched");
    // Transaction IDs the table never sees: each call runs in a transaction of its own.
    for (let i = 0; i < 30; i++) await pglite.query("SELECT txid_current()");
    const policy = { ...DEFAULT_VACUUM_POLICY, freezeMaxAge: 20 };
    expect((await done(policy)).untouched).toMatchObject({ vacuumed: true });
    expect((await table("untouched")).vacuums).toBe(before.vacuums + 1);
  });

  it("begins no table once told that the database is closing", async () => {
    await pglite.exec("CREATE TABLE churn (id int PRIMARY KEY); INSERT INTO churn SELECT generate_series(1, 500); DELETE FROM churn");
    const closing = new AbortController();
    closing.abort();
    expect(await vacuumWhereDue(pglite, DEFAULT_VACUUM_POLICY, closing.signal)).toEqual([]);
    expect((await table("churn")).vacuums).toBe(0);
  });

  it("vacuums and analyzes a table that holds rows it never saw written, as after a restart, which PGlite forgets its counts across", async () => {
    await pglite.exec("CREATE TABLE grows (id int PRIMARY KEY); INSERT INTO grows SELECT generate_series(1, 500)");
    await pglite.query("SELECT pg_stat_reset()");
    expect((await done()).grows).toMatchObject({ vacuumed: true, froze: true, analyzed: true });
    expect((await table("grows")).tuples).toBe(500);
    expect((await done()).grows).toBeUndefined();
  });
});
