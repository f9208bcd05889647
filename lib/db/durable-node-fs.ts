import { fsyncSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";

// PGlite's files on disk, made durable. Emscripten's Node filesystem has no fsync: PostgreSQL's
// call returns success and the data stays in the operating system's cache, so a commit would
// survive Faultline's crash but not the machine's, and a checkpoint could leave the files torn.
// Here an fsync reaches the disk. PostgreSQL must also be told to use fsync() for its WAL
// (`wal_sync_method=fsync`): Emscripten answers fdatasync() without doing anything, and has no
// stream operation through which it could.

/** PGlite's Emscripten module options (its type is not exported). */
type ModuleOptions = Parameters<NodeFS["init"]>[1];
type PostgresModule = Parameters<NonNullable<ModuleOptions["preRun"]>[number]>[0];

interface EmscriptenNodeFs {
  stream_ops: { fsync?: (stream: { nfd: number }) => number };
  tryFSOperation<T>(operation: () => T): T;
}

export class DurableNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: ModuleOptions) {
    const { emscriptenOpts } = await super.init(pg, opts);
    const syncToDisk = (mod: PostgresModule) => {
      const nodefs = (mod.FS as unknown as { filesystems: { NODEFS: EmscriptenNodeFs } }).filesystems.NODEFS;
      // tryFSOperation turns Node's error into the errno PostgreSQL expects (and panics on, for
      // a failed WAL sync, as it would on any disk).
      nodefs.stream_ops.fsync = (stream) => nodefs.tryFSOperation(() => (fsyncSync(stream.nfd), 0));
    };
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), syncToDisk] } };
  }
}
