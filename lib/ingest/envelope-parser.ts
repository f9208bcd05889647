import { concatBytes, readChunk, type DecodedBody } from "./decode-body";
import type {
  EnvelopeHeader,
  EnvelopeItemProblem,
  IngestLimits,
  IngestRejection,
  ParsedEnvelope,
  Result,
} from "./types";

export type { ParsedEnvelope } from "./types";

/** Item types whose payload is an error event; everything else is read past and dropped. */
const EVENT_ITEM_TYPES = new Set(["event", "error"]);

/** Envelope and item header lines are small JSON objects; a longer line is not a header. */
const MAX_HEADER_LINE_BYTES = 64 * 1024;

/** How many problems and skipped types are listed (the counts stay exact). */
const MAX_LISTED = 32;

const NEWLINE = 0x0a;

/** The envelope after its header line was read, so the caller can authenticate first. */
export interface OpenedEnvelope {
  header: EnvelopeHeader;
  /** Reads the items; call at most once. */
  readItems(): Promise<Result<ParsedEnvelope>>;
  /** Stops reading (e.g. after the key was refused) and releases the body. */
  cancel(): Promise<void>;
}

type Failure = { ok: false; error: IngestRejection };

function malformed(detail: string): Failure {
  return { ok: false, error: { kind: "malformed", detail } };
}

function tooLarge(limitBytes: number, what: string): Failure {
  return { ok: false, error: { kind: "too-large", limitBytes, what } };
}

/**
 * Reads the envelope's header line only. An empty body, or a first line that is not a JSON
 * object, is malformed.
 */
export async function openEnvelope(body: DecodedBody, limits: IngestLimits): Promise<Result<OpenedEnvelope>> {
  const source = createByteSource(body, limits.maxDecompressedBytes);
  const line = await source.readLine(MAX_HEADER_LINE_BYTES);
  if (!line.ok) return source.abandon(line);
  if (line.value.atEnd) return source.abandon(malformed("the envelope is empty"));
  if (line.value.overLimit) return source.abandon(malformed("the envelope header line is too long"));
  const fields = parseJsonObject(line.value.bytes);
  if (!fields) return source.abandon(malformed("the envelope header is not a JSON object"));
  const header: EnvelopeHeader = { fields };
  const eventId = typeof fields.event_id === "string" ? fields.event_id.replaceAll("-", "").toLowerCase() : "";
  if (/^[0-9a-f]{32}$/.test(eventId)) header.eventId = eventId;
  if (typeof fields.dsn === "string") header.dsn = fields.dsn;
  if (typeof fields.sent_at === "string") header.sentAt = fields.sent_at;
  return {
    ok: true,
    value: {
      header,
      readItems: () => readItems(source, header, limits),
      cancel: () => source.cancel(),
    },
  };
}

/** The whole envelope: header, then items (see readItems). */
export async function parseEnvelope(body: DecodedBody, limits: IngestLimits): Promise<Result<ParsedEnvelope>> {
  const opened = await openEnvelope(body, limits);
  return opened.ok ? opened.value.readItems() : opened;
}

/**
 * Event items are kept and JSON-parsed; an event item that is not a JSON object becomes a
 * problem and the other items still count. Other items are read past without being kept.
 * Framing that cannot be followed (a bad item header, a declared length not followed by a
 * newline, a body ending inside an item) fails the whole envelope: past that point nothing can
 * be told apart, and Relay answers the same with 400. An event item over maxEventBytes fails
 * the request with too-large, as Relay does.
 */
async function readItems(
  source: ByteSource,
  header: EnvelopeHeader,
  limits: IngestLimits,
): Promise<Result<ParsedEnvelope>> {
  const parsed: ParsedEnvelope = {
    header,
    events: [],
    problems: [],
    problemCount: 0,
    skipped: { count: 0, bytes: 0, types: [] },
  };
  const addProblem = (problem: EnvelopeItemProblem) => {
    parsed.problemCount += 1;
    if (parsed.problems.length < MAX_LISTED) parsed.problems.push(problem);
  };
  const addSkipped = (type: string, bytes: number) => {
    parsed.skipped.count += 1;
    parsed.skipped.bytes += bytes;
    const types = parsed.skipped.types;
    if (types.length < MAX_LISTED && !types.includes(type)) types.push(type);
  };

  for (let itemIndex = 0; ; ) {
    const line = await source.readLine(MAX_HEADER_LINE_BYTES);
    if (!line.ok) return source.abandon(line);
    if (line.value.atEnd) break;
    const where = `item ${itemIndex}`;
    if (line.value.overLimit) return source.abandon(malformed(`${where}: the item header line is too long`));
    if (isBlank(line.value.bytes)) continue;
    const itemHeader = parseJsonObject(line.value.bytes);
    if (!itemHeader) return source.abandon(malformed(`${where}: the item header is not a JSON object`));
    const type = itemHeader.type;
    if (typeof type !== "string" || type === "") {
      return source.abandon(malformed(`${where}: the item header has no type`));
    }
    const length = itemHeader.length;
    if (length !== undefined && length !== null && !isByteCount(length)) {
      return source.abandon(malformed(`${where} (${type}): the length is not a byte count`));
    }
    const isEvent = EVENT_ITEM_TYPES.has(type);
    if (isEvent && typeof length === "number" && length > limits.maxEventBytes) {
      return source.abandon(tooLarge(limits.maxEventBytes, "event"));
    }

    const payload =
      typeof length === "number"
        ? await source.readExact(length, isEvent)
        : await source.readLine(isEvent ? limits.maxEventBytes : null);
    if (!payload.ok) return source.abandon(payload);
    if (typeof length === "number") {
      if (payload.value.length < length) {
        return source.abandon(
          malformed(`${where} (${type}): the body ends ${length - payload.value.length} bytes into a ${length}-byte item`),
        );
      }
      const next = await source.skipNewline();
      if (!next.ok) return source.abandon(next);
      if (!next.value) {
        return source.abandon(malformed(`${where} (${type}): the declared length ${length} is not followed by a newline`));
      }
    } else if (isEvent && payload.value.overLimit) {
      return source.abandon(tooLarge(limits.maxEventBytes, "event"));
    }

    if (!isEvent) {
      addSkipped(type, payload.value.length);
    } else {
      const event = parseJsonObject(payload.value.bytes);
      if (!event) {
        addProblem({ itemIndex, itemType: type, detail: `${where} (${type}): the event is not a JSON object` });
      } else if (event.type === "transaction") {
        addSkipped("transaction", payload.value.length);
      } else {
        parsed.events.push(event);
      }
    }
    itemIndex += 1;
  }
  return { ok: true, value: parsed };
}

function isByteCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function isBlank(bytes: Uint8Array | null): boolean {
  return bytes !== null && bytes.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0d);
}

const decoder = new TextDecoder();

/** The bytes as a JSON object, or null (invalid JSON, an array, a string, …). */
export function parseJsonObject(bytes: Uint8Array | null): Record<string, unknown> | null {
  if (bytes === null) return null;
  try {
    const value: unknown = JSON.parse(decoder.decode(bytes));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

interface BytesRead {
  /** The bytes, when they were kept; null when read past. */
  bytes: Uint8Array | null;
  length: number;
  /** The body ended before a single byte of this read. */
  atEnd: boolean;
  /** More bytes than the cap: stopped reading there, nothing kept. */
  overLimit: boolean;
}

interface ByteSource {
  /** Up to the next newline (consumed, not returned) or the end. keepUpTo null = read past. */
  readLine(keepUpTo: number | null): Promise<Result<BytesRead>>;
  /** Exactly `length` bytes unless the body ends first (then `length` says how many came). */
  readExact(length: number, keep: boolean): Promise<Result<BytesRead>>;
  /** True when at the end or at a newline (which it consumes). */
  skipNewline(): Promise<Result<boolean>>;
  cancel(): Promise<void>;
  /** Cancels the stream and passes the failure on. */
  abandon(failure: Failure): Promise<Failure>;
}

/** Reads a stream chunk by chunk; bytes already in memory are one chunk with nothing after it. */
function createByteSource(body: DecodedBody, limitBytes: number): ByteSource {
  const whole = body instanceof Uint8Array;
  const reader = whole ? null : body.getReader();
  let chunk: Uint8Array = whole ? body : new Uint8Array(0);
  let position = 0;
  let ended = whole;
  let total = chunk.byteLength;

  /** Makes sure unread bytes are buffered; false at the end of the body. */
  async function fill(): Promise<Result<boolean>> {
    if (total > limitBytes) return tooLarge(limitBytes, "decompressed envelope");
    while (position >= chunk.byteLength && !ended) {
      const next = await readChunk(reader!);
      if (!next.ok) return next;
      if (next.value === null) {
        ended = true;
        break;
      }
      total += next.value.byteLength;
      if (total > limitBytes) return tooLarge(limitBytes, "decompressed envelope");
      chunk = next.value;
      position = 0;
    }
    return { ok: true, value: position < chunk.byteLength };
  }

  async function readLine(keepUpTo: number | null): Promise<Result<BytesRead>> {
    const pieces: Uint8Array[] = [];
    let length = 0;
    for (;;) {
      const more = await fill();
      if (!more.ok) return more;
      if (!more.value) break;
      const newline = chunk.indexOf(NEWLINE, position);
      const end = newline < 0 ? chunk.byteLength : newline;
      length += end - position;
      if (keepUpTo !== null) {
        if (length > keepUpTo) return { ok: true, value: { bytes: null, length, atEnd: false, overLimit: true } };
        pieces.push(chunk.subarray(position, end));
      }
      position = end;
      if (newline >= 0) {
        position += 1;
        return { ok: true, value: { bytes: keepUpTo === null ? null : concatBytes(pieces, length), length, atEnd: false, overLimit: false } };
      }
    }
    const atEnd = length === 0 && pieces.length === 0;
    const bytes = keepUpTo === null ? null : concatBytes(pieces, length);
    return { ok: true, value: { bytes, length, atEnd, overLimit: false } };
  }

  async function readExact(length: number, keep: boolean): Promise<Result<BytesRead>> {
    const bytes = keep ? new Uint8Array(length) : null;
    let done = 0;
    while (done < length) {
      const more = await fill();
      if (!more.ok) return more;
      if (!more.value) break;
      const take = Math.min(length - done, chunk.byteLength - position);
      bytes?.set(chunk.subarray(position, position + take), done);
      position += take;
      done += take;
    }
    return { ok: true, value: { bytes, length: done, atEnd: done === 0 && length > 0, overLimit: false } };
  }

  async function skipNewline(): Promise<Result<boolean>> {
    const more = await fill();
    if (!more.ok) return more;
    if (!more.value) return { ok: true, value: true };
    if (chunk[position] !== NEWLINE) return { ok: true, value: false };
    position += 1;
    return { ok: true, value: true };
  }

  async function cancel(): Promise<void> {
    await reader?.cancel().catch(() => {});
  }

  async function abandon(failure: Failure): Promise<Failure> {
    await cancel();
    return failure;
  }

  return { readLine, readExact, skipNewline, cancel, abandon };
}
