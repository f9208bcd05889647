import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, installDatabase } from "@/lib/db/client";
import { closeIssue, countIssuesByState, createIssueForError, findIssueByIid, listIssues, reopenIssue } from "@/lib/db/issues";
import { createProject } from "@/lib/db/projects";
import { createUser } from "@/lib/db/users";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/tests/support/test-database";

describe.each(DATABASE_KINDS)("listing, closing and reopening issues on %s", (kind) => {
  let db: TestDatabase;
  let projectId: number;
  let otherProjectId: number;
  let authorId: number;

  const newIssue = async (title: string, project = projectId) => {
    const error = await db.prisma.trackedError.create({
      data: { projectId: project, fingerprint: randomUUID(), title: `${title} error`, firstSeenAt: new Date(), lastSeenAt: new Date() },
    });
    const created = await createIssueForError({ projectId: project, errorId: error.id, authorId, title, description: `About ${title}` });
    if (!created.ok) throw new Error("issue");
    return { iid: created.value.issue.iid, errorId: error.id };
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind, { memory: true });
    installDatabase(db);
    const project = await createProject({ name: "Tracker" });
    const other = await createProject({ name: "Other" });
    const author = await createUser({ email: "author@example.com", name: "Ada" });
    if (!project.ok || !other.ok || !author.ok) throw new Error("setup");
    projectId = project.value.id;
    otherProjectId = other.value.id;
    authorId = author.value.id;
  });

  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  it("an issue's page gets its title, author and linked error by its number in the project", async () => {
    const { iid, errorId } = await newIssue("Checkout fails");
    expect(await findIssueByIid(projectId, iid)).toMatchObject({
      iid,
      title: "Checkout fails",
      description: "About Checkout fails",
      state: "opened",
      closedAt: null,
      author: { name: "Ada", email: "author@example.com" },
      errorId,
      error: { id: errorId, title: "Checkout fails error" },
    });
    expect(await findIssueByIid(otherProjectId, iid)).toBeNull();
    expect(await findIssueByIid(projectId, 999_999)).toBeNull();
  });

  it("closing records when; closing again keeps the first time; reopening clears it", async () => {
    const { iid } = await newIssue("Flaky login");
    const closed = await closeIssue(projectId, iid);
    expect(closed).toMatchObject({ ok: true, value: { state: "closed", closedAt: expect.any(Date) } });
    const closedAt = closed.ok ? closed.value.closedAt : null;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await closeIssue(projectId, iid)).toMatchObject({ ok: true, value: { state: "closed", closedAt } });
    expect(await reopenIssue(projectId, iid)).toMatchObject({ ok: true, value: { state: "opened", closedAt: null } });
    expect(await reopenIssue(projectId, iid)).toMatchObject({ ok: true, value: { state: "opened", closedAt: null } });
  });

  it("an issue of another project, or none, cannot be closed or reopened through this one", async () => {
    const { iid } = await newIssue("Elsewhere", otherProjectId);
    const missing = { ok: false, error: { kind: "not-found" } };
    const iidHere = (await listIssues(projectId, { state: "all", offset: 0, limit: 100 })).issues.map((i) => i.iid);
    const absent = Math.max(iid, ...iidHere) + 1;
    expect(await closeIssue(projectId, absent)).toEqual(missing);
    expect(await reopenIssue(projectId, absent)).toEqual(missing);
    expect((await findIssueByIid(otherProjectId, iid))?.state).toBe("opened");
  });

  it("lists open issues by default newest first, closed or all on request, a page at a time", async () => {
    const fresh = await createProject({ name: "Listing" });
    if (!fresh.ok) throw new Error("project");
    const id = fresh.value.id;
    const iids: number[] = [];
    for (const title of ["one", "two", "three", "four", "five"]) iids.push((await newIssue(title, id)).iid);
    await closeIssue(id, iids[1]!);
    await closeIssue(id, iids[3]!);

    const titles = async (state: "opened" | "closed" | "all", offset = 0, limit = 10) => {
      const page = await listIssues(id, { state, offset, limit });
      return { titles: page.issues.map((issue) => issue.title), hasMore: page.hasMore };
    };
    expect(await titles("opened")).toEqual({ titles: ["five", "three", "one"], hasMore: false });
    expect(await titles("closed")).toEqual({ titles: ["four", "two"], hasMore: false });
    expect(await titles("all", 0, 2)).toEqual({ titles: ["five", "four"], hasMore: true });
    expect(await titles("all", 2, 2)).toEqual({ titles: ["three", "two"], hasMore: true });
    expect(await titles("all", 4, 2)).toEqual({ titles: ["one"], hasMore: false });
    expect(await countIssuesByState(id)).toEqual({ opened: 3, closed: 2 });
  });
});
