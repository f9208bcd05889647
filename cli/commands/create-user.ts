import { z } from "zod";
import { CommandFailure, parseCommandArgs } from "@/cli/command-input";
import { createUser, EmailAddress } from "@/lib/db/users";

/** `user create --email E [--name N] [--admin]` */
export async function runCreateUser(args: string[]): Promise<{ id: number; email: string }> {
  const input = parseCommandArgs(
    args,
    { email: { type: "string" }, name: { type: "string" }, admin: { type: "boolean" } },
    z.object({ email: EmailAddress, name: z.string().trim().min(1).max(255).optional(), admin: z.boolean().default(false) }),
  );
  const result = await createUser({ email: input.email, name: input.name, isAdmin: input.admin });
  if (!result.ok) throw new CommandFailure(`A user with email ${input.email} already exists`);
  return { id: result.value.id, email: result.value.email };
}

export function describeCreateUser(result: Awaited<ReturnType<typeof runCreateUser>>): string {
  return `Created user ${result.email} (id ${result.id}).`;
}
