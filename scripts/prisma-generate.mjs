// `prisma generate` needs no native engine, but the CLI insists on finding a schema-engine
// binary path before it runs; any existing file satisfies it (it is never executed).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: fileURLToPath(import.meta.url), PRISMA_HIDE_UPDATE_MESSAGE: "1" };
execFileSync("npx", ["prisma", "generate"], { stdio: "inherit", env });
