import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, installDatabase } from "@/lib/db/client";
import { writeEventBatch } from "@/lib/db/events";
import { createProject } from "@/lib/db/projects";
import { getNodeIngestRuntime } from "@/lib/hosting/node-ingest-runtime";
import { storedEventOf } from "@/tests/support/stored-event";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-database";

describe("the ingestion runtime of a server", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("pglite", { memory: true });
    installDatabase(db);
  });
  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  it("copies the titles noted before it started, without waiting for an event", async () => {
    const project = await createProject({ name: "Noted before start" });
    if (!project.ok) throw new Error("project");
    const title = "Error: noted by a process that was killed";
    await writeEventBatch(db, [storedEventOf(project.value.id, "noted-before-start", title)]);
    expect(await db.prisma.errorTitleChange.count()).toBe(1);

    getNodeIngestRuntime();
    const deadline = Date.now() + 5_000;
    while ((await db.prisma.errorTitleChange.count()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await db.prisma.errorTitleChange.count()).toBe(0);
    expect((await db.prisma.errorTitle.findFirst({ where: { title } }))?.title).toBe(title);
  });
});
