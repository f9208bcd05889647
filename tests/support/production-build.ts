import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "./server-process";

// Integration tests run the production server, so the pages must be built from the current
// sources: build when there is no build or a source file is newer than it.

const SOURCE_DIRS = ["app", "components", "lib", "prisma"];
const SOURCE_FILES = ["next.config.mjs", "proxy.ts", "package.json"];

export function ensureProductionBuild(): void {
  const builtAt = modifiedAt(path.join(PROJECT_ROOT, ".next", "BUILD_ID"));
  const newest = Math.max(
    ...SOURCE_DIRS.map((dir) => newestIn(path.join(PROJECT_ROOT, dir))),
    ...SOURCE_FILES.map((file) => modifiedAt(path.join(PROJECT_ROOT, file))),
  );
  if (builtAt !== 0 && builtAt >= newest) return;
  console.log("[tests] building the pages with `next build`…");
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: PROJECT_ROOT,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
}

function modifiedAt(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function newestIn(dir: string): number {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (entry.name === "generated") continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(full) : modifiedAt(full));
  }
  return newest;
}
