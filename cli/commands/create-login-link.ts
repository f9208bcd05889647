import { z } from "zod";
import { CommandFailure, parseCommandArgs } from "@/cli/command-input";
import { createSignInLink } from "@/lib/auth/sign-in-links";
import { getConfig } from "@/lib/config";
import { EmailAddress, findUserByEmail } from "@/lib/db/users";

/** `login-link --email E` — a one-time sign-in link, valid 15 minutes. */
export async function runCreateLoginLink(args: string[]): Promise<{ url: string }> {
  const input = parseCommandArgs(args, { email: { type: "string" } }, z.object({ email: EmailAddress }));
  const user = await findUserByEmail(input.email);
  if (!user) throw new CommandFailure(`No user with email ${input.email}`);
  const { url } = await createSignInLink(user.id, getConfig().publicUrl);
  return { url };
}

export function describeCreateLoginLink(result: Awaited<ReturnType<typeof runCreateLoginLink>>): string {
  return `One-time sign-in link (valid 15 minutes):\n${result.url}`;
}
