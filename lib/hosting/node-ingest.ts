import type { IncomingMessage, ServerResponse } from "node:http";
import { ingest } from "@/lib/ingest/pipeline";
import type { IngestRuntime } from "@/lib/ingest/runtime";
import type { IngestPath } from "./ingest-path";

/** The fast path: node:http straight into the ingestion core, no Request object built. */
export async function serveNodeIngest(
  req: IncomingMessage,
  res: ServerResponse,
  path: IngestPath,
  runtime: IngestRuntime,
): Promise<void> {
  const queryStart = req.url?.indexOf("?") ?? -1;
  const result = await ingest(
    {
      method: req.method ?? "GET",
      projectId: path.projectId,
      endpoint: path.endpoint,
      query: new URLSearchParams(queryStart >= 0 ? req.url!.slice(queryStart + 1) : ""),
      headers: req.headers as Record<string, string | undefined>,
      body: req.method === "POST" ? await readRequestBody(req, runtime.limits.maxBodyBytes) : null,
    },
    runtime,
  );
  // A refused body that was not read to the end must not hold the connection open.
  const headers = req.complete || req.method !== "POST" ? result.headers : { ...result.headers, connection: "close" };
  res.writeHead(result.status, headers);
  res.end(result.body);
}

/**
 * A body that declares a length within the cap is read whole (the cheap path every SDK takes);
 * any other body is handed over as a stream, so the core enforces its caps while reading.
 */
function readRequestBody(req: IncomingMessage, maxBodyBytes: number): Promise<Uint8Array | ReadableStream<Uint8Array>> {
  const declared = Number(req.headers["content-length"]);
  if (!Number.isSafeInteger(declared) || declared > maxBodyBytes || req.headers["transfer-encoding"] !== undefined) {
    return Promise.resolve(streamRequestBody(req));
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      resolve(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
    });
    // A client that goes away mid-body: the truncated bytes fail to parse and are refused.
    req.on("error", () => resolve(new Uint8Array(0)));
  });
}

/** A pull-based ReadableStream over the request, so the core's limits apply backpressure. */
function streamRequestBody(req: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on("data", (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.on("end", () => controller.close());
      req.on("error", (error) => controller.error(error));
    },
    pull() {
      req.resume();
    },
    cancel() {
      req.pause();
    },
  }, { highWaterMark: 4 });
}
