import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEmbeddedMaintenance } from "@/lib/db/embedded-maintenance";
import { createProject } from "@/lib/db/projects";
import { installDatabase, closeDb } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

describe("the embedded database's maintenance", () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase("pglite", { memory: true });
    installDatabase(db);
  });

  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  it("gives the planner statistics on the errors table, which PGlite never gathers by itself", async () => {
    const project = await createProject({ name: "Stats" });
    if (!project.ok) throw new Error("no project");
    await db.pglite!.query(
      `INSERT INTO errors (project_id, fingerprint, title, culprit, first_seen_at, last_seen_at)
       SELECT $1, md5(i::text), 'TypeError: thing ' || i, 'here', now(), now() FROM generate_series(1, 500) i`,
      [project.value.id],
    );
    const tuples = async () =>
      (await db.pglite!.query<{ reltuples: number }>("SELECT reltuples FROM pg_class WHERE relname = 'errors'")).rows[0].reltuples;
    expect(await tuples()).toBeLessThanOrEqual(0);
    await runEmbeddedMaintenance(db.pglite!);
    expect(await tuples()).toBe(500);
  });

  it("gives back the space of the title changes that the copy has emptied, a queue that only churns", async () => {
    const pages = async () =>
      (await db.pglite!.query<{ bytes: number }>("SELECT pg_relation_size('error_title_changes')::int AS bytes")).rows[0].bytes;
    await db.pglite!.exec("INSERT INTO error_title_changes (error_id) SELECT id FROM errors ON CONFLICT DO NOTHING");
    await db.pglite!.exec("DELETE FROM error_title_changes");
    expect(await pages()).toBeGreaterThan(0);
    await runEmbeddedMaintenance(db.pglite!);
    expect(await pages()).toBe(0);
  });
});
