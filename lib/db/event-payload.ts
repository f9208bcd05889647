import { deflateSync, inflateSync } from "node:zlib";
import { parseJsonObject } from "@/lib/ingest/envelope-parser";

// An event's payload is stored as zlib-compressed JSON, compressed here rather than by the
// database: PostgreSQL would parse it as json and compress it again on every insert, which on
// PGlite (single-threaded, without lz4) was most of the cost of a large event. Level 1 keeps
// the compression cheap; breadcrumbs and stack frames repeat enough to shrink several-fold.

/** zlib's header byte for a 32 KiB window; plain JSON objects start with `{` (0x7b). */
const ZLIB_HEADER = 0x78;

export function encodeEventPayload(payload: Record<string, unknown>): Buffer<ArrayBuffer> {
  // zlib's output is never a SharedArrayBuffer; the type only says it could be.
  return deflateSync(JSON.stringify(payload), { level: 1 }) as Buffer<ArrayBuffer>;
}

/** Reads a stored payload: compressed, or plain JSON (payloads stored before compression). */
export function decodeEventPayload(stored: Uint8Array): Record<string, unknown> {
  return parseJsonObject(stored[0] === ZLIB_HEADER ? inflateSync(stored) : stored) ?? {};
}
