import net from "node:net";
import type { PayloadFactory } from "./payloads";

// A small load generator over keep-alive connections: closed loop (N requests always in
// flight) for throughput, open loop (a fixed rate, whatever the answers) for latency.
// It writes HTTP/1.1 by hand on raw sockets, one request at a time per connection as SDKs
// do: it shares the machine's two cores with the server, and node:http's client spent more
// CPU per request (about 190 µs) than the bare server it measured.

export interface LoadResult {
  sent: number;
  acknowledged: number;
  failed: number;
  seconds: number;
  latenciesMs: number[];
  statuses: Record<number, number>;
}

export interface Target {
  port: number;
  path: string;
  headers: Record<string, string>;
}

const HEADER_END = Buffer.from("\r\n\r\n");
const CHUNKED_END = Buffer.from("\r\n0\r\n\r\n");

/** One keep-alive connection; `post` resolves with the status (0 when the connection failed). */
class Connection {
  private socket: net.Socket | null = null;
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: ((status: number) => void) | null = null;

  constructor(private readonly target: Target) {}

  post(body: Buffer): Promise<number> {
    const socket = (this.socket ??= this.connect());
    return new Promise((resolve) => {
      this.waiting = resolve;
      socket.write(Buffer.concat([Buffer.from(this.requestHead(body.length)), body]));
    });
  }

  close(): void {
    this.socket?.destroy();
  }

  private requestHead(length: number): string {
    let head = `POST ${this.target.path} HTTP/1.1\r\nhost: 127.0.0.1:${this.target.port}\r\ncontent-length: ${length}\r\n`;
    for (const [name, value] of Object.entries(this.target.headers)) head += `${name}: ${value}\r\n`;
    return `${head}\r\n`;
  }

  private connect(): net.Socket {
    const socket = net.connect(this.target.port, "127.0.0.1");
    socket.setNoDelay(true);
    socket.on("data", (data: Buffer) => {
      this.buffered = this.buffered.length === 0 ? data : Buffer.concat([this.buffered, data]);
      this.takeResponse();
    });
    const fail = () => {
      this.socket = null;
      this.buffered = Buffer.alloc(0);
      this.finish(0);
    };
    socket.on("error", fail);
    socket.on("close", fail);
    return socket;
  }

  /** Completes the request once its whole response (status, headers, body) has arrived. */
  private takeResponse(): void {
    const headEnd = this.buffered.indexOf(HEADER_END);
    if (headEnd < 0) return;
    const head = this.buffered.subarray(0, headEnd).toString("latin1");
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    let end: number;
    if (length) {
      end = headEnd + 4 + Number(length[1]);
      if (this.buffered.length < end) return;
    } else {
      const chunkedEnd = this.buffered.indexOf(CHUNKED_END, headEnd);
      if (chunkedEnd < 0) return;
      end = chunkedEnd + CHUNKED_END.length;
    }
    this.buffered = this.buffered.subarray(end);
    if (/\r\nconnection: *close/i.test(head)) {
      this.socket?.destroy();
      this.socket = null;
    }
    this.finish(status);
  }

  private finish(status: number): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.(status);
  }
}

function emptyResult(): LoadResult {
  return { sent: 0, acknowledged: 0, failed: 0, seconds: 0, latenciesMs: [], statuses: {} };
}

function record(result: LoadResult, status: number, startedAt: number) {
  result.latenciesMs.push(performance.now() - startedAt);
  result.statuses[status] = (result.statuses[status] ?? 0) + 1;
  if (status === 200) result.acknowledged += 1;
  else result.failed += 1;
}

export async function runClosedLoop(target: Target, payloads: PayloadFactory, concurrency: number, seconds: number): Promise<LoadResult> {
  const result = emptyResult();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    const connection = new Connection(target);
    while (performance.now() < deadline) {
      const body = payloads.next();
      const at = performance.now();
      result.sent += 1;
      record(result, await connection.post(body), at);
    }
    connection.close();
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

export async function runOpenLoop(target: Target, payloads: PayloadFactory, perSecond: number, seconds: number): Promise<LoadResult> {
  const result = emptyResult();
  const idle: Connection[] = [];
  const all: Connection[] = [];
  const started = performance.now();
  const total = Math.round(perSecond * seconds);
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const body = payloads.next();
    const at = performance.now();
    result.sent += 1;
    // A request never waits for a connection: when all are busy, another one is opened.
    const connection = idle.pop() ?? all[all.push(new Connection(target)) - 1];
    inFlight.push(
      connection.post(body).then((status) => {
        record(result, status, at);
        idle.push(connection);
      }),
    );
  }
  await Promise.all(inFlight);
  result.seconds = (performance.now() - started) / 1000;
  for (const connection of all) connection.close();
  return result;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
