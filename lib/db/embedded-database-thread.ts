// No `import "server-only"`: server.ts loads this under plain Node.
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { runScriptProcess } from "@/lib/hosting/script-process";
import { dataDirHoldsDatabase } from "./create-pglite";

// PGlite executes every statement synchronously on the thread that owns it. On the server's
// main thread, each batch of events held the event loop for tens of milliseconds, and Node
// accepts one new connection per turn of the loop: under load, new clients waited seconds
// just to connect. So server.ts gives the embedded database a thread of its own, which serves
// the data dir's socket, and talks to it through that socket like any other process does.

export type ThreadRequest = { kind: "close" };
export type ThreadReport = { kind: "ready" } | { kind: "closed" } | { kind: "failed"; message: string };

export interface EmbeddedDatabaseThread {
  /** Closes the database cleanly (a checkpoint, then the files), then ends the thread. */
  stop(): Promise<void>;
}

const CLOSE_TIMEOUT_MS = 30_000;

/** Set in the server's bundle (scripts/server-bundle.mjs): the thread's own bundle, beside it. */
declare const FAULTLINE_DB_WORKER_BUNDLE: string | undefined;

/**
 * The thread runs its bundle when the server runs bundled (`npm start`), else its source: a
 * worker thread does not inherit `--import tsx` on Node 20, so it registers tsx itself.
 */
function startWorker(dataDir: string): Worker {
  const workerData = { dataDir };
  if (typeof FAULTLINE_DB_WORKER_BUNDLE === "string") return new Worker(new URL(FAULTLINE_DB_WORKER_BUNDLE), { workerData });
  const tsx = import.meta.resolve("tsx/esm/api");
  const source = new URL("./embedded-database-worker.ts", import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/** Resolves with the thread's first report of `kind`, or with its failure. */
function nextReport(worker: Worker, kind: ThreadReport["kind"]): Promise<ThreadReport> {
  return new Promise<ThreadReport>((resolve) => {
    const listen = (message: ThreadReport) => {
      if (message.kind !== kind && message.kind !== "failed") return;
      finish(message);
    };
    const exited = (code: number) => finish({ kind: "failed", message: `the embedded database's thread ended (exit code ${code})` });
    const finish = (report: ThreadReport) => {
      worker.off("message", listen);
      worker.off("exit", exited);
      resolve(report);
    };
    worker.on("message", listen);
    worker.on("exit", exited);
  });
}

/**
 * Creating and migrating a database grows PGlite's memory by some 400 MB (initdb's own
 * WebAssembly instance, then the catalog's caches), which it keeps for as long as it lives: a
 * data dir without a database gets one, migrated, from a short-lived process, and the server's
 * memory never holds any of it.
 */
async function createDatabase(dataDir: string): Promise<void> {
  const script = fileURLToPath(new URL("./create-embedded-database.ts", import.meta.url));
  await runScriptProcess(script, [dataDir]).catch((error: Error) => {
    throw new Error(`could not create the embedded database in ${dataDir}: ${error.message}`);
  });
}

/**
 * Resolves once the data dir's socket accepts connections. `onExit` hears of a thread that
 * ends unasked (the server cannot go on without its database).
 */
export async function startEmbeddedDatabaseThread(dataDir: string, onExit: (reason: string) => void): Promise<EmbeddedDatabaseThread> {
  if (!dataDirHoldsDatabase(dataDir)) await createDatabase(dataDir);
  const worker = startWorker(dataDir);
  let stopping = false;
  worker.on("error", (error) => {
    if (!stopping) onExit(`the embedded database failed: ${error.message}`);
  });
  worker.on("exit", (code) => {
    if (!stopping) onExit(`the embedded database stopped (exit code ${code})`);
  });

  const ready = await nextReport(worker, "ready");
  if (ready.kind === "failed") {
    stopping = true;
    await worker.terminate();
    throw new Error(ready.message);
  }
  return {
    async stop() {
      if (stopping) return;
      stopping = true;
      const closed = nextReport(worker, "closed");
      worker.postMessage({ kind: "close" } satisfies ThreadRequest);
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref())]);
      await worker.terminate();
    },
  };
}
