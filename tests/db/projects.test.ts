import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, installDatabase } from "@/lib/db/client";
import { listMembers } from "@/lib/db/memberships";
import { createProject, deriveSlug, listProjectsForUser } from "@/lib/db/projects";
import { createUser } from "@/lib/db/users";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/tests/support/test-database";

describe("a slug derived from a project's name", () => {
  it.each([
    ["Demo", "demo"],
    ["My Web Shop!", "my-web-shop"],
    ["  Café Übersicht  ", "cafe-ubersicht"],
    ["2024", "project-2024"],
    ["!!!", "project"],
    ["a".repeat(100), "a".repeat(56)],
  ])("%s becomes %s", (name, slug) => {
    expect(deriveSlug(name)).toBe(slug);
  });
});

describe.each(DATABASE_KINDS)("projects on %s", (kind) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(kind, { memory: true });
    installDatabase(db);
  });

  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  it("a new project has active integrated error tracking and one client key", async () => {
    const result = await createProject({ name: "Web Shop" });
    expect(result).toMatchObject({ ok: true, value: { slug: "web-shop", name: "Web Shop" } });
    if (!result.ok) return;
    expect(result.value.clientKey.publicKey).toMatch(/^[0-9a-f]{32}$/);
    expect(result.value.clientKey).not.toHaveProperty("secretKey");
    const settings = await db.prisma.errorTrackingSettings.findUniqueOrThrow({ where: { projectId: result.value.id } });
    expect(settings).toMatchObject({ active: true, backend: "integrated" });
    const keys = await db.prisma.clientKey.findMany({ where: { projectId: result.value.id } });
    expect(keys).toHaveLength(1);
    expect(keys[0]!.secretKey).toMatch(/^[0-9a-f]{32}$/);
  });

  it("a second project with the same name gets the next free slug", async () => {
    expect(await createProject({ name: "Web Shop" })).toMatchObject({ ok: true, value: { slug: "web-shop-2" } });
  });

  it("an explicit slug that is taken is refused", async () => {
    expect(await createProject({ name: "Other", slug: "web-shop" })).toEqual({
      ok: false,
      error: { kind: "slug-taken", slug: "web-shop" },
    });
  });

  it.each(["Web-Shop", "-shop", "shop-", "12345", "shop/admin", "", "x".repeat(65)])(
    "the explicit slug %j is refused as invalid",
    async (slug) => {
      expect(await createProject({ name: "Other", slug })).toMatchObject({ ok: false, error: { kind: "invalid" } });
    },
  );

  it("an empty name is refused", async () => {
    expect(await createProject({ name: "   " })).toMatchObject({ ok: false, error: { kind: "invalid" } });
  });

  it("an owner given at creation becomes the project's Owner", async () => {
    const user = await createUser({ email: "lead@example.com" });
    if (!user.ok) throw new Error("user");
    const result = await createProject({ name: "Owned", ownerUserId: user.value.id });
    if (!result.ok) throw new Error("project");
    expect(await listMembers(result.value.id)).toEqual([
      { projectId: result.value.id, userId: user.value.id, email: "lead@example.com", name: null, role: "owner" },
    ]);
    expect((await listProjectsForUser({ id: user.value.id, isAdmin: false })).map((p) => p.slug)).toEqual(["owned"]);
    expect((await listProjectsForUser({ id: user.value.id, isAdmin: true })).length).toBe(3);
  });
});
