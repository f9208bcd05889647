import { closeSync, openSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDataDirPglite } from "@/lib/db/create-pglite";

// What a commit on the embedded database leaves on disk cannot be checked short of cutting the
// machine's power; what can be checked is that PostgreSQL asks for each sync and that the ask
// reaches the operating system (a sync of a closed descriptor fails there, and nowhere else).

type FsyncOperation = (stream: { nfd: number; node: { mode: number } }) => number;

function nodefsStreamOps(pglite: PGlite): { fsync?: FsyncOperation } {
  const mod = (pglite as unknown as { mod: { FS: { filesystems: { NODEFS: { stream_ops: { fsync?: FsyncOperation } } } } } }).mod;
  return mod.FS.filesystems.NODEFS.stream_ops;
}

describe("the embedded database on disk", () => {
  let dataDir: string;
  let pglite: PGlite;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "faultline-durable-"));
    pglite = await createDataDirPglite(dataDir);
    await pglite.waitReady;
  });

  afterAll(async () => {
    await pglite?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("runs PostgreSQL with fsync on, syncing its WAL with fsync()", async () => {
    expect((await pglite.query<{ fsync: string }>("SHOW fsync")).rows[0].fsync).toBe("on");
    expect((await pglite.query<{ wal_sync_method: string }>("SHOW wal_sync_method")).rows[0].wal_sync_method).toBe("fsync");
  });

  it("syncs to disk at every commit", async () => {
    await pglite.exec("CREATE TABLE IF NOT EXISTS durable_probe (id serial PRIMARY KEY)");
    const ops = nodefsStreamOps(pglite);
    const sync = ops.fsync!;
    let syncs = 0;
    ops.fsync = (stream) => {
      syncs += 1;
      return sync(stream);
    };
    try {
      for (let i = 0; i < 5; i++) await pglite.query("INSERT INTO durable_probe DEFAULT VALUES");
    } finally {
      ops.fsync = sync;
    }
    expect(syncs).toBeGreaterThanOrEqual(5);
  });

  it("passes each sync to the operating system, a file's and a directory's", () => {
    const descriptor = openSync(path.join(dataDir, "closed"), "w");
    closeSync(descriptor);
    // EBADF is 8 in Emscripten's numbering, which PostgreSQL reads.
    const sync = nodefsStreamOps(pglite).fsync!;
    expect(() => sync({ nfd: descriptor, node: { mode: 0o100600 } })).toThrow(expect.objectContaining({ errno: 8 }));
    expect(() => sync({ nfd: descriptor, node: { mode: 0o040700 } })).toThrow(expect.objectContaining({ errno: 8 }));
  });
});
