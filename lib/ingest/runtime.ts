import type { ContentEncoding, IngestLimits, NormalizedEvent } from "./types";

// What the host (server.ts, a route handler, an edge worker, a test) supplies to the core.

/** A client key as ingestion needs it: which project, and whether it may send now. */
export interface ClientKeyGrant {
  projectId: number;
  revoked: boolean;
  secretKey: string;
  /** Error tracking is on and the project stores its own errors (not Sentry mode). */
  accepting: boolean;
  rateLimitPerMinute: number | null;
}

export interface KeyDirectory {
  findKey(publicKey: string): Promise<ClientKeyGrant | null>;
}

export interface EventSink {
  /**
   * Resolves once every event is durably stored (or durably queued). Rejects with
   * ProjectGoneError when the project was deleted after its key let the events in.
   */
  storeEvents(projectId: number, events: NormalizedEvent[]): Promise<void>;
  /** Resolves when everything accepted so far has been written (for a clean shutdown). */
  drain(): Promise<void>;
}

export interface RateLimiter {
  /** Takes `count` events from the project's budget; the seconds to wait when it is spent. */
  take(projectId: number, limitPerMinute: number | null, count: number): { allowed: true } | { allowed: false; retryAfterSeconds: number };
}

export type Decompress = (encoding: ContentEncoding, input: ReadableStream<Uint8Array>) => ReadableStream<Uint8Array>;

export interface IngestRuntime {
  keys: KeyDirectory;
  sink: EventSink;
  rateLimiter: RateLimiter;
  decompress: Decompress;
  limits: IngestLimits;
  now(): Date;
  /** Called with an id and kind for failures that are not the client's fault; never with payloads. */
  logFailure(id: string, kind: string, cause: unknown): void;
}

/** The project of events being stored no longer exists: its keys went with it. */
export class ProjectGoneError extends Error {
  constructor(readonly projectId: number) {
    super(`project ${projectId} no longer exists`);
    this.name = "ProjectGoneError";
  }
}
