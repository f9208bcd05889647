// The embedded database's own thread (see embedded-database-thread.ts): it owns the data
// dir's PGlite, serves it on the data dir's socket, and keeps it maintained.
import { parentPort, workerData } from "node:worker_threads";
import { createDataDirPglite } from "@/lib/db/create-pglite";
import { maintainEmbeddedDatabase } from "@/lib/db/embedded-maintenance";
import { servePgliteSocket } from "@/lib/db/pglite-socket";
import type { ThreadReport, ThreadRequest } from "./embedded-database-thread";

const port = parentPort!;
const report = (message: ThreadReport) => port.postMessage(message);

async function serve(dataDir: string): Promise<void> {
  const pglite = await createDataDirPglite(dataDir);
  await pglite.waitReady;
  const socket = await servePgliteSocket(pglite, dataDir).catch(async (error: unknown) => {
    await pglite.close();
    throw error;
  });
  const stopMaintenance = maintainEmbeddedDatabase(pglite);
  port.on("message", (message: ThreadRequest) => {
    if (message.kind !== "close") return;
    stopMaintenance();
    void (async () => {
      await socket.stop();
      await pglite.close();
      report({ kind: "closed" });
    })();
  });
  report({ kind: "ready" });
}

serve((workerData as { dataDir: string }).dataDir).catch((error: unknown) => {
  report({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
});
