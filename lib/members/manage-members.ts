// No `import "server-only"`: the CLI (`member add`) runs it under plain Node.
import { effectiveRole, type Role, type SessionUser } from "@/lib/auth/permissions";
import { changeMembership, listMembers, type MembershipSnapshot, type MembershipTarget, type MemberSummary } from "@/lib/db/memberships";
import {
  decideMemberRequest,
  manageableRoles,
  memberControls,
  type MemberControls,
  type MemberRefusal,
  type MemberRequest,
} from "@/lib/members/member-rules";

// Adding people to a project, changing their role, removing them. Callers have already passed
// `requireProject(…, "members:manage")`; each operation decides again, under the project's
// lock, on the roles as they are at that moment (lib/members/member-rules).

export type MemberFailure = MemberRefusal | { kind: "project-not-found" };

export type MemberResult<T> = { ok: true; value: T } | { ok: false; error: MemberFailure };

async function applyMemberRequest(
  actor: SessionUser,
  projectId: number,
  target: MembershipTarget,
  request: MemberRequest,
): Promise<MemberResult<MemberSummary | null>> {
  return changeMembership({ projectId, actorUserId: actor.id, target }, (snapshot: MembershipSnapshot) =>
    decideMemberRequest(
      { ...snapshot, actorRole: effectiveRole(actor, { roleOf: () => snapshot.actorRole }) },
      request,
    ),
  );
}

/** Adds the person with this email; one who has never signed in gets a user record and has
 *  access once they sign in with that email. `email` is already normalised (EmailAddress). */
export async function addMember(
  actor: SessionUser,
  projectId: number,
  input: { email: string; role: Role },
): Promise<MemberResult<MemberSummary>> {
  const result = await applyMemberRequest(actor, projectId, { email: input.email }, { kind: "add", role: input.role });
  if (!result.ok) return result;
  if (result.value === null) throw new Error("an added member is missing");
  return { ok: true, value: result.value };
}

export async function changeMemberRole(
  actor: SessionUser,
  projectId: number,
  input: { userId: number; role: Role },
): Promise<MemberResult<MemberSummary>> {
  const result = await applyMemberRequest(actor, projectId, { userId: input.userId }, { kind: "change-role", role: input.role });
  if (!result.ok) return result;
  if (result.value === null) throw new Error("a changed member is missing");
  return { ok: true, value: result.value };
}

export async function removeMember(
  actor: SessionUser,
  projectId: number,
  input: { userId: number },
): Promise<MemberResult<null>> {
  const result = await applyMemberRequest(actor, projectId, { userId: input.userId }, { kind: "remove" });
  if (!result.ok) return result;
  return { ok: true, value: null };
}

export type ManagedMember = MemberSummary & { controls: MemberControls };

/** The members page's rows: each member with what `actorRole` may do to them, plus the roles
 *  the caller may give someone new. */
export async function listManagedMembers(
  actorRole: Role,
  projectId: number,
): Promise<{ members: ManagedMember[]; assignableRoles: Role[] }> {
  const members = await listMembers(projectId);
  const ownerCount = members.filter((member) => member.role === "owner").length;
  return {
    members: members.map((member) => ({ ...member, controls: memberControls(actorRole, member.role, ownerCount) })),
    assignableRoles: manageableRoles(actorRole),
  };
}
