import { createAccessToken } from "@/lib/auth/access-tokens";
import { ROLES, type Role } from "@/lib/auth/permissions";
import { setMembership } from "@/lib/db/memberships";
import { createUser } from "@/lib/db/users";

/** One member per role (`<role>@<emailDomain>`) on the project, each with a personal access token. */
export async function addMemberPerRole(projectId: number, emailDomain: string): Promise<Record<Role, string>> {
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    const user = await createUser({ email: `${role}@${emailDomain}`, name: role });
    if (!user.ok) throw new Error(`could not create the ${role}`);
    await setMembership(projectId, user.value.id, role);
    tokens[role] = (await createAccessToken({ userId: user.value.id, name: "tests" })).token;
  }
  return tokens;
}
