import { rankOf, ROLES, type Role } from "@/lib/auth/permissions";
import type { MembershipWrite } from "@/lib/db/memberships";

// Who may add, change or remove whom on a project (SPEC §5). Whether the caller may manage
// members at all is `members:manage` in lib/auth/permissions; this decides which members and
// which roles:
// - a Maintainer manages the members below Maintainer (Guest, Reporter, Developer) and may
//   only give those roles, so they can neither promote anyone to Maintainer or Owner nor touch
//   another Maintainer or an Owner;
// - an Owner (and an administrator, who acts as Owner) manages everyone;
// - whoever asks, a project never loses its last Owner.
// Pure: the caller reads the state and writes the outcome in one transaction
// (lib/members/manage-members.ts).

export type MemberRequest = { kind: "add"; role: Role } | { kind: "change-role"; role: Role } | { kind: "remove" };

/** What the project looks like when the request is decided. */
export interface MemberState {
  /** The role the caller acts with (Owner for administrators), null when none. */
  actorRole: Role | null;
  /** The role the person concerned holds now, null when not a member. */
  targetRole: Role | null;
  /** How many Owners the project has now. */
  ownerCount: number;
}

export type MemberRefusal =
  | { kind: "not-allowed" }
  | { kind: "last-owner" }
  | { kind: "already-member"; role: Role }
  | { kind: "not-a-member" };

/** The write to make: give the person a role, take their membership away, or nothing. */
export type MemberDecision = { ok: true; value: MembershipWrite } | { ok: false; error: MemberRefusal };

/** The roles a caller may give, and the roles of the members they may change or remove. */
export function manageableRoles(actorRole: Role | null): Role[] {
  if (actorRole === "owner") return [...ROLES];
  if (actorRole === "maintainer") return ROLES.filter((role) => rankOf(role) < rankOf("maintainer"));
  return [];
}

export function decideMemberRequest(state: MemberState, request: MemberRequest): MemberDecision {
  const manageable = manageableRoles(state.actorRole);
  const refuse = (error: MemberRefusal): MemberDecision => ({ ok: false, error });

  switch (request.kind) {
    case "add":
      if (!manageable.includes(request.role)) return refuse({ kind: "not-allowed" });
      if (state.targetRole !== null) return refuse({ kind: "already-member", role: state.targetRole });
      return { ok: true, value: { kind: "set", role: request.role } };
    case "change-role":
      if (state.targetRole === null) return refuse({ kind: "not-a-member" });
      if (!manageable.includes(state.targetRole) || !manageable.includes(request.role)) return refuse({ kind: "not-allowed" });
      if (state.targetRole === request.role) return { ok: true, value: { kind: "none" } };
      if (state.targetRole === "owner" && state.ownerCount <= 1) return refuse({ kind: "last-owner" });
      return { ok: true, value: { kind: "set", role: request.role } };
    case "remove":
      if (state.targetRole === null) return refuse({ kind: "not-a-member" });
      if (!manageable.includes(state.targetRole)) return refuse({ kind: "not-allowed" });
      if (state.targetRole === "owner" && state.ownerCount <= 1) return refuse({ kind: "last-owner" });
      return { ok: true, value: { kind: "delete" } };
  }
}

/** What the members page offers a caller on one member's row; the server decides again on submit. */
export interface MemberControls {
  /** Roles the caller may pick for this member, their current role included; empty when read-only. */
  roles: Role[];
  removable: boolean;
  /** The member is the only Owner: neither demoted nor removed until another Owner is added. */
  lastOwner: boolean;
}

export function memberControls(actorRole: Role | null, memberRole: Role, ownerCount: number): MemberControls {
  const lastOwner = memberRole === "owner" && ownerCount <= 1;
  if (!manageableRoles(actorRole).includes(memberRole)) return { roles: [], removable: false, lastOwner };
  const roles = lastOwner ? ["owner" as const] : manageableRoles(actorRole);
  return { roles, removable: !lastOwner, lastOwner };
}
