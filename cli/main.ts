import { runAddMember, describeAddMember } from "@/cli/commands/add-member";
import { runCreateLoginLink, describeCreateLoginLink } from "@/cli/commands/create-login-link";
import { runCreateProject, describeCreateProject } from "@/cli/commands/create-project";
import { runCreateToken, describeCreateToken } from "@/cli/commands/create-token";
import { runCreateUser, describeCreateUser } from "@/cli/commands/create-user";
import { runDbMigrate } from "@/cli/commands/db-migrate";
import { CommandFailure } from "@/cli/command-input";
import { closeDb } from "@/lib/db/client";

// `npm run cli -- <noun> <verb> [options] [--json]` (SPEC §3). Each command parses its own
// options and returns a plain object; this prints it — exactly one JSON object on stdout with
// --json, friendly text otherwise — and turns a failure into exit code 1.

interface Command {
  run(args: string[]): Promise<object>;
  describe?(result: never): string;
}

const COMMANDS: Record<string, Command> = {
  "project create": { run: runCreateProject, describe: describeCreateProject },
  "user create": { run: runCreateUser, describe: describeCreateUser },
  "member add": { run: runAddMember, describe: describeAddMember },
  "token create": { run: runCreateToken, describe: describeCreateToken },
  "login-link": { run: runCreateLoginLink, describe: describeCreateLoginLink },
  "db migrate": { run: runDbMigrate },
};

const USAGE = `Usage: npm run cli -- <command> [options] [--json]

  project create --name NAME [--slug SLUG]
  user create --email EMAIL [--name NAME] [--admin]
  member add --project SLUG --email EMAIL --role guest|reporter|developer|maintainer|owner
  token create --email EMAIL [--name NAME]
  login-link --email EMAIL
  db migrate`;

function findCommand(argv: string[]): { command: Command; args: string[] } | null {
  const one = argv[0] ?? "";
  if (COMMANDS[one]) return { command: COMMANDS[one], args: argv.slice(1) };
  const two = `${one} ${argv[1] ?? ""}`;
  if (COMMANDS[two]) return { command: COMMANDS[two], args: argv.slice(2) };
  return null;
}

function describe(result: object): string {
  return Object.entries(result)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join("\n");
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const rest = argv.filter((arg) => arg !== "--json");
  if (rest.length === 0 || rest[0] === "help" || rest.includes("--help") || rest.includes("-h")) {
    console.log(json ? JSON.stringify({ usage: USAGE }) : USAGE);
    return 0;
  }
  const found = findCommand(rest);
  try {
    if (!found) throw new CommandFailure(`Unknown command "${rest.slice(0, 2).join(" ")}"\n\n${USAGE}`);
    const result = await found.command.run(found.args);
    const text = found.command.describe ? (found.command.describe as (r: object) => string)(result) : describe(result);
    console.log(json ? JSON.stringify(result) : text);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (json) console.log(JSON.stringify({ error: message }));
    else console.error(`Error: ${message}`);
    if (!(error instanceof CommandFailure) && error instanceof Error && !json) console.error(error.stack);
    return 1;
  } finally {
    await closeDb().catch(() => {});
  }
}

process.exit(await main(process.argv.slice(2)));
