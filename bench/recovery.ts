// npm run bench:recovery — how long the server takes to start again after a crash of the
// embedded database, which replays the WAL written since its last checkpoint: up to 512 MB,
// or 5 minutes' worth (lib/db/embedded-checkpoints.ts). It ingests until
// BENCH_RECOVERY_WAL_MB of WAL await replay, kills the server (SIGKILL), times its start,
// checks that every acknowledged event is there, then times a clean stop and start.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { CHECKPOINT_STATE } from "@/lib/db/embedded-checkpoints";
import { startServer, type RunningServer } from "../tests/support/server-process";
import { runClosedLoop } from "./load";
import { createPayloadFactory } from "./payloads";
import { targetFromDsn, waitForDemoDsn } from "./server-target";
import { countStoredEvents } from "./stored-events";

const WAL_MB = Number(process.env.BENCH_RECOVERY_WAL_MB ?? 300);

async function querySocket<Row>(dataDir: string, sql: string): Promise<Row> {
  const client = new pg.Client({ host: dataDir, database: "postgres", user: "postgres" });
  await client.connect();
  try {
    return (await client.query(sql)).rows[0] as Row;
  } finally {
    await client.end();
  }
}

const walSinceCheckpointMb = async (dataDir: string) =>
  (await querySocket<{ wal_bytes: number }>(dataDir, CHECKPOINT_STATE)).wal_bytes / 2 ** 20;

async function timedStart(dataDir: string): Promise<{ server: RunningServer; seconds: number }> {
  const started = performance.now();
  const server = await startServer({ entry: "npm start", dataDir });
  return { server, seconds: (performance.now() - started) / 1000 };
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "faultline-bench-recovery-"));
  let server: RunningServer | null = null;
  try {
    server = await startServer({ entry: "npm start", dataDir });
    const target = targetFromDsn(await waitForDemoDsn(server), server.port);
    const payloads = createPayloadFactory(4 * 1024, 0.05);
    let acknowledged = 0;
    let walMb = 0;
    const filling = performance.now();
    while (walMb < WAL_MB) {
      const result = await runClosedLoop(target, payloads, 64, 5);
      acknowledged += result.acknowledged;
      const before = walMb;
      walMb = await walSinceCheckpointMb(dataDir);
      if (walMb < before) {
        const logged = server.output().match(/\[db\] checkpoint .*/g)?.join("; ") ?? "";
        throw new Error(`a checkpoint ran (${logged}): ask for less WAL than that (BENCH_RECOVERY_WAL_MB)`);
      }
      console.log(`  ${acknowledged} events answered 200, ${walMb.toFixed(0)} MB of WAL since the last checkpoint`);
    }
    console.log(`filled in ${((performance.now() - filling) / 1000).toFixed(0)} s; killing the server (SIGKILL)`);
    const killed = new Promise((resolve) => server!.process.once("exit", resolve));
    server.process.kill("SIGKILL");
    await killed;

    const afterCrash = await timedStart(dataDir);
    server = afterCrash.server;
    const stored = await countStoredEvents({ host: dataDir, database: "postgres", user: "postgres" });
    console.log(`start after the crash: ${afterCrash.seconds.toFixed(1)} s, replaying ${walMb.toFixed(0)} MB of WAL; ${stored} events stored of ${acknowledged} answered 200`);
    if (stored < acknowledged) throw new Error(`${acknowledged - stored} acknowledged events are missing after the crash`);

    const stopping = performance.now();
    await server.stop();
    const stopSeconds = (performance.now() - stopping) / 1000;
    const clean = await timedStart(dataDir);
    server = clean.server;
    console.log(`clean stop: ${stopSeconds.toFixed(1)} s; start after it: ${clean.seconds.toFixed(1)} s`);
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
