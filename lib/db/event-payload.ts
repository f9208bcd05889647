import { deflateSync, inflateSync } from "node:zlib";
import { parseJsonObject } from "@/lib/ingest/envelope-parser";
import type { DbKind } from "./client";

// An event's payload is stored as JSON bytes, compressed by whichever side does it cheaper.
// PGlite (one thread, no lz4) gets it compressed here with zlib, and leaves it as it is: as
// json it would parse every payload and compress it again with pglz, most of the cost of a
// large event. PostgreSQL gets plain bytes and compresses them with lz4 in its own processes.
// Level 1 keeps zlib cheap; breadcrumbs and stack frames repeat enough to shrink several-fold.

/** zlib's header byte for a 32 KiB window; plain JSON objects start with `{` (0x7b). */
const ZLIB_HEADER = 0x78;

/** The payload as `database` is to store it: compressed here for PGlite, plain for PostgreSQL. */
export function encodeEventPayload(payload: Record<string, unknown>, database: DbKind): Buffer<ArrayBuffer> {
  const json = JSON.stringify(payload);
  // zlib's output is never a SharedArrayBuffer; the type only says it could be.
  return database === "pglite" ? (deflateSync(json, { level: 1 }) as Buffer<ArrayBuffer>) : Buffer.from(json);
}

/** Reads a stored payload: compressed, or plain JSON (payloads stored before compression). */
export function decodeEventPayload(stored: Uint8Array): Record<string, unknown> {
  return parseJsonObject(stored[0] === ZLIB_HEADER ? inflateSync(stored) : stored) ?? {};
}
