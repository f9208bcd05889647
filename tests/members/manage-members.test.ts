import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Role } from "@/lib/auth/permissions";
import { closeDb, installDatabase } from "@/lib/db/client";
import { listMembers, setMembership } from "@/lib/db/memberships";
import { createProject } from "@/lib/db/projects";
import { createUser, findUserByEmail } from "@/lib/db/users";
import { addMember, changeMemberRole, listManagedMembers, removeMember } from "@/lib/members/manage-members";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/tests/support/test-database";

type Person = { id: number; isAdmin: boolean };

describe.each(DATABASE_KINDS)("managing a project's members on %s", (kind) => {
  let db: TestDatabase;
  let projectId: number;
  let round = 0;
  const people = {} as Record<"owner" | "maintainer" | "developer" | "admin", Person>;

  const person = async (email: string, isAdmin = false): Promise<Person> => {
    const user = await createUser({ email, isAdmin });
    if (!user.ok) throw new Error(`user ${email}`);
    return { id: user.value.id, isAdmin };
  };
  const roles = async () => Object.fromEntries((await listMembers(projectId)).map((m) => [m.email, m.role]));
  const ownerCount = async () => (await listMembers(projectId)).filter((m) => m.role === "owner").length;

  beforeAll(async () => {
    db = await createTestDatabase(kind, { memory: true });
    installDatabase(db);
    people.admin = await person("admin@example.com", true);
  });

  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  // A fresh project for each test: one Owner, one Maintainer, one Developer.
  beforeEach(async () => {
    round++;
    const project = await createProject({ name: `Members ${round}` });
    if (!project.ok) throw new Error("project");
    projectId = project.value.id;
    for (const role of ["owner", "maintainer", "developer"] as const) {
      people[role] = await person(`${role}-${round}@example.com`);
      await setMembership(projectId, people[role].id, role);
    }
  });

  it("a Maintainer adds someone who has never signed in by email; they get a user record", async () => {
    const result = await addMember(people.maintainer, projectId, { email: `new-${round}@example.com`, role: "developer" });
    expect(result).toMatchObject({ ok: true, value: { email: `new-${round}@example.com`, role: "developer" } });
    const user = await findUserByEmail(`new-${round}@example.com`);
    expect(user).toMatchObject({ email: `new-${round}@example.com`, isAdmin: false });
  });

  it("adding an existing user by email makes them a member without a second user record", async () => {
    const existing = await person(`existing-${round}@example.com`);
    const result = await addMember(people.owner, projectId, { email: `existing-${round}@example.com`, role: "reporter" });
    expect(result).toMatchObject({ ok: true, value: { userId: existing.id, role: "reporter" } });
    expect(await db.prisma.user.count({ where: { email: `existing-${round}@example.com` } })).toBe(1);
  });

  it("a Maintainer can add neither a Maintainer nor an Owner, and no user record is left behind", async () => {
    for (const role of ["maintainer", "owner"] as const) {
      const email = `${role}-hopeful-${round}@example.com`;
      expect(await addMember(people.maintainer, projectId, { email, role })).toEqual({ ok: false, error: { kind: "not-allowed" } });
      expect(await findUserByEmail(email)).toBeNull();
    }
  });

  it("adding someone who is already a member is refused with their current role", async () => {
    expect(await addMember(people.owner, projectId, { email: `developer-${round}@example.com`, role: "guest" })).toEqual({
      ok: false,
      error: { kind: "already-member", role: "developer" },
    });
  });

  it("a Maintainer changes a Developer's role below Maintainer but cannot promote them to Maintainer or Owner", async () => {
    expect(await changeMemberRole(people.maintainer, projectId, { userId: people.developer.id, role: "reporter" })).toMatchObject({
      ok: true,
      value: { role: "reporter" },
    });
    for (const role of ["maintainer", "owner"] as const) {
      expect(await changeMemberRole(people.maintainer, projectId, { userId: people.developer.id, role })).toEqual({
        ok: false,
        error: { kind: "not-allowed" },
      });
    }
    expect((await roles())[`developer-${round}@example.com`]).toBe("reporter");
  });

  it("a Maintainer can neither demote nor remove a Maintainer or an Owner", async () => {
    const otherMaintainer = await person(`maintainer-2-${round}@example.com`);
    await setMembership(projectId, otherMaintainer.id, "maintainer");
    const refused = { ok: false, error: { kind: "not-allowed" } };
    expect(await changeMemberRole(people.maintainer, projectId, { userId: otherMaintainer.id, role: "developer" })).toEqual(refused);
    expect(await removeMember(people.maintainer, projectId, { userId: otherMaintainer.id })).toEqual(refused);
    expect(await changeMemberRole(people.maintainer, projectId, { userId: people.owner.id, role: "developer" })).toEqual(refused);
    expect(await removeMember(people.maintainer, projectId, { userId: people.owner.id })).toEqual(refused);
    expect(await removeMember(people.maintainer, projectId, { userId: people.developer.id })).toEqual({ ok: true, value: null });
    expect(await roles()).toEqual({
      [`owner-${round}@example.com`]: "owner",
      [`maintainer-${round}@example.com`]: "maintainer",
      [`maintainer-2-${round}@example.com`]: "maintainer",
    });
  });

  it("an Owner promotes a Developer to Owner and removes a Maintainer", async () => {
    expect(await changeMemberRole(people.owner, projectId, { userId: people.developer.id, role: "owner" })).toMatchObject({
      ok: true,
      value: { role: "owner" },
    });
    expect(await removeMember(people.owner, projectId, { userId: people.maintainer.id })).toEqual({ ok: true, value: null });
    expect(await roles()).toEqual({ [`owner-${round}@example.com`]: "owner", [`developer-${round}@example.com`]: "owner" });
  });

  it("the last Owner can be neither demoted nor removed, not even by an administrator", async () => {
    const lastOwner = { ok: false, error: { kind: "last-owner" } };
    expect(await changeMemberRole(people.owner, projectId, { userId: people.owner.id, role: "maintainer" })).toEqual(lastOwner);
    expect(await removeMember(people.owner, projectId, { userId: people.owner.id })).toEqual(lastOwner);
    expect(await changeMemberRole(people.admin, projectId, { userId: people.owner.id, role: "developer" })).toEqual(lastOwner);
    expect(await removeMember(people.admin, projectId, { userId: people.owner.id })).toEqual(lastOwner);
    expect(await ownerCount()).toBe(1);
  });

  it("an Owner may step down once there is another Owner", async () => {
    await changeMemberRole(people.owner, projectId, { userId: people.maintainer.id, role: "owner" });
    expect(await changeMemberRole(people.owner, projectId, { userId: people.owner.id, role: "developer" })).toMatchObject({ ok: true });
    expect(await ownerCount()).toBe(1);
  });

  it("an administrator who is not a member manages members as an Owner", async () => {
    expect(await addMember(people.admin, projectId, { email: `second-owner-${round}@example.com`, role: "owner" })).toMatchObject({ ok: true });
    expect(await removeMember(people.admin, projectId, { userId: people.maintainer.id })).toEqual({ ok: true, value: null });
    expect(await ownerCount()).toBe(2);
  });

  it("a member below Maintainer, or someone outside the project, changes nothing", async () => {
    const stranger = await person(`stranger-${round}@example.com`);
    for (const caller of [people.developer, stranger]) {
      expect(await addMember(caller, projectId, { email: `x-${round}@example.com`, role: "guest" })).toEqual({ ok: false, error: { kind: "not-allowed" } });
      expect(await removeMember(caller, projectId, { userId: people.developer.id })).toEqual({ ok: false, error: { kind: "not-allowed" } });
    }
  });

  it("a Maintainer's own role is decided as it is when they act, not as it was when the page loaded", async () => {
    await changeMemberRole(people.owner, projectId, { userId: people.maintainer.id, role: "developer" });
    expect(await addMember(people.maintainer, projectId, { email: `late-${round}@example.com`, role: "guest" })).toEqual({
      ok: false,
      error: { kind: "not-allowed" },
    });
  });

  it("two Owners demoting each other at the same time leave the project one Owner", async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const second = await person(`co-owner-${round}-${attempt}@example.com`);
      await setMembership(projectId, second.id, "owner");
      const [first, other] = await Promise.all([
        changeMemberRole(people.owner, projectId, { userId: second.id, role: "developer" }),
        changeMemberRole(second, projectId, { userId: people.owner.id, role: "developer" }),
      ]);
      const outcomes = [first, other].map((result) => (result.ok ? "changed" : result.error.kind)).sort();
      // Whichever went first demoted the other; the second then either was no Owner any
      // more (not-allowed) or faced the last Owner (last-owner). Never both changed.
      expect(outcomes.filter((outcome) => outcome === "changed")).toHaveLength(1);
      expect(await ownerCount()).toBe(1);
      // Put things back for the next attempt: the original Owner stays, the second goes.
      const survivor = (await listMembers(projectId)).find((m) => m.role === "owner")!;
      if (survivor.userId !== people.owner.id) {
        await setMembership(projectId, people.owner.id, "owner");
        await setMembership(projectId, second.id, "developer");
      }
    }
  });

  it("two Owners stepping down at the same time leave the project one Owner", async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const second = await person(`stepping-down-${round}-${attempt}@example.com`);
      await setMembership(projectId, second.id, "owner");
      const results = await Promise.all([
        removeMember(people.owner, projectId, { userId: people.owner.id }),
        changeMemberRole(second, projectId, { userId: second.id, role: "guest" }),
      ]);
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok).map((result) => !result.ok && result.error.kind)).toEqual(["last-owner"]);
      expect(await ownerCount()).toBe(1);
      await setMembership(projectId, people.owner.id, "owner");
      await setMembership(projectId, second.id, "guest");
    }
  });

  it("the members page shows each row with only what the viewer may do", async () => {
    const { members, assignableRoles } = await listManagedMembers("maintainer", projectId);
    expect(assignableRoles).toEqual<Role[]>(["guest", "reporter", "developer"]);
    const byRole = Object.fromEntries(members.map((m) => [m.role, m.controls]));
    expect(byRole.owner).toEqual({ roles: [], removable: false, lastOwner: true });
    expect(byRole.maintainer).toEqual({ roles: [], removable: false, lastOwner: false });
    expect(byRole.developer).toEqual({ roles: ["guest", "reporter", "developer"], removable: true, lastOwner: false });
  });
});
