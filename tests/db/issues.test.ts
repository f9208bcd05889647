import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, installDatabase } from "@/lib/db/client";
import { createIssueForError } from "@/lib/db/issues";
import { createProject } from "@/lib/db/projects";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/tests/support/test-database";

describe.each(DATABASE_KINDS)("issues created from errors on %s", (kind) => {
  let db: TestDatabase;
  let projectId: number;

  const seedError = async () =>
    (
      await db.prisma.trackedError.create({
        data: { projectId, fingerprint: randomUUID(), title: "Boom", firstSeenAt: new Date(), lastSeenAt: new Date() },
      })
    ).id;
  const create = (errorId: number) =>
    createIssueForError({ projectId, errorId, authorId: null, title: "Boom", description: "Boom" });

  beforeAll(async () => {
    db = await createTestDatabase(kind, { memory: true });
    installDatabase(db);
    const project = await createProject({ name: "Issues" });
    if (!project.ok) throw new Error("project");
    projectId = project.value.id;
  });

  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  it("issues created at the same time in one project get distinct consecutive numbers", async () => {
    const errorIds = await Promise.all(Array.from({ length: 8 }, seedError));
    const results = await Promise.all(errorIds.map(create));
    const iids = results.map((r) => (r.ok ? r.value.issue.iid : -1)).sort((a, b) => a - b);
    expect(iids).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("one error gets one issue however many ask for it at once", async () => {
    const errorId = await seedError();
    const results = await Promise.all(Array.from({ length: 4 }, () => create(errorId)));
    const ids = new Set(results.map((r) => (r.ok ? r.value.issue.id : -1)));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.ok && r.value.created)).toHaveLength(1);
    expect(await db.prisma.issue.count({ where: { errorId } })).toBe(1);
  });

  it("an error of another project gets none", async () => {
    const other = await createProject({ name: "Elsewhere" });
    if (!other.ok) throw new Error("project");
    const errorId = await seedError();
    expect(await createIssueForError({ projectId: other.value.id, errorId, authorId: null, title: "x", description: "" })).toEqual({
      ok: false,
      error: { kind: "not-found" },
    });
  });
});
