import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";

// Starts Faultline as a real child process: what `npm start` runs (scripts/start.mjs) or plain
// `next start` (the route handlers), on PGlite (dataDir) or PostgreSQL (databaseUrl).

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");

export type Entry = "npm start" | "next start";

export interface ServerOptions {
  entry: Entry;
  databaseUrl?: string;
  dataDir?: string;
  env?: Record<string, string>;
  /** A port chosen in advance (say, for an OAuth redirect URI); a free one otherwise. */
  port?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  process: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export function hasProductionBuild(): boolean {
  return existsSync(path.join(PROJECT_ROOT, ".next", "BUILD_ID"));
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    FAULTLINE_URL: url,
    NODE_ENV: "production",
    // What `npm start` sets too (package.json; the README says why, under "Memory").
    ...(options.entry === "npm start" ? { MALLOC_ARENA_MAX: "2" } : {}),
    ...options.env,
  };
  delete env.DATABASE_URL;
  delete env.FAULTLINE_DATA_DIR;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.dataDir) env.FAULTLINE_DATA_DIR = options.dataDir;

  const args: string[] =
    options.entry === "npm start"
      ? ["scripts/start.mjs"]
      : [path.join(PROJECT_ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  let stopping = false;
  // A server that ends itself mid-test fails the next request with "connection refused":
  // its last words say why.
  child.on("exit", (code) => {
    if (!stopping && code !== null) console.error(`the server on port ${port} exited with code ${code}:\n${output.slice(-4000)}`);
  });

  const ready = options.entry === "npm start" ? /Faultline is listening/ : /Ready in|started server|Local:/;
  await waitFor(() => ready.test(output), () => child.exitCode !== null, 120_000, () => output);
  // `next start` is ready before its first route compiles its module graph; wait for a real answer.
  await waitForHttp(`${url}/api/0/store/`, 60_000);

  return {
    url,
    port,
    process: child,
    output: () => output,
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopping = true;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitFor(
  done: () => boolean,
  failed: () => boolean,
  timeoutMs: number,
  describe: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (failed()) throw new Error(`server exited before it was ready:\n${describe()}`);
    if (Date.now() > deadline) throw new Error(`server not ready after ${timeoutMs} ms:\n${describe()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { method: "OPTIONS" });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
