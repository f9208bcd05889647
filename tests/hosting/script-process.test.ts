import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScriptProcess } from "@/lib/hosting/script-process";

describe("a script run in a process of its own", () => {
  let dir: string;
  const script = async (name: string, source: string) => {
    const file = path.join(dir, name);
    await writeFile(file, source);
    return file;
  };
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "faultline-script-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("resolves when the script ends well, and sees its arguments", async () => {
    const ok = await script("ok.ts", `if (process.argv[2] !== "an argument") process.exit(3);`);
    await expect(runScriptProcess(ok, ["an argument"])).resolves.toBeUndefined();
  });

  it("rejects with the reason the script printed as { error } on stdout, as the CLI's --json does", async () => {
    const failing = await script(
      "failing.ts",
      `console.error("a warning on stderr"); console.log(JSON.stringify({ error: "the migration could not run" })); process.exit(1);`,
    );
    await expect(runScriptProcess(failing, [])).rejects.toThrow(/^the migration could not run$/);
  });

  it("rejects with the last line of stderr when the script printed no reason", async () => {
    const crashing = await script("crashing.ts", `console.error("first line\\nthe last line says why"); process.exit(2);`);
    await expect(runScriptProcess(crashing, [])).rejects.toThrow(/^the last line says why$/);
  });
});
