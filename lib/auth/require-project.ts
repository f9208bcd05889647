import "server-only";
import { can, effectiveRole, type Action, type Role, type SessionUser } from "@/lib/auth/permissions";
import { findProjectWithRole, type ProjectSummary } from "@/lib/db/projects";

// Loads a project and checks the caller in one step. A project the caller cannot see (not a
// member, not an administrator) answers "not-found", exactly like one that does not exist,
// so its existence does not leak; a visible project with too small a role is "forbidden".

export type ProjectAccessFailure = { kind: "not-found" } | { kind: "forbidden" };

export type RequireProjectResult =
  | { ok: true; value: { project: ProjectSummary; role: Role } }
  | { ok: false; error: ProjectAccessFailure };

/** `idOrSlug`: a project's numeric id or its slug (as the REST API's `:id` takes it). */
export async function requireProject(
  user: SessionUser | null,
  idOrSlug: string,
  action: Action,
): Promise<RequireProjectResult> {
  if (user === null) return { ok: false, error: { kind: "not-found" } };
  const found = await findProjectWithRole(idOrSlug, user.id);
  if (!found) return { ok: false, error: { kind: "not-found" } };
  const access = { roleOf: (userId: number) => (userId === user.id ? found.role : null) };
  const role = effectiveRole(user, access);
  if (role === null) return { ok: false, error: { kind: "not-found" } };
  if (!can(user, action, access)) return { ok: false, error: { kind: "forbidden" } };
  return { ok: true, value: { project: found.project, role } };
}
