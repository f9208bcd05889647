import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "./server-process";

// Integration tests run the production server, so the pages must be built from the current
// sources: build when there is no build or a source file is newer than it. `distDir` (default
// `.next`) is where the build goes; a server started on it needs FAULTLINE_NEXT_DIST_DIR set alike.
// `next build` and the server started on another dist dir add its types to tsconfig.json and
// next-env.d.ts; `keepTypeScriptSetup` takes them out again.

const SOURCE_DIRS = ["app", "components", "lib", "prisma"];
const SOURCE_FILES = ["next.config.mjs", "proxy.ts", "package.json"];

export function ensureProductionBuild(distDir = ".next"): void {
  const builtAt = modifiedAt(path.join(PROJECT_ROOT, distDir, "BUILD_ID"));
  const newest = Math.max(
    ...SOURCE_DIRS.map((dir) => newestIn(path.join(PROJECT_ROOT, dir))),
    ...SOURCE_FILES.map((file) => modifiedAt(path.join(PROJECT_ROOT, file))),
  );
  if (builtAt !== 0 && builtAt >= newest) return;
  console.log(`[tests] building the pages with \`next build\` into ${distDir}…`);
  const restore = keepTypeScriptSetup(distDir);
  try {
    execFileSync(process.execPath, [path.join(PROJECT_ROOT, "node_modules/next/dist/bin/next"), "build"], {
      cwd: PROJECT_ROOT,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", FAULTLINE_NEXT_DIST_DIR: distDir },
    });
  } finally {
    restore();
  }
}

/**
 * Call before Next runs on `distDir`; the function returned drops `distDir`'s entries from
 * tsconfig.json's `include` and puts back next-env.d.ts if it now points into `distDir`.
 */
export function keepTypeScriptSetup(distDir: string): () => void {
  const tsconfigPath = path.join(PROJECT_ROOT, "tsconfig.json");
  const nextEnvPath = path.join(PROJECT_ROOT, "next-env.d.ts");
  const nextEnv = readText(nextEnvPath);
  const underDistDir = (entry: string) => entry.startsWith(`${distDir}/`);
  return () => {
    if (distDir === ".next") return;
    const tsconfig = JSON.parse(readFileSync(tsconfigPath, "utf8")) as { include?: string[] };
    if (tsconfig.include?.some(underDistDir)) {
      tsconfig.include = tsconfig.include.filter((entry) => !underDistDir(entry));
      writeFileSync(tsconfigPath, `${JSON.stringify(tsconfig, null, 2)}\n`);
    }
    if (nextEnv !== null && !nextEnv.includes(`./${distDir}/`) && readText(nextEnvPath)?.includes(`./${distDir}/`)) {
      writeFileSync(nextEnvPath, nextEnv);
    }
  };
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
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
