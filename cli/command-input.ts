import { parseArgs, type ParseArgsConfig } from "node:util";
import type { z } from "zod";

// How a CLI command reads its arguments and reports a mistake: node:util's parseArgs for the
// syntax, a zod schema for the values, and `CommandFailure` for any expected failure, whose
// message `cli/main.ts` shows as is (exit code 1).

export class CommandFailure extends Error {
  override name = "CommandFailure";
}

export function parseCommandArgs<S extends z.ZodType>(
  args: string[],
  options: NonNullable<ParseArgsConfig["options"]>,
  schema: S,
): z.infer<S> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args, options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new CommandFailure(error instanceof Error ? error.message : String(error));
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path[0];
    if (typeof name === "string" && values[name] === undefined) throw new CommandFailure(`--${name} is required`);
    const option = issue && issue.path.length > 0 ? `--${issue.path.join(".")}: ` : "";
    throw new CommandFailure(`${option}${issue?.message ?? "invalid arguments"}`);
  }
  return parsed.data;
}
