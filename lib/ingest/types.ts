// Shapes shared by the steps of the ingestion pipeline. Runtime-neutral: Web types only.

/** A plain description of an ingestion request, built by whichever host received it. */
export interface IngestRequest {
  method: string;
  /** The project id from the path (`/api/{projectId}/…`), as sent. */
  projectId: string;
  endpoint: "store" | "envelope";
  /** Query string parameters (first value wins). */
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  body: Uint8Array | ReadableStream<Uint8Array> | null;
}

export interface IngestResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type IngestRejection =
  | { kind: "malformed"; detail: string }
  | { kind: "missing-key" }
  | { kind: "unknown-key" }
  | { kind: "key-revoked" }
  | { kind: "foreign-key" }
  | { kind: "tracking-inactive" }
  | { kind: "too-large"; limitBytes: number; what: string }
  | { kind: "unsupported-encoding"; encoding: string }
  | { kind: "rate-limited"; retryAfterSeconds: number }
  | { kind: "method-not-allowed" };

export type Result<T, E = IngestRejection> = { ok: true; value: T } | { ok: false; error: E };

/** What a client sent to identify itself (X-Sentry-Auth, Authorization, query, envelope dsn). */
export interface SentryAuth {
  publicKey: string;
  secretKey?: string;
  sentryVersion?: string;
  client?: string;
}

export interface IngestLimits {
  /** Bytes as received (compressed). Relay/Bugsink: 20 MiB. */
  maxBodyBytes: number;
  /** Bytes after decompression. 100 MiB. */
  maxDecompressedBytes: number;
  /** Bytes of one event item's JSON. 1 MiB. */
  maxEventBytes: number;
}

export const DEFAULT_LIMITS: IngestLimits = {
  maxBodyBytes: 20 * 1024 * 1024,
  maxDecompressedBytes: 100 * 1024 * 1024,
  maxEventBytes: 1024 * 1024,
};

export type ContentEncoding = "gzip" | "deflate" | "br";

/** One frame, normalised across SDKs and legacy interface names. */
export interface NormalizedFrame {
  filename?: string;
  absPath?: string;
  module?: string;
  function?: string;
  lineno?: number;
  colno?: number;
  /** Native frames: the binary image's path (Cocoa, sentry-native). */
  package?: string;
  inApp: boolean;
  preContext?: string[];
  contextLine?: string;
  postContext?: string[];
}

export interface NormalizedException {
  type: string;
  value: string;
  module?: string;
  /** Outermost (oldest) call first, as Sentry sends them. */
  frames: NormalizedFrame[];
}

/** An event ready to be stored: what grouping and the list need, plus the payload itself. */
export interface NormalizedEvent {
  /** 32 lower-case hex digits (dashes removed). Generated when the SDK sent none. */
  eventId: string;
  /** When it happened (event timestamp, else receipt time). */
  occurredAt: Date;
  platform: string;
  level: string;
  release: string | null;
  environment: string | null;
  title: string;
  culprit: string;
  /** Stable grouping key; the store hashes it. */
  groupingKey: string;
  /** Distinct-user key (id, else email, else username, else ip), or null when no user. */
  userKey: string | null;
  /** Exceptions in the order Sentry sends them (innermost/cause first, top-level last). */
  exceptions: NormalizedException[];
  /** The event JSON as received (after legacy-interface renames), to keep as the payload. */
  payload: Record<string, unknown>;
}

/** The envelope's first line. `fields` is the whole header object as sent. */
export interface EnvelopeHeader {
  /** `event_id` as 32 lower-case hex digits; absent when missing or not an id. */
  eventId?: string;
  dsn?: string;
  sentAt?: string;
  fields: Record<string, unknown>;
}

/** An item that was dropped without failing the envelope (bad JSON in an event item, …). */
export interface EnvelopeItemProblem {
  /** Counts items from 0. */
  itemIndex: number;
  itemType: string;
  /** A sentence naming the item, fit for a 400 `detail`. */
  detail: string;
}

/** Items read past without being kept (attachments, sessions, transactions, …). */
export interface SkippedItems {
  count: number;
  bytes: number;
  /** Distinct item types, first seen first (at most a few dozen are listed). */
  types: string[];
}

/** What the envelope and store parsers hand on: a `/store` body is a one-item envelope. */
export interface ParsedEnvelope {
  header: EnvelopeHeader;
  /** The payloads of the event items, JSON objects in item order (transactions left out). */
  events: Record<string, unknown>[];
  /** At most a few dozen are listed; `problemCount` is exact. */
  problems: EnvelopeItemProblem[];
  problemCount: number;
  skipped: SkippedItems;
}

/** What title, culprit and grouping read from an event; normalizeEvent gathers it. */
export interface EventFacts {
  /** As in NormalizedEvent: innermost first, top-level last. */
  exceptions: NormalizedException[];
  /** The top-level `stacktrace`, else the crashed/current thread's frames (oldest first). */
  otherFrames: NormalizedFrame[];
  /** The message as shown: `formatted`, else the template with its params filled in. */
  message: string | null;
  /** The message before params were filled in (logentry.message), else the message. */
  messageTemplate: string | null;
  /** Entries as strings; null when absent or empty. */
  fingerprint: string[] | null;
  /** The SDK-sent `culprit` (legacy field). */
  sdkCulprit: string | null;
  transaction: string | null;
}
