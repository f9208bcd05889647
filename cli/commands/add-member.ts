import { z } from "zod";
import { CommandFailure, parseCommandArgs } from "@/cli/command-input";
import { ROLES } from "@/lib/auth/permissions";
import { setMembership } from "@/lib/db/memberships";
import { findProjectBySlug } from "@/lib/db/projects";
import { EmailAddress, findUserByEmail } from "@/lib/db/users";

/** `member add --project SLUG --email E --role ROLE` — adds the user, or changes their role. */
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
  const membership = await setMembership(project.id, user.id, input.role);
  return { project: project.slug, email: user.email, role: membership.role };
}

export function describeAddMember(result: Awaited<ReturnType<typeof runAddMember>>): string {
  return `${result.email} is now ${result.role} of ${result.project}.`;
}
