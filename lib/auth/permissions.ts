// The only table of who may do what on a project (SPEC §5). Every page, server action and
// REST route asks `can`; hiding a button is presentation, not a check.
//
// Instance administrators (`users.is_admin`) act as Owner on every project, member or not:
// they see every project and may do everything an Owner may.

export const ROLES = ["guest", "reporter", "developer", "maintainer", "owner"] as const;
export type Role = (typeof ROLES)[number];

const LEAST_ROLE = {
  "errors:read": "reporter",
  "issues:read": "reporter",
  "errors:triage": "developer",
  "settings:manage": "maintainer",
  "members:manage": "maintainer",
  "project:delete": "owner",
} as const satisfies Record<string, Role>;

export type Action = keyof typeof LEAST_ROLE;
export const ACTIONS = Object.keys(LEAST_ROLE) as Action[];

export interface SessionUser {
  id: number;
  isAdmin: boolean;
}

/** What `can` needs to know about a project: the role a user holds there, if any. */
export interface ProjectAccess {
  roleOf(userId: number): Role | null;
}

export function rankOf(role: Role | null): number {
  return role === null ? -1 : ROLES.indexOf(role);
}

/** The role a user acts with on a project: Owner for administrators, else their membership. */
export function effectiveRole(user: SessionUser, project: ProjectAccess): Role | null {
  return user.isAdmin ? "owner" : project.roleOf(user.id);
}

export const can = (user: SessionUser | null, action: Action, project: ProjectAccess): boolean =>
  user !== null && rankOf(effectiveRole(user, project)) >= rankOf(LEAST_ROLE[action]);
