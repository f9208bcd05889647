import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireProject } from "@/lib/auth/require-project";
import { closeDb, installDatabase } from "@/lib/db/client";
import { setMembership } from "@/lib/db/memberships";
import { createProject, type ProjectSummary } from "@/lib/db/projects";
import { createUser } from "@/lib/db/users";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/tests/support/test-database";

describe.each(DATABASE_KINDS)("loading a project for a caller on %s", (kind) => {
  let db: TestDatabase;
  let project: ProjectSummary;
  const users = {} as Record<"guest" | "developer" | "stranger" | "admin", { id: number; isAdmin: boolean }>;

  beforeAll(async () => {
    db = await createTestDatabase(kind, { memory: true });
    installDatabase(db);
    const created = await createProject({ name: "Storefront" });
    if (!created.ok) throw new Error("project");
    const { clientKey: _key, ...summary } = created.value;
    project = summary;
    for (const name of ["guest", "developer", "stranger", "admin"] as const) {
      const user = await createUser({ email: `${name}@example.com`, isAdmin: name === "admin" });
      if (!user.ok) throw new Error("user");
      users[name] = { id: user.value.id, isAdmin: user.value.isAdmin };
    }
    await setMembership(project.id, users.guest.id, "guest");
    await setMembership(project.id, users.developer.id, "developer");
  });

  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  it("finds a project by numeric id or by slug, with the caller's role", async () => {
    const expected = { ok: true, value: { project, role: "developer" } };
    expect(await requireProject(users.developer, String(project.id), "errors:triage")).toEqual(expected);
    expect(await requireProject(users.developer, "storefront", "errors:triage")).toEqual(expected);
  });

  it("answers not found for a project that does not exist", async () => {
    expect(await requireProject(users.developer, "missing", "errors:read")).toEqual({ ok: false, error: { kind: "not-found" } });
    expect(await requireProject(users.developer, "99999999999999999999", "errors:read")).toEqual({ ok: false, error: { kind: "not-found" } });
  });

  it("answers not found, not forbidden, for a project the caller is not a member of", async () => {
    expect(await requireProject(users.stranger, "storefront", "errors:read")).toEqual({ ok: false, error: { kind: "not-found" } });
    expect(await requireProject(null, "storefront", "errors:read")).toEqual({ ok: false, error: { kind: "not-found" } });
  });

  it("answers forbidden to a member whose role is too small", async () => {
    expect(await requireProject(users.guest, "storefront", "errors:read")).toEqual({ ok: false, error: { kind: "forbidden" } });
    expect(await requireProject(users.developer, "storefront", "settings:manage")).toEqual({ ok: false, error: { kind: "forbidden" } });
  });

  it("lets an administrator in as Owner without a membership", async () => {
    expect(await requireProject(users.admin, "storefront", "project:delete")).toEqual({ ok: true, value: { project, role: "owner" } });
  });
});
