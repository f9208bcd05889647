import http from "node:http";
import type { PayloadFactory } from "./payloads";

// A small load generator over keep-alive connections: closed loop (N requests always in
// flight) for throughput, open loop (a fixed rate, whatever the answers) for latency.

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

function post(agent: http.Agent, target: Target, body: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: target.port,
        path: target.path,
        method: "POST",
        agent,
        headers: { ...target.headers, "content-length": body.length },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", () => resolve(0));
    req.end(body);
  });
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
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const result = emptyResult();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const body = payloads.next();
      const at = performance.now();
      result.sent += 1;
      record(result, await post(agent, target, body), at);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  result.seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return result;
}

export async function runOpenLoop(target: Target, payloads: PayloadFactory, perSecond: number, seconds: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const result = emptyResult();
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
    inFlight.push(post(agent, target, body).then((status) => record(result, status, at)));
  }
  await Promise.all(inFlight);
  result.seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return result;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
