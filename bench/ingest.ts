// npm run bench:ingest — ingestion throughput, latency and memory of the real server
// (`npm start`) on the embedded database and, when DATABASE_URL is set, on PostgreSQL,
// each figure also as a ratio to a bare node:http server that only parses the envelopes.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startServer, type RunningServer } from "../tests/support/server-process";
import { createBenchDatabase } from "./bench-database";
import { measureCpuShares, type CpuShares } from "./machine-cpu";
import { percentile, runClosedLoop, runOpenLoop, type LoadResult, type Target } from "./load";
import { createPayloadFactory } from "./payloads";
import { peakRssMb } from "./peak-rss";
import { targetFromDsn, waitForDemoDsn } from "./server-target";
import { countStoredEvents } from "./stored-events";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const NEW_ERROR_SHARE = 0.05;
/**
 * The fixed rate measures the latency of a server that keeps up with that rate. The closed-loop
 * steps just before it overload the server on purpose, and what they leave behind (titles to
 * copy, a heap to collect) is given this long to settle first.
 */
const SETTLE_MS = 3_000;

interface Scenario {
  label: string;
  bytes: number;
  concurrencies: number[];
  fixedRate: number;
}

const SCENARIOS: Scenario[] = [
  { label: "4 KB", bytes: 4 * 1024, concurrencies: [8, 32, 128, 256], fixedRate: 1000 },
  { label: "50 KB", bytes: 50 * 1024, concurrencies: [8, 32, 128], fixedRate: 500 },
];

interface Figures {
  scenario: string;
  bestPerSecond: number;
  bestConcurrency: number;
  p50: number;
  p99: number;
  fixedRate: number;
  fixedP50: number;
  fixedP99: number;
  fixedAcked: number;
  fixedSent: number;
  fixedCpu: CpuShares;
  failed: number;
}

async function measure(target: Target, scenario: Scenario, onResult: (r: LoadResult) => void): Promise<Figures> {
  const payloads = createPayloadFactory(scenario.bytes, NEW_ERROR_SHARE);
  let best: { perSecond: number; concurrency: number; result: LoadResult } | null = null;
  let failed = 0;
  for (const concurrency of scenario.concurrencies) {
    const result = await runClosedLoop(target, payloads, concurrency, SECONDS);
    onResult(result);
    failed += result.failed;
    const perSecond = result.acknowledged / result.seconds;
    console.log(`    ${scenario.label} concurrency ${concurrency}: ${perSecond.toFixed(0)} events/s, p50 ${percentile(result.latenciesMs, 50).toFixed(1)} ms, p99 ${percentile(result.latenciesMs, 99).toFixed(1)} ms, non-200 ${result.failed}`);
    if (!best || perSecond > best.perSecond) best = { perSecond, concurrency, result };
  }
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const cpuShares = measureCpuShares();
  const fixed = await runOpenLoop(target, payloads, scenario.fixedRate, SECONDS);
  const fixedCpu = cpuShares();
  onResult(fixed);
  failed += fixed.failed;
  console.log(`    ${scenario.label} at ${scenario.fixedRate}/s: p50 ${percentile(fixed.latenciesMs, 50).toFixed(1)} ms, p99 ${percentile(fixed.latenciesMs, 99).toFixed(1)} ms, ${fixed.acknowledged}/${fixed.sent} answered 200; CPU idle ${fixedCpu.idle.toFixed(0)} %, steal ${fixedCpu.steal.toFixed(1)} %`);
  return {
    scenario: scenario.label,
    bestPerSecond: best!.perSecond,
    bestConcurrency: best!.concurrency,
    p50: percentile(best!.result.latenciesMs, 50),
    p99: percentile(best!.result.latenciesMs, 99),
    fixedRate: scenario.fixedRate,
    fixedP50: percentile(fixed.latenciesMs, 50),
    fixedP99: percentile(fixed.latenciesMs, 99),
    fixedAcked: fixed.acknowledged,
    fixedSent: fixed.sent,
    fixedCpu,
    failed,
  };
}

async function startBareServer(): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "bare-envelope-server.ts")], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve) => child.stdout!.on("data", (d: Buffer) => d.toString().includes("listening") && resolve()));
  return { port, child };
}

async function benchFaultline(kind: "embedded" | "postgresql"): Promise<{ figures: Figures[]; rssMb: number }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "faultline-bench-"));
  const database = kind === "postgresql" ? await createBenchDatabase(process.env.DATABASE_URL!) : null;
  let server: RunningServer | null = null;
  try {
    server = await startServer({ entry: "npm start", dataDir, databaseUrl: database?.url });
    const dsn = await waitForDemoDsn(server);
    const target = targetFromDsn(dsn, server.port);
    let acknowledged = 0;
    const figures: Figures[] = [];
    for (const scenario of SCENARIOS) {
      figures.push(await measure(target, scenario, (r) => (acknowledged += r.acknowledged)));
    }
    const rssMb = peakRssMb(server.process.pid!);
    const stored = await countStoredEvents(database ? { connectionString: database.url } : { host: dataDir, database: "postgres", user: "postgres" });
    console.log(`    stored and grouped in the database afterwards: ${stored} events; answered 200: ${acknowledged}`);
    if (stored < acknowledged) throw new Error(`${acknowledged - stored} acknowledged events are missing from the database`);
    return { figures, rssMb };
  } finally {
    await server?.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchBare(): Promise<Figures[]> {
  const { port, child } = await startBareServer();
  try {
    const target: Target = { port, path: "/api/1/envelope/", headers: { "content-type": "application/x-sentry-envelope" } };
    const figures: Figures[] = [];
    for (const scenario of SCENARIOS) figures.push(await measure(target, scenario, () => {}));
    return figures;
  } finally {
    child.kill();
  }
}

function printTable(name: string, figures: Figures[], bare: Figures[], rssMb: number) {
  console.log(`\n${name} (peak server RSS ${rssMb.toFixed(0)} MB)`);
  console.log("size    | events/s stored (x bare) | best at conc. | p50 / p99 ms at best | p50 / p99 ms at fixed rate | steal % then | non-200");
  for (const f of figures) {
    const b = bare.find((x) => x.scenario === f.scenario)!;
    console.log(
      `${f.scenario.padEnd(7)} | ${f.bestPerSecond.toFixed(0).padStart(6)} (${(f.bestPerSecond / b.bestPerSecond).toFixed(2)}x of ${b.bestPerSecond.toFixed(0)}) | ${String(f.bestConcurrency).padStart(13)} | ${f.p50.toFixed(1)} / ${f.p99.toFixed(1)} | ${f.fixedP50.toFixed(1)} / ${f.fixedP99.toFixed(1)} at ${f.fixedRate}/s (bare ${b.fixedP99.toFixed(1)}) | ${f.fixedCpu.steal.toFixed(1).padStart(12)} | ${f.failed}`,
    );
  }
}

async function main() {
  console.log(`Ingestion benchmark: ${SECONDS}s per step, ${NEW_ERROR_SHARE * 100}% new errors, load generator on this machine (${os.cpus().length} cores)`);
  console.log("\nbare node:http envelope parser:");
  const bare = await benchBare();
  console.log("\nFaultline (npm start), embedded PGlite:");
  const embedded = await benchFaultline("embedded");
  let postgres: { figures: Figures[]; rssMb: number } | null = null;
  if (process.env.DATABASE_URL) {
    console.log("\nFaultline (npm start), PostgreSQL:");
    postgres = await benchFaultline("postgresql");
  }
  console.log("\n=== Summary ===");
  printTable("bare node:http", bare, bare, NaN);
  printTable("embedded (PGlite)", embedded.figures, bare, embedded.rssMb);
  if (postgres) printTable("PostgreSQL", postgres.figures, bare, postgres.rssMb);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
