import { describe, expect, it } from "vitest";
import { ACTIONS, can, type Role } from "@/lib/auth/permissions";

// The whole table, every role × every action × every entry point, is checked in
// tests/auth/authorization-matrix.test.ts; these are the rule's edges.

describe("who may do what on a project", () => {
  it("a signed-out visitor may do nothing", () => {
    for (const action of ACTIONS) expect(can(null, action, { roleOf: () => "owner" })).toBe(false);
  });

  it("a role on one user does not grant another user anything", () => {
    const project = { roleOf: (userId: number): Role | null => (userId === 1 ? "owner" : null) };
    expect(can({ id: 2, isAdmin: false }, "errors:read", project)).toBe(false);
  });
});
