import { fdatasyncSync, fsyncSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";

// PGlite's files on disk, made durable. Emscripten's Node filesystem has no fsync: PostgreSQL's
// call returns success and the data stays in the operating system's cache, so a commit would
// survive Faultline's crash but not the machine's, and a checkpoint could leave the files torn.
// Here a sync reaches the disk. Emscripten answers fdatasync() itself, without doing anything,
// so PostgreSQL must sync its WAL with fsync() (`wal_sync_method=fsync`), which comes here; a
// file is then synced as fdatasync() does (what PostgreSQL does for its WAL on Linux: the
// segments are written in advance, so no journal commit for a changed mtime), a directory
// whole, for the names of new files in it.

/** PGlite's Emscripten module options (its type is not exported). */
type ModuleOptions = Parameters<NodeFS["init"]>[1];
type PostgresModule = Parameters<NonNullable<ModuleOptions["preRun"]>[number]>[0];

interface EmscriptenNodeFs {
  stream_ops: { fsync?: (stream: { nfd: number; node: { mode: number } }) => number };
  tryFSOperation<T>(operation: () => T): T;
}

export class DurableNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: ModuleOptions) {
    const { emscriptenOpts } = await super.init(pg, opts);
    const syncToDisk = (mod: PostgresModule) => {
      const nodefs = (mod.FS as unknown as { filesystems: { NODEFS: EmscriptenNodeFs } }).filesystems.NODEFS;
      // tryFSOperation turns Node's error into the errno PostgreSQL expects (and panics on, for
      // a failed WAL sync, as it would on any disk).
      nodefs.stream_ops.fsync = (stream) =>
        nodefs.tryFSOperation(() => ((mod.FS.isDir(stream.node.mode) ? fsyncSync : fdatasyncSync)(stream.nfd), 0));
    };
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), syncToDisk] } };
  }
}
