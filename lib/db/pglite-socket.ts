// No `import "server-only"`: server.ts and the CLI load this under plain Node.
//
// Only one process may open a PGlite data dir. The process that does serves it on a Unix socket
// inside the dir (`psql -h $FAULTLINE_DATA_DIR` works) and every other process — the CLI,
// migrations, psql — connects there with an ordinary PostgreSQL client.
//
// Why not @electric-sql/pglite-socket's server: PGlite is a single session, and that server
// queues statements one by one, so a client's transaction (or its Parse/Bind/Execute before
// Sync) can interleave with the owner's own Prisma queries and with other clients. Here a
// client holds PGlite's transaction lock — the one the owner's queries and transactions take —
// from its first message until it is back to idle outside a transaction.
import { rm, stat } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";

const SOCKET_FILE = ".s.PGSQL.5432";
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const TERMINATE = 0x58; // 'X'
const READY_FOR_QUERY = 0x5a; // 'Z'
const IDLE = 0x49; // 'I'
const SYNC_MESSAGE = new Uint8Array([0x53, 0, 0, 0, 4]);
const ROLLBACK_MESSAGE = queryMessage("ROLLBACK");

export interface PgliteSocketServer {
  path: string;
  stop(): Promise<void>;
}

/** The directory a PostgreSQL client takes as its host to reach the data dir's socket. */
export function pgliteSocketDir(dataDir: string): string {
  return path.resolve(dataDir);
}

export function pgliteSocketPath(dataDir: string): string {
  return path.join(pgliteSocketDir(dataDir), SOCKET_FILE);
}

/** "alive" when another process serves the data dir; a stale socket file is removed. */
export async function probePgliteSocket(dataDir: string): Promise<"alive" | "absent"> {
  const socketPath = pgliteSocketPath(dataDir);
  const exists = await stat(socketPath).then(
    () => true,
    () => false,
  );
  if (!exists) return "absent";
  const alive = await new Promise<boolean>((resolve) => {
    const socket = net.connect(socketPath);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
  if (alive) return "alive";
  await rm(socketPath, { force: true });
  return "absent";
}

export async function servePgliteSocket(pglite: PGlite, dataDir: string): Promise<PgliteSocketServer> {
  const socketPath = pgliteSocketPath(dataDir);
  const connections = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections.add(socket);
    socket.once("close", () => connections.delete(socket));
    serveConnection(pglite, socket);
  });
  server.on("error", () => {});

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(socketPath, () => {
        server.off("error", reject);
        resolve();
      });
    });
  try {
    await listen();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    if ((await probePgliteSocket(dataDir)) === "alive") {
      throw new Error(`Another process is serving the PGlite data in ${dataDir}`);
    }
    await listen();
  }

  let stopped: Promise<void> | undefined;
  return {
    path: socketPath,
    stop() {
      stopped ??= (async () => {
        for (const socket of connections) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await rm(socketPath, { force: true });
      })();
      return stopped;
    },
  };
}

function serveConnection(pglite: PGlite, socket: net.Socket): void {
  let buffer = Buffer.alloc(0);
  let started = false;
  let closed = false;
  let release: (() => void) | undefined;
  let work = Promise.resolve();
  const replies = new ReadyForQueryTracker();

  const execute = async (message: Uint8Array, write: boolean) => {
    const output: Buffer[] = [];
    await pglite.runExclusive(() =>
      pglite.execProtocolRawStream(message, {
        onRawData: (data) => {
          replies.feed(data);
          // A copy: the data is a view into PGlite's memory, which the next message reuses.
          if (write) output.push(Buffer.from(data));
        },
      }),
    );
    if (output.length > 0 && !closed && socket.writable) socket.write(output.length === 1 ? output[0] : Buffer.concat(output));
  };

  /** Takes one or more whole messages: PGlite runs them in turn in one call. */
  const handle = async (messages: Uint8Array) => {
    if (closed) return;
    release ??= await acquireTransactionLock(pglite);
    await execute(messages, true);
    if (replies.endsReady && replies.status === IDLE) {
      release();
      release = undefined;
    }
  };

  const finish = async () => {
    if (!release) return;
    try {
      await execute(SYNC_MESSAGE, false);
      if (pglite.isInTransaction()) await execute(ROLLBACK_MESSAGE, false);
    } finally {
      release();
      release = undefined;
    }
  };

  const enqueue = (step: () => Promise<void>) => {
    work = work.then(step).catch(() => {
      socket.destroy();
    });
  };

  // The messages that arrived whole go to PGlite in one call (a client's Bind, Execute and
  // Sync usually arrive together): each call costs PGlite a fixed price, and the replies then
  // leave in one write.
  socket.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    let whole = 0;
    const handleWhole = () => {
      if (whole === 0) return;
      const messages = new Uint8Array(buffer.subarray(0, whole));
      buffer = buffer.subarray(whole);
      whole = 0;
      enqueue(() => handle(messages));
    };
    for (;;) {
      if (!started) {
        if (buffer.length < 8) return;
        const length = buffer.readInt32BE(0);
        if (buffer.length < length) return;
        const code = buffer.readInt32BE(4);
        const message = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          socket.write("N");
        } else if (code === CANCEL_REQUEST) {
          socket.end();
          return;
        } else {
          started = true;
          enqueue(() => handle(new Uint8Array(message)));
        }
        continue;
      }
      if (buffer.length < whole + 5) return handleWhole();
      const length = 1 + buffer.readInt32BE(whole + 1);
      if (buffer.length < whole + length) return handleWhole();
      if (buffer[whole] === TERMINATE) {
        handleWhole();
        socket.end();
        return;
      }
      whole += length;
    }
  });
  socket.on("error", () => {});
  socket.once("close", () => {
    closed = true;
    enqueue(finish);
  });
}

function acquireTransactionLock(pglite: PGlite): Promise<() => void> {
  return new Promise((acquired) => {
    void pglite._runExclusiveTransaction(() => new Promise<void>((release) => acquired(release)));
  });
}

function queryMessage(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, "utf8");
  const message = Buffer.alloc(5 + text.length);
  message[0] = 0x51; // 'Q'
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return new Uint8Array(message);
}

/**
 * Follows the backend's replies: whether the last of them is a ReadyForQuery (the client's
 * messages so far all answered, none begun since), and the transaction status it gave.
 */
class ReadyForQueryTracker {
  endsReady = true;
  status = IDLE;
  private header = Buffer.alloc(0);
  private remaining = 0;
  private readingStatus = false;

  feed(data: Uint8Array): void {
    let offset = 0;
    while (offset < data.length) {
      if (this.remaining > 0) {
        if (this.readingStatus) {
          this.status = data[offset];
          this.endsReady = true;
          this.readingStatus = false;
        }
        const skipped = Math.min(this.remaining, data.length - offset);
        this.remaining -= skipped;
        offset += skipped;
        continue;
      }
      const needed = 5 - this.header.length;
      const part = data.subarray(offset, offset + needed);
      this.header = Buffer.concat([this.header, part]);
      offset += part.length;
      if (this.header.length < 5) return;
      this.readingStatus = this.header[0] === READY_FOR_QUERY;
      this.endsReady = false;
      this.remaining = this.header.readInt32BE(1) - 4;
      this.header = Buffer.alloc(0);
    }
  }
}
