// No `import "server-only"`: server.ts loads this under plain Node.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

// Work the server hands to a short-lived process of its own, so that the memory it takes (the
// schema engine, a new database's initdb) never becomes part of the server's. A script follows
// the CLI's convention: on failure it prints one JSON object `{ "error": … }` on stdout.

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

/** Runs a TypeScript script of this project to its end; rejects with the reason it gave. */
export async function runScriptProcess(script: string, args: string[]): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, ["--import", import.meta.resolve("tsx"), script, ...args], { cwd: projectRoot });
  } catch (failure) {
    throw new Error(reasonOf(failure));
  }
}

function reasonOf(failure: unknown): string {
  const { stdout, stderr } = failure as { stdout?: string; stderr?: string };
  const lastLine = (text: string | undefined) => text?.trim().split("\n").at(-1) ?? "";
  try {
    const reported: unknown = JSON.parse(lastLine(stdout));
    if (typeof reported === "object" && reported !== null && "error" in reported && typeof reported.error === "string") return reported.error;
  } catch {
    // Not the convention's JSON: the last line on stderr says more than nothing.
  }
  return lastLine(stderr) || (failure instanceof Error ? failure.message : String(failure));
}
