import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "@/lib/auth/permissions";
import { decideMemberRequest, manageableRoles, memberControls, type MemberRequest } from "@/lib/members/member-rules";

const state = (actorRole: Role | null, targetRole: Role | null, ownerCount = 2) => ({ actorRole, targetRole, ownerCount });
const add = (role: Role): MemberRequest => ({ kind: "add", role });
const change = (role: Role): MemberRequest => ({ kind: "change-role", role });
const remove: MemberRequest = { kind: "remove" };

const allowed = (write: object) => ({ ok: true, value: write });
const refused = (kind: string, extra: object = {}) => ({ ok: false, error: { kind, ...extra } });

describe("who may add, change and remove which members", () => {
  // [caller's role, member's current role (null: not a member), request, Owners now, outcome]
  const CASES: Array<[Role | null, Role | null, MemberRequest, number, object]> = [
    // A Maintainer manages Guests, Reporters and Developers, and gives only those roles.
    ["maintainer", null, add("guest"), 1, allowed({ kind: "set", role: "guest" })],
    ["maintainer", null, add("reporter"), 1, allowed({ kind: "set", role: "reporter" })],
    ["maintainer", null, add("developer"), 1, allowed({ kind: "set", role: "developer" })],
    ["maintainer", null, add("maintainer"), 1, refused("not-allowed")],
    ["maintainer", null, add("owner"), 1, refused("not-allowed")],
    ["maintainer", "developer", change("reporter"), 1, allowed({ kind: "set", role: "reporter" })],
    ["maintainer", "guest", change("developer"), 1, allowed({ kind: "set", role: "developer" })],
    ["maintainer", "developer", change("maintainer"), 1, refused("not-allowed")],
    ["maintainer", "developer", change("owner"), 1, refused("not-allowed")],
    ["maintainer", "maintainer", change("developer"), 1, refused("not-allowed")],
    ["maintainer", "maintainer", change("maintainer"), 1, refused("not-allowed")],
    ["maintainer", "owner", change("developer"), 2, refused("not-allowed")],
    ["maintainer", "reporter", remove, 1, allowed({ kind: "delete" })],
    ["maintainer", "maintainer", remove, 1, refused("not-allowed")],
    ["maintainer", "owner", remove, 2, refused("not-allowed")],
    // An Owner manages everyone…
    ["owner", null, add("owner"), 1, allowed({ kind: "set", role: "owner" })],
    ["owner", null, add("maintainer"), 1, allowed({ kind: "set", role: "maintainer" })],
    ["owner", "developer", change("maintainer"), 1, allowed({ kind: "set", role: "maintainer" })],
    ["owner", "maintainer", change("owner"), 1, allowed({ kind: "set", role: "owner" })],
    ["owner", "maintainer", remove, 1, allowed({ kind: "delete" })],
    ["owner", "owner", change("developer"), 2, allowed({ kind: "set", role: "developer" })],
    ["owner", "owner", remove, 2, allowed({ kind: "delete" })],
    // …but never leaves the project without an Owner.
    ["owner", "owner", change("maintainer"), 1, refused("last-owner")],
    ["owner", "owner", change("guest"), 1, refused("last-owner")],
    ["owner", "owner", remove, 1, refused("last-owner")],
    ["owner", "owner", change("owner"), 1, allowed({ kind: "none" })],
    // Below Maintainer, or not a member: nothing.
    ["developer", null, add("guest"), 1, refused("not-allowed")],
    ["developer", "guest", change("reporter"), 1, refused("not-allowed")],
    ["developer", "guest", remove, 1, refused("not-allowed")],
    ["reporter", null, add("guest"), 1, refused("not-allowed")],
    ["guest", "reporter", remove, 1, refused("not-allowed")],
    [null, null, add("guest"), 1, refused("not-allowed")],
    [null, "owner", remove, 2, refused("not-allowed")],
    // Requests that do not fit who is a member.
    ["owner", "developer", add("reporter"), 1, refused("already-member", { role: "developer" })],
    ["maintainer", "reporter", add("reporter"), 1, refused("already-member", { role: "reporter" })],
    ["owner", null, change("developer"), 1, refused("not-a-member")],
    ["owner", null, remove, 1, refused("not-a-member")],
  ];

  it.each(CASES)("a %s, on a member who is %s, asking %j with %i Owner(s)", (actorRole, targetRole, request, owners, outcome) => {
    expect(decideMemberRequest(state(actorRole, targetRole, owners), request)).toEqual(outcome);
  });

  it("offers Maintainers the roles below Maintainer, Owners every role, and the rest none", () => {
    expect(manageableRoles("owner")).toEqual([...ROLES]);
    expect(manageableRoles("maintainer")).toEqual(["guest", "reporter", "developer"]);
    for (const role of ["developer", "reporter", "guest", null] as const) expect(manageableRoles(role)).toEqual([]);
  });
});

describe("the controls the members page offers on a member's row", () => {
  it("a Maintainer may change and remove a Developer, but only read a Maintainer's or an Owner's row", () => {
    expect(memberControls("maintainer", "developer", 1)).toEqual({ roles: ["guest", "reporter", "developer"], removable: true, lastOwner: false });
    expect(memberControls("maintainer", "maintainer", 1)).toEqual({ roles: [], removable: false, lastOwner: false });
    expect(memberControls("maintainer", "owner", 2)).toEqual({ roles: [], removable: false, lastOwner: false });
  });

  it("an Owner may change anyone, except that the only Owner stays Owner", () => {
    expect(memberControls("owner", "owner", 2)).toEqual({ roles: [...ROLES], removable: true, lastOwner: false });
    expect(memberControls("owner", "owner", 1)).toEqual({ roles: ["owner"], removable: false, lastOwner: true });
    expect(memberControls("owner", "maintainer", 1)).toEqual({ roles: [...ROLES], removable: true, lastOwner: false });
  });
});
