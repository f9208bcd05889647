import { getConfig } from "@/lib/config";
import { currentDatabase, getDatabase, getDb } from "@/lib/db/client";
import { createTitleCopier } from "@/lib/db/error-titles";
import { prepareEvent, writePreparedEvents, type PreparedEvent } from "@/lib/db/events";
import { findClientKeyGrant } from "@/lib/db/ingest-keys";
import { createCachedKeyDirectory, type CachedKeyDirectory } from "@/lib/ingest/key-directory-cache";
import { createRateLimiter } from "@/lib/ingest/rate-limiter";
import type { IngestRuntime } from "@/lib/ingest/runtime";
import { createBatchingSink } from "@/lib/ingest/store-event";
import { DEFAULT_LIMITS } from "@/lib/ingest/types";
import { decompressWithZlib } from "./node-decompress";

// One runtime per process, kept on globalThis so that server.ts and Next's bundled route
// handlers (separate module graphs in one process) share the same batches and caches.

/** How long another process's key revocation or settings change may take to apply here. */
export const KEY_CACHE_TTL_MS = 1_000;

const holder = globalThis as typeof globalThis & {
  __faultlineIngestRuntime?: IngestRuntime;
  __faultlineIngestKeys?: CachedKeyDirectory;
};

export function getNodeIngestRuntime(): IngestRuntime {
  return (holder.__faultlineIngestRuntime ??= createNodeIngestRuntime());
}

/** After a key is revoked or a project's settings change: this process's ingestion sees it at once. */
export function forgetCachedIngestKeys(): void {
  holder.__faultlineIngestKeys?.forgetAll();
}

function createNodeIngestRuntime(): IngestRuntime {
  const config = getConfig();
  const keys = createCachedKeyDirectory(async (publicKey) => findClientKeyGrant(await getDb(), publicKey), KEY_CACHE_TTL_MS);
  holder.__faultlineIngestKeys = keys;
  // Which database this process writes to decides who compresses payloads (event-payload.ts).
  const database = config.databaseUrl === undefined ? "pglite" : "postgres";
  const titles = createTitleCopier(currentDatabase, (cause) => logFailure(crypto.randomUUID(), "copy-titles", cause));
  // Titles noted before this process started (written by a process killed within a second of
  // its write, or outside ingestion) are copied without waiting for the next event.
  titles.afterWrite();
  const sink = createBatchingSink(async (batch: PreparedEvent[]) => {
    await writePreparedEvents(await getDatabase(), batch);
    titles.afterWrite();
  }, {
    prepare: (event) => prepareEvent(event, database),
    maxBatch: config.ingestMaxBatch,
    // A second writer overlaps one batch's encoding and transfer with the other's execution
    // (PGlite, on its own thread, takes them in turn); more only queue on the same hot error
    // rows' locks.
    concurrency: 2,
  });
  return {
    keys,
    sink,
    rateLimiter: createRateLimiter(),
    decompress: decompressWithZlib,
    limits: DEFAULT_LIMITS,
    now: () => new Date(),
    logFailure,
  };
}

function logFailure(id: string, kind: string, cause: unknown): void {
  // The error's own message helps an operator; payloads, headers and keys are never logged.
  const reason = cause instanceof Error ? `${cause.name}: ${cause.message.slice(0, 300)}` : typeof cause;
  console.error(`[ingest] failure id=${id} kind=${kind} cause=${reason}`);
}

