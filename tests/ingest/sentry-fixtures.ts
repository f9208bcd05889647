// The shared payload corpus (/work/shared/fixtures/sentry-events), read at test time, and the
// host pieces a test supplies to the ingestion core: zlib decompressors and default limits.
import { readdirSync, readFileSync } from "node:fs";
import { Duplex } from "node:stream";
import zlib from "node:zlib";
import { decodeBody } from "@/lib/ingest/decode-body";
import { parseEnvelope } from "@/lib/ingest/envelope-parser";
import { parseContentEncoding } from "@/lib/ingest/request-meta";
import type { Decompress } from "@/lib/ingest/runtime";
import { parseStoreBody } from "@/lib/ingest/store-body";
import { DEFAULT_LIMITS, type IngestLimits, type ParsedEnvelope, type Result } from "@/lib/ingest/types";

export const FIXTURES_DIR = new URL("../../../shared/fixtures/sentry-events/", import.meta.url);

export interface FixtureEventMeta {
  platform: string | null;
  level: string | number | null;
  timestamp: string | number | null;
  exception_chain: Array<{ type: string | null; value: string | null }>;
  top_exception: { type: string | null; value: string | null } | null;
  message: string | null;
  message_template: string | null;
  fingerprint: unknown[] | null;
}

export interface FixtureMeta {
  endpoint: string;
  path?: string;
  headers?: Record<string, string>;
  body_encoding?: string;
  items?: Array<{ type: string; has_length: boolean; payload_bytes: number }>;
  events?: FixtureEventMeta[];
}

export const fixtureMeta: Record<string, FixtureMeta> = JSON.parse(
  readFileSync(new URL("meta/fixtures.json", FIXTURES_DIR), "utf8"),
);

/** Every payload file at the top level of the corpus. */
export const fixtureNames: string[] = readdirSync(FIXTURES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isFile() && /\.(json|envelope|b64zlib)$/.test(entry.name))
  .map((entry) => entry.name)
  .sort();

export function readFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, FIXTURES_DIR)));
}

/** How the fixture travels: to /store, to /envelope, or as one event item of an envelope. */
export function endpointOf(name: string): "store" | "envelope" | "envelope-item" {
  const endpoint = fixtureMeta[name]?.endpoint ?? "";
  if (endpoint.startsWith("envelope item")) return "envelope-item";
  return endpoint.startsWith("envelope") ? "envelope" : "store";
}

/** The events a fixture holds; the b64zlib body is raven-go.store.json re-encoded. */
export function expectedEventsOf(name: string): FixtureEventMeta[] {
  const meta = fixtureMeta[name];
  if (meta.body_encoding) {
    const twin = Object.values(fixtureMeta).find((other) => other.path === meta.path && other.events);
    return twin?.events ?? [];
  }
  return meta.events ?? [];
}

/** Node 20's zlib streams, as the host supplies them. */
export const decompressWithZlib: Decompress = (encoding, input) => {
  const transform =
    encoding === "gzip" ? zlib.createGunzip() : encoding === "br" ? zlib.createBrotliDecompress() : zlib.createInflate();
  return input.pipeThrough(Duplex.toWeb(transform) as unknown as TransformStream<Uint8Array, Uint8Array>);
};

/** The Web platform's DecompressionStream (no brotli on Node 20). */
export const decompressWithWebStreams: Decompress = (encoding, input) => {
  if (encoding === "br") throw new Error("no brotli in DecompressionStream");
  return input.pipeThrough(new DecompressionStream(encoding) as unknown as TransformStream<Uint8Array, Uint8Array>);
};

/** Sends the fixture the way its SDK did (gzip where recorded) and parses it. */
export async function parseFixture(
  name: string,
  limits: IngestLimits = DEFAULT_LIMITS,
): Promise<Result<ParsedEnvelope>> {
  let bytes = readFixture(name);
  const endpoint = endpointOf(name);
  if (endpoint === "envelope-item") bytes = wrapAsEnvelopeItem(bytes);
  const contentEncoding = fixtureMeta[name]?.headers?.["content-encoding"];
  const encodings = parseContentEncoding(contentEncoding);
  if (!encodings.ok) return encodings;
  const body = encodings.value.includes("gzip") ? new Uint8Array(zlib.gzipSync(bytes)) : bytes;
  const decoded = decodeBody(body, encodings.value, limits, decompressWithZlib);
  if (!decoded.ok) return decoded;
  return endpoint === "store"
    ? parseStoreBody(decoded.value, limits, decompressWithZlib)
    : parseEnvelope(decoded.value, limits);
}

export function wrapAsEnvelopeItem(payload: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(`{}\n{"type":"event","length":${payload.byteLength}}\n`);
  const bytes = new Uint8Array(head.byteLength + payload.byteLength);
  bytes.set(head);
  bytes.set(payload, head.byteLength);
  return bytes;
}

export function streamOf(...chunks: Array<Uint8Array | string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const queue = chunks.map((chunk) => (typeof chunk === "string" ? encoder.encode(chunk) : chunk));
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = queue.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}
