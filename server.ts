// The server `npm start` runs (bundled by scripts/start.mjs): the ingestion paths are answered
// here, straight from node:http through the same core as the route handlers (about ten times
// the requests per second of a Next route handler); every other request goes to Next.
import http from "node:http";
import path from "node:path";
import next from "next";
import { ensureFirstStart } from "@/lib/bootstrap";
import { getConfig } from "@/lib/config";
import { closeDb, openDatabase, installDatabase, type Database } from "@/lib/db/client";
import { startEmbeddedDatabaseThread, type EmbeddedDatabaseThread } from "@/lib/db/embedded-database-thread";
import { probePgliteSocket } from "@/lib/db/pglite-socket";
import { hasPendingMigrations } from "@/lib/db/migrate";
import { matchIngestPath } from "@/lib/hosting/ingest-path";
import { serveNodeIngest } from "@/lib/hosting/node-ingest";
import { getNodeIngestRuntime } from "@/lib/hosting/node-ingest-runtime";
import { runScriptProcess } from "@/lib/hosting/script-process";

const projectRoot = path.dirname(new URL(import.meta.url).pathname);

async function main() {
  const config = getConfig();

  const embedded = await startEmbeddedDatabase(config.databaseUrl, config.dataDir);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await applyPendingMigrations(database);
  installDatabase(database);

  const app = next({ dev: false, dir: projectRoot, hostname: config.hostname, port: config.port });
  await app.prepare();
  const handleWithNext = app.getRequestHandler();
  const runtime = getNodeIngestRuntime();

  const server = http.createServer((req, res) => {
    const pathname = (req.url ?? "/").split("?", 1)[0];
    const ingestPath = matchIngestPath(pathname);
    if (ingestPath) {
      void serveNodeIngest(req, res, ingestPath, runtime);
      return;
    }
    void handleWithNext(req, res);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(config.port, config.hostname, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;

  console.log(`Faultline is listening on ${config.publicUrl} (port ${port}, ${database.kind} database)`);
  const firstStart = await ensureFirstStart(config.publicUrl);
  if (firstStart) {
    console.log(`\nFirst start: created the Owner account and the demo project.`);
    console.log(`  Open:              ${firstStart.url}`);
    console.log(`  One-time sign-in:  ${firstStart.signInUrl}  (valid 15 minutes)`);
    console.log(`  Demo project DSN:  ${firstStart.dsn}\n`);
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // Stop taking requests, answer the ones in flight (for at most 10 s), then close the database.
    const closed = new Promise((resolve) => server.close(resolve));
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    server.closeAllConnections();
    await runtime.sink.drain();
    await closeDb();
    await embedded?.stop();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

/**
 * The data dir's database runs on a thread of its own, reached through its socket; unless
 * another process serves that data dir already, when this one joins it through the same socket.
 */
async function startEmbeddedDatabase(databaseUrl: string | undefined, dataDir: string): Promise<EmbeddedDatabaseThread | null> {
  if (databaseUrl || (await probePgliteSocket(dataDir)) === "alive") return null;
  return startEmbeddedDatabaseThread(dataDir, (reason) => {
    console.error(`Faultline is stopping: ${reason}`);
    process.exit(1);
  });
}

/**
 * Pending migrations are applied by `db migrate` in a process of its own: Prisma's schema engine
 * (some 50 MB of WebAssembly, kept once loaded) then never becomes part of the server's memory.
 */
async function applyPendingMigrations(database: Database): Promise<void> {
  if (!(await hasPendingMigrations(database))) return;
  await runScriptProcess(path.join(projectRoot, "cli", "main.ts"), ["db", "migrate", "--json"]).catch((error: Error) => {
    throw new Error(`the database could not be migrated: ${error.message}`);
  });
}

main().catch((error: unknown) => {
  console.error("Faultline could not start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
