import net from "node:net";

// A bare PostgreSQL frontend for tests that must control which messages travel in which write
// (ordinary clients send a whole query's messages at once, and never pipeline two queries).

export interface BackendMessage {
  type: string;
  body: Buffer;
}

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}

const cstring = (text: string) => Buffer.from(`${text}\0`, "utf8");

export const wire = {
  query: (sql: string) => message("Q", cstring(sql)),
  /** Parse, Bind and Execute of the unnamed statement, without parameters; no Sync. */
  extended: (sql: string) =>
    Buffer.concat([
      message("P", Buffer.concat([cstring(""), cstring(sql), Buffer.from([0, 0])])),
      message("B", Buffer.concat([cstring(""), cstring(""), Buffer.from([0, 0, 0, 0, 0, 0])])),
      message("E", Buffer.concat([cstring(""), Buffer.alloc(4)])),
    ]),
  sync: () => message("S", Buffer.alloc(0)),
};

export class WireClient {
  readonly received: BackendMessage[] = [];
  private buffered = Buffer.alloc(0);
  private waiters: Array<() => void> = [];

  private constructor(private readonly socket: net.Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 5) {
        const length = 1 + this.buffered.readInt32BE(1);
        if (this.buffered.length < length) break;
        this.received.push({ type: String.fromCharCode(this.buffered[0]), body: this.buffered.subarray(5, length) });
        this.buffered = this.buffered.subarray(length);
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async connect(socketPath: string): Promise<WireClient> {
    const socket = net.connect(socketPath);
    await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    const client = new WireClient(socket);
    const params = Buffer.concat([cstring("user"), cstring("postgres"), cstring("database"), cstring("postgres"), Buffer.from([0])]);
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8 + params.length, 0);
    startup.writeInt32BE(196608, 4); // protocol 3.0
    socket.write(Buffer.concat([startup, params]));
    await client.waitFor((received) => received.some((m) => m.type === "Z"));
    client.received.length = 0;
    return client;
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Resolves once the messages received so far satisfy `done`. */
  async waitFor(done: (received: BackendMessage[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.received)) {
      if (Date.now() > deadline) throw new Error(`no such reply; received ${this.received.map((m) => m.type).join("")}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  /** The first column of every DataRow received, as text. */
  values(): string[] {
    return this.received.filter((m) => m.type === "D").map((m) => m.body.subarray(6, 6 + m.body.readInt32BE(2)).toString("utf8"));
  }

  close(): void {
    this.socket.destroy();
  }
}

export const readyCount = (received: BackendMessage[]) => received.filter((m) => m.type === "Z").length;
