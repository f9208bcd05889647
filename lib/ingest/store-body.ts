import { decodeBody, readLimited, type DecodedBody } from "./decode-body";
import { parseJsonObject } from "./envelope-parser";
import type { Decompress } from "./runtime";
import type { IngestLimits, ParsedEnvelope, Result } from "./types";

const BASE64_TEXT = /^[A-Za-z0-9+/=\s]+$/;

/**
 * A `/store` body (content-decoded) as a one-item envelope, so both endpoints share the rest of
 * the path. The body is one JSON event of at most maxEventBytes, or, from old raven clients,
 * base64 of zlib-deflated JSON, whose inflated JSON is capped at maxEventBytes while it streams.
 */
export async function parseStoreBody(
  body: DecodedBody,
  limits: IngestLimits,
  decompress: Decompress,
): Promise<Result<ParsedEnvelope>> {
  let bytes: Uint8Array;
  if (body instanceof Uint8Array) {
    bytes = body;
  } else {
    const read = await readLimited(body, limits.maxEventBytes, "event");
    if (!read.ok) return read;
    bytes = read.value;
  }
  const first = bytes.findIndex((byte) => !isWhitespace(byte));
  if (first < 0) return { ok: false, error: { kind: "malformed", detail: "the event body is empty" } };

  let json = bytes;
  if (bytes[first] !== 0x7b /* { */) {
    const inflated = await inflateLegacyBody(bytes, limits, decompress);
    if (!inflated.ok) return inflated;
    json = inflated.value;
  } else if (bytes.byteLength > limits.maxEventBytes) {
    return { ok: false, error: { kind: "too-large", limitBytes: limits.maxEventBytes, what: "event" } };
  }

  const payload = parseJsonObject(json);
  if (!payload) return { ok: false, error: { kind: "malformed", detail: "the event is not a JSON object" } };
  const parsed: ParsedEnvelope = {
    header: { fields: {} },
    events: [],
    problems: [],
    problemCount: 0,
    skipped: { count: 0, bytes: 0, types: [] },
  };
  if (payload.type === "transaction") {
    parsed.skipped = { count: 1, bytes: json.byteLength, types: ["transaction"] };
  } else {
    parsed.events.push(payload);
  }
  return { ok: true, value: parsed };
}

async function inflateLegacyBody(
  bytes: Uint8Array,
  limits: IngestLimits,
  decompress: Decompress,
): Promise<Result<Uint8Array>> {
  const text = new TextDecoder().decode(bytes);
  const compressed = BASE64_TEXT.test(text) ? decodeBase64(text.replace(/\s+/g, "")) : null;
  if (!compressed) {
    return {
      ok: false,
      error: { kind: "malformed", detail: "the event is neither JSON nor base64 of zlib-deflated JSON" },
    };
  }
  const eventLimits: IngestLimits = { ...limits, maxDecompressedBytes: limits.maxEventBytes };
  const stream = decodeBody(compressed, ["deflate"], eventLimits, decompress);
  if (!stream.ok) return stream;
  return readLimited(stream.value, limits.maxEventBytes, "event");
}

function decodeBase64(text: string): Uint8Array | null {
  try {
    const binary = atob(text);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
