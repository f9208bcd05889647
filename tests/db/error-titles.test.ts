import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, installDatabase, type Database } from "@/lib/db/client";
import { copyChangedTitles, createTitleCopier } from "@/lib/db/error-titles";
import { listErrors } from "@/lib/db/errors";
import { writeEventBatch } from "@/lib/db/events";
import { createProject } from "@/lib/db/projects";
import { storedEventOf } from "@/tests/support/stored-event";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/tests/support/test-database";

// The list's search reads error_titles' trigram index. A trigger notes each error whose title
// is new or changed; copyChangedTitles brings error_titles up to date; the search is exact
// before and after the copy.

describe.each(DATABASE_KINDS)("searching error titles on %s", (kind) => {
  let db: TestDatabase;
  let projectId: number;

  const search = async (text: string) => {
    const page = await listErrors(projectId, { search: text, sort: "last_seen", perPage: 50 });
    if (!page.ok) throw new Error("listing failed");
    return page.value.errors.map((e) => e.title);
  };
  const noted = async (errorId: number) => (await db.prisma.errorTitleChange.count({ where: { errorId } })) > 0;
  const copiedTitle = async (errorId: number) => (await db.prisma.errorTitle.findUnique({ where: { errorId } }))?.title;
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

  it("finds an error by its current title before and after the title is copied", async () => {
    const now = new Date();
    const error = await db.prisma.trackedError.create({
      data: { projectId, fingerprint: randomUUID(), title: "TypeError: cart is empty", firstSeenAt: now, lastSeenAt: now },
    });
    expect(await noted(error.id)).toBe(true);
    expect(await search("CART IS")).toEqual(["TypeError: cart is empty"]);

    expect(await copyChangedTitles(db)).toBeGreaterThanOrEqual(1);
    expect(await noted(error.id)).toBe(false);
    expect(await copiedTitle(error.id)).toBe("TypeError: cart is empty");
    expect(await search("cart is")).toEqual(["TypeError: cart is empty"]);

    await db.prisma.trackedError.update({ where: { id: error.id }, data: { title: "TypeError: basket is empty" } });
    // Not copied yet: the stale copy must not match, the new title must.
    expect(await copiedTitle(error.id)).toBe("TypeError: cart is empty");
    expect(await search("cart is")).toEqual([]);
    expect(await search("basket")).toEqual(["TypeError: basket is empty"]);

    await copyChangedTitles(db);
    expect(await copiedTitle(error.id)).toBe("TypeError: basket is empty");
    expect(await search("cart is")).toEqual([]);
    expect(await search("basket")).toEqual(["TypeError: basket is empty"]);
  });

  it("notes nothing and rewrites nothing when an event repeats an error's title", async () => {
    const now = new Date();
    const error = await db.prisma.trackedError.create({
      data: { projectId, fingerprint: randomUUID(), title: "RangeError: stock below zero", firstSeenAt: now, lastSeenAt: now },
    });
    await copyChangedTitles(db);
    const before = await titleRowVersion(error.id);
    await db.prisma.trackedError.update({
      where: { id: error.id },
      data: { title: "RangeError: stock below zero", eventsCount: { increment: 1 }, lastSeenAt: new Date() },
    });
    expect(await noted(error.id)).toBe(false);
    await copyChangedTitles(db);
    expect(await titleRowVersion(error.id)).toBe(before);
  });

  it("never leaves a changed title both uncopied and unnoted while copies and batches run at once", async () => {
    const groups = Array.from({ length: 40 }, (_, i) => `concurrent-group-${i}`);
    // The invariant the search's exactness rests on, read in one snapshot.
    const unsearchable = async () =>
      (
        await db.prisma.$queryRaw<Array<{ n: number }>>`
          SELECT count(*)::int AS n FROM errors e LEFT JOIN error_titles t ON t.error_id = e.id
          WHERE e.project_id = ${projectId} AND t.title IS DISTINCT FROM e.title
            AND NOT EXISTS (SELECT 1 FROM error_title_changes c WHERE c.error_id = e.id)`
      )[0].n;
    let running = true;
    let violations = 0;
    let copies = 0;
    const copier = (async () => {
      while (running) copies += (await copyChangedTitles(db)) > 0 ? 1 : 0;
    })();
    const checker = (async () => {
      while (running) violations += await unsearchable();
    })();
    const writers = [0, 1, 2].map(async (writer) => {
      for (let round = 0; round < 20; round++) {
        await writeEventBatch(db, groups.map((group) => storedEventOf(projectId, group, `Error: ${group} round ${round} writer ${writer}`)));
      }
    });
    await Promise.all(writers);
    running = false;
    await Promise.all([copier, checker]);

    expect(copies).toBeGreaterThan(1);
    expect(violations).toBe(0);
    expect(await unsearchable()).toBe(0);
    await copyChangedTitles(db);
    expect(await db.prisma.errorTitleChange.count()).toBe(0);
  });

  // Two sessions at once: PGlite has one, so this interleaving exists on PostgreSQL only.
  it.runIf(kind === "postgres")("keeps the note of a title a transaction is changing while a copy runs, without waiting for it", async () => {
    await writeEventBatch(db, [storedEventOf(projectId, "mid-change", "Error: mid-change first")]);
    await copyChangedTitles(db);
    const [{ id }] = await db.prisma.$queryRaw<Array<{ id: number }>>`SELECT id FROM errors WHERE title = 'Error: mid-change first'`;
    expect(await noted(id)).toBe(false);

    await writeEventBatch(db, [storedEventOf(projectId, "mid-change", "Error: mid-change second")]);
    expect(await noted(id)).toBe(true);

    const batch = await db.pool!.connect();
    try {
      // A batch changes the title again; its change finds the second title's note in place.
      await batch.query("BEGIN");
      await batch.query("UPDATE errors SET title = 'Error: mid-change third' WHERE id = $1", [id]);
      await copyChangedTitles(db);
      expect(await noted(id)).toBe(true);
      await batch.query("COMMIT");
    } finally {
      batch.release();
    }
    expect(await noted(id)).toBe(true);
    expect(await search("mid-change third")).toEqual(["Error: mid-change third"]);
    await copyChangedTitles(db);
    expect(await noted(id)).toBe(false);
    expect(await copiedTitle(id)).toBe("Error: mid-change third");
  });

  it("copies soon after a write, once for many writes, and not at all once the database is gone", async () => {
    const now = new Date();
    const error = await db.prisma.trackedError.create({
      data: { projectId, fingerprint: randomUUID(), title: "Error: copied by the timer", firstSeenAt: now, lastSeenAt: now },
    });
    let copies = 0;
    let open: Database | undefined = db;
    const copier = createTitleCopier(
      () => {
        copies += 1;
        return open;
      },
      (cause) => {
        throw cause;
      },
      20,
    );
    copier.afterWrite();
    copier.afterWrite();
    copier.afterWrite();
    await waitUntil(async () => !(await noted(error.id)));
    expect(copies).toBe(1);
    expect(await copiedTitle(error.id)).toBe("Error: copied by the timer");

    await db.prisma.trackedError.update({ where: { id: error.id }, data: { title: "Error: noted while closed" } });
    open = undefined;
    copier.afterWrite();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(copies).toBe(2);
    expect(await noted(error.id)).toBe(true);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
