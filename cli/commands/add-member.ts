import { z } from "zod";
import { CommandFailure, parseCommandArgs } from "@/cli/command-input";
import { ROLES, type SessionUser } from "@/lib/auth/permissions";
import { findProjectBySlug } from "@/lib/db/projects";
import { EmailAddress, findUserByEmail } from "@/lib/db/users";
import { addMember, changeMemberRole, type MemberFailure } from "@/lib/members/manage-members";

/** Whoever runs the CLI administers the instance: they act as an administrator (Owner). */
const OPERATOR: SessionUser = { id: 0, isAdmin: true };

const REFUSALS: Record<MemberFailure["kind"], string> = {
  "last-owner": "is the project's only Owner; make someone else Owner first",
  "not-allowed": "cannot be given that role",
  "already-member": "is already a member",
  "not-a-member": "is not a member",
  "project-not-found": "has no such project",
};

/** `member add --project SLUG --email E --role ROLE` — adds the user, or changes their role
 *  under the same rules as the members page (the last Owner stays an Owner). */
export async function runAddMember(args: string[]): Promise<{ project: string; email: string; role: string }> {
  const input = parseCommandArgs(
    args,
    { project: { type: "string" }, email: { type: "string" }, role: { type: "string" } },
    z.object({ project: z.string(), email: EmailAddress, role: z.enum(ROLES) }),
  );
  const project = await findProjectBySlug(input.project);
  if (!project) throw new CommandFailure(`No project with slug "${input.project}"`);
  const user = await findUserByEmail(input.email);
  if (!user) throw new CommandFailure(`No user with email ${input.email}`);
  let result = await addMember(OPERATOR, project.id, { email: user.email, role: input.role });
  if (!result.ok && result.error.kind === "already-member") {
    result = await changeMemberRole(OPERATOR, project.id, { userId: user.id, role: input.role });
  }
  if (!result.ok) throw new CommandFailure(`${user.email} ${REFUSALS[result.error.kind]}`);
  return { project: project.slug, email: user.email, role: result.value.role };
}

export function describeAddMember(result: Awaited<ReturnType<typeof runAddMember>>): string {
  return `${result.email} is now ${result.role} of ${result.project}.`;
}
