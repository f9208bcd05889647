// The embedded database's own thread (see embedded-database-thread.ts): it owns the data
// dir's PGlite, serves it on the data dir's socket, and keeps it maintained.
import { parentPort, workerData } from "node:worker_threads";
import { createDataDirPglite } from "@/lib/db/create-pglite";
import { ownDataDir } from "@/lib/db/data-dir-owner";
import type { ThreadReport, ThreadRequest } from "./embedded-database-thread";

const port = parentPort!;
const report = (message: ThreadReport) => port.postMessage(message);

async function serve(dataDir: string): Promise<void> {
  const pglite = await createDataDirPglite(dataDir);
  await pglite.waitReady;
  const ownership = await ownDataDir(pglite, dataDir);
  port.on("message", (message: ThreadRequest) => {
    if (message.kind !== "close") return;
    void (async () => {
      await ownership.release();
      await pglite.close();
      report({ kind: "closed" });
    })();
  });
  report({ kind: "ready" });
}

serve((workerData as { dataDir: string }).dataDir).catch((error: unknown) => {
  report({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
});
