import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, installDatabase } from "@/lib/db/client";
import { listErrors } from "@/lib/db/errors";
import { createProject } from "@/lib/db/projects";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/tests/support/test-database";

// The list's search reads error_titles, which a trigger keeps in step with errors.title.

describe.each(DATABASE_KINDS)("searching error titles on %s", (kind) => {
  let db: TestDatabase;
  let projectId: number;

  const search = async (text: string) => {
    const page = await listErrors(projectId, { search: text, sort: "last_seen", perPage: 50 });
    if (!page.ok) throw new Error("listing failed");
    return page.value.errors.map((e) => e.title);
  };
  const titleRowVersion = async (errorId: number) =>
    (await db.prisma.$queryRaw<Array<{ v: string }>>`SELECT xmin::text AS v FROM error_titles WHERE error_id = ${errorId}`)[0]?.v;

  beforeAll(async () => {
    db = await createTestDatabase(kind, { memory: true });
    installDatabase(db);
    const project = await createProject({ name: "Titles" });
    if (!project.ok) throw new Error("project");
    projectId = project.value.id;
  });

  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  it("finds a new error by its title, and by its new title once the title changes", async () => {
    const now = new Date();
    const error = await db.prisma.trackedError.create({
      data: { projectId, fingerprint: randomUUID(), title: "TypeError: cart is empty", firstSeenAt: now, lastSeenAt: now },
    });
    expect(await search("CART IS")).toEqual(["TypeError: cart is empty"]);

    await db.prisma.trackedError.update({ where: { id: error.id }, data: { title: "TypeError: basket is empty" } });
    expect(await search("cart is")).toEqual([]);
    expect(await search("basket")).toEqual(["TypeError: basket is empty"]);
  });

  it("leaves the search's copy alone when an event repeats an error without changing its title", async () => {
    const now = new Date();
    const error = await db.prisma.trackedError.create({
      data: { projectId, fingerprint: randomUUID(), title: "RangeError: stock below zero", firstSeenAt: now, lastSeenAt: now },
    });
    const before = await titleRowVersion(error.id);
    await db.prisma.trackedError.update({
      where: { id: error.id },
      data: { title: "RangeError: stock below zero", eventsCount: { increment: 1 }, lastSeenAt: new Date() },
    });
    expect(await titleRowVersion(error.id)).toBe(before);
  });
});
