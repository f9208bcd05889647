import { describe, expect, it } from "vitest";
import { ACTIONS, can, ROLES, type Action, type Role } from "@/lib/auth/permissions";

// The whole table, written out: who may do what on a project (SPEC §5).
const EXPECTED: Record<Action, Record<Role | "non-member" | "admin", boolean>> = {
  "errors:read": { "non-member": false, guest: false, reporter: true, developer: true, maintainer: true, owner: true, admin: true },
  "issues:read": { "non-member": false, guest: false, reporter: true, developer: true, maintainer: true, owner: true, admin: true },
  "errors:triage": { "non-member": false, guest: false, reporter: false, developer: true, maintainer: true, owner: true, admin: true },
  "settings:manage": { "non-member": false, guest: false, reporter: false, developer: false, maintainer: true, owner: true, admin: true },
  "members:manage": { "non-member": false, guest: false, reporter: false, developer: false, maintainer: true, owner: true, admin: true },
  "project:delete": { "non-member": false, guest: false, reporter: false, developer: false, maintainer: false, owner: true, admin: true },
};

const CALLERS = ["non-member", ...ROLES, "admin"] as const;

describe("who may do what on a project", () => {
  it("every role is allowed exactly the actions of SPEC §5, administrators act as Owner", () => {
    let checked = 0;
    for (const action of ACTIONS) {
      for (const caller of CALLERS) {
        const user = { id: 7, isAdmin: caller === "admin" };
        const project = {
          roleOf: (userId: number): Role | null =>
            userId === 7 && caller !== "non-member" && caller !== "admin" ? caller : null,
        };
        expect({ action, caller, allowed: can(user, action, project) }).toEqual({
          action,
          caller,
          allowed: EXPECTED[action][caller],
        });
        checked++;
      }
    }
    expect(checked).toBe(6 * 7);
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
  });

  it("a signed-out visitor may do nothing", () => {
    for (const action of ACTIONS) expect(can(null, action, { roleOf: () => "owner" })).toBe(false);
  });

  it("a role on one user does not grant another user anything", () => {
    const project = { roleOf: (userId: number): Role | null => (userId === 1 ? "owner" : null) };
    expect(can({ id: 2, isAdmin: false }, "errors:read", project)).toBe(false);
  });
});
