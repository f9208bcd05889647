import type { PGlite } from "@electric-sql/pglite";
import { walDirOf } from "./create-pglite";
import { maintainEmbeddedDatabase } from "./embedded-maintenance";
import { servePgliteSocket } from "./pglite-socket";

// Only one process may open a data dir's PGlite. The one that does serves it to every other
// process on the dir's socket (pglite-socket.ts) and keeps it maintained (embedded-maintenance.ts):
// the database thread of `npm start`, or `next start` and the CLI when no server runs.

export interface DataDirOwnership {
  /** Stops the maintenance and the socket; the PGlite stays open for its owner to close. */
  release(): Promise<void>;
}

/** Serves and maintains the data dir's open PGlite; closes it when the socket cannot be served. */
export async function ownDataDir(pglite: PGlite, dataDir: string): Promise<DataDirOwnership> {
  const socket = await servePgliteSocket(pglite, dataDir).catch(async (error: unknown) => {
    await pglite.close();
    throw error;
  });
  const stopMaintenance = maintainEmbeddedDatabase(pglite, walDirOf(dataDir));
  return {
    async release() {
      stopMaintenance();
      await socket.stop();
    },
  };
}
