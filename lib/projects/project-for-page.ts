import "server-only";
import { cache } from "react";
import { can, type Action, type Role } from "@/lib/auth/permissions";
import { requireProject, type RequireProjectResult } from "@/lib/auth/require-project";
import { requireSessionUser, type SignedInUser } from "@/lib/auth/session";

// A project for the pages under /projects/{slug}: the signed-in user (or a redirect to
// /signin) and `requireProject`'s answer, memoised for the request so the layout and the page
// load it once. Each page still asks with its own action: a layout is not an access check.

export const loadProjectForPage = cache(
  async (slug: string, action: Action): Promise<{ user: SignedInUser; access: RequireProjectResult }> => {
    const user = await requireSessionUser();
    return { user, access: await requireProject(user, slug, action) };
  },
);

/** Whether `role` on the project (as `requireProject` returned it) allows `action`: for what a page shows. */
export function roleAllows(user: SignedInUser, role: Role, action: Action): boolean {
  return can(user, action, { roleOf: () => role });
}
