// What `npm start` runs: builds the pages once (`next build`, when there is no build yet),
// bundles the server (scripts/server-bundle.mjs), then runs it in this process under plain Node.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import nextConfig from "../next.config.mjs";
import { bundleServer } from "./server-bundle.mjs";

const projectRoot = path.resolve(import.meta.dirname, "..");

function buildPagesIfNeeded() {
  if (existsSync(path.join(projectRoot, nextConfig.distDir, "BUILD_ID"))) return;
  console.log("No production build found: running `next build` once (this takes a few minutes)…");
  execFileSync(process.execPath, [path.join(projectRoot, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: projectRoot,
    stdio: "inherit",
  });
}

buildPagesIfNeeded();
const server = await bundleServer(projectRoot).catch((error) => {
  console.error("Faultline could not start: bundling the server failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
await import(pathToFileURL(server).href);
