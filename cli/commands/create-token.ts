import { z } from "zod";
import { CommandFailure, parseCommandArgs } from "@/cli/command-input";
import { createAccessToken } from "@/lib/auth/access-tokens";
import { EmailAddress, findUserByEmail } from "@/lib/db/users";

/** `token create --email E [--name N]` — a personal access token, shown this once. */
export async function runCreateToken(args: string[]): Promise<{ token: string }> {
  const input = parseCommandArgs(
    args,
    { email: { type: "string" }, name: { type: "string" } },
    z.object({ email: EmailAddress, name: z.string().trim().min(1).max(255).default("cli") }),
  );
  const user = await findUserByEmail(input.email);
  if (!user) throw new CommandFailure(`No user with email ${input.email}`);
  const { token } = await createAccessToken({ userId: user.id, name: input.name });
  return { token };
}

export function describeCreateToken(result: Awaited<ReturnType<typeof runCreateToken>>): string {
  return `Personal access token (shown only now; keep it secret):\n${result.token}`;
}
