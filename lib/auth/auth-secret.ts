import "server-only";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { getConfig } from "@/lib/config";

// The server secret that signs sessions and seals stored Sentry tokens. AUTH_SECRET wins;
// without it one is generated on first use and kept in the data directory (mode 0600), so
// sessions and sealed tokens survive restarts. Processes sharing a PostgreSQL database on
// several hosts must set the same AUTH_SECRET.

const SECRET_FILE = "auth-secret";

let pending: Promise<string> | undefined;

export function getAuthSecret(): Promise<string> {
  pending ??= resolveAuthSecret();
  return pending;
}

async function resolveAuthSecret(): Promise<string> {
  const config = getConfig();
  if (config.authSecret) return config.authSecret;
  const file = path.join(config.dataDir, SECRET_FILE);
  const existing = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  if (existing !== null && existing.trim().length >= 32) return existing.trim();
  await mkdir(config.dataDir, { recursive: true });
  const generated = randomBytes(32).toString("base64url");
  try {
    // `wx`: when two processes race, the second one reads the first one's secret.
    await writeFile(file, `${generated}\n`, { mode: 0o600, flag: "wx" });
    return generated;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return (await readFile(file, "utf8")).trim();
  }
}
