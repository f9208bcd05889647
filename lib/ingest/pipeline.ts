import { authenticate } from "./authenticate";
import { decodeBody } from "./decode-body";
import { openEnvelope, type ParsedEnvelope } from "./envelope-parser";
import { CORS_HEADERS, respondJson, respondToRejection } from "./ingest-rejection";
import { normalizeEvent } from "./normalize-event";
import { parseContentEncoding, parseDsn, parseSentryAuth } from "./request-meta";
import { ProjectGoneError, type IngestRuntime } from "./runtime";
import { parseStoreBody } from "./store-body";
import type { IngestRequest, IngestResponse, NormalizedEvent, Result } from "./types";

// parse meta → authenticate → decode with limits → parse → normalise + group → rate limit → store.

export async function ingest(request: IngestRequest, runtime: IngestRuntime): Promise<IngestResponse> {
  if (request.method === "OPTIONS") return { status: 200, headers: { ...CORS_HEADERS }, body: "" };
  if (request.method !== "POST") return respondToRejection({ kind: "method-not-allowed" });
  try {
    const outcome = await ingestPost(request, runtime);
    return outcome.ok ? respondJson(200, { id: outcome.value }) : respondToRejection(outcome.error);
  } catch (cause) {
    const id = crypto.randomUUID();
    runtime.logFailure(id, "ingest-unexpected", cause);
    return respondJson(500, { detail: `internal error; reference ${id}` });
  }
}

async function ingestPost(request: IngestRequest, runtime: IngestRuntime): Promise<Result<string | null>> {
  const projectId = Number(request.projectId);
  if (!/^[1-9][0-9]{0,9}$/.test(request.projectId) || !Number.isSafeInteger(projectId)) {
    return malformed(`the project id in the URL must be a positive integer, got "${request.projectId.slice(0, 40)}"`);
  }

  // When the key arrives with the request, refuse a bad one before reading any of the body.
  const requestAuth = parseSentryAuth(request.headers, request.query);
  let grant = requestAuth ? await authenticate(requestAuth, projectId, runtime.keys) : null;
  if (grant && !grant.ok) return grant;

  const encodings = parseContentEncoding(request.headers["content-encoding"]);
  if (!encodings.ok) return encodings;
  const body = decodeBody(request.body, encodings.value, runtime.limits, runtime.decompress);
  if (!body.ok) return body;

  let parsed: Result<ParsedEnvelope>;
  if (request.endpoint === "store") {
    if (!grant) return { ok: false, error: { kind: "missing-key" } };
    parsed = await parseStoreBody(body.value, runtime.limits, runtime.decompress);
  } else {
    const opened = await openEnvelope(body.value, runtime.limits);
    if (!opened.ok) return opened;
    if (!grant) {
      const dsnAuth = opened.value.header.dsn ? parseDsn(opened.value.header.dsn) : null;
      grant = await authenticate(dsnAuth, projectId, runtime.keys);
      if (!grant.ok) {
        await opened.value.cancel();
        return grant;
      }
    }
    parsed = await opened.value.readItems();
  }
  if (!parsed.ok) return parsed;
  const envelope = parsed.value;

  const receivedAt = runtime.now();
  const events: NormalizedEvent[] = [];
  const problems: string[] = envelope.problems.map((p) => p.detail);
  for (const raw of envelope.events) {
    const normalized = normalizeEvent(raw, receivedAt, envelope.header.eventId);
    if (normalized.ok) events.push(normalized.value);
    else problems.push(normalized.error.kind === "malformed" ? normalized.error.detail : normalized.error.kind);
  }
  // A bad event item costs only itself; a request whose every event is bad is refused.
  if (events.length === 0 && problems.length > 0) return malformed(problems.join("; "));

  const answer = events[0]?.eventId ?? envelope.header.eventId ?? null;
  if (events.length === 0) return { ok: true, value: answer };
  const allowed = runtime.rateLimiter.take(projectId, grant.value.rateLimitPerMinute, events.length);
  if (!allowed.allowed) return { ok: false, error: { kind: "rate-limited", retryAfterSeconds: allowed.retryAfterSeconds } };
  return answerOnceStored(runtime.sink.storeEvents(projectId, events), answer);
}

/**
 * The wait for the batch's commit (tens of milliseconds under load) holds only the answer. Had
 * the parsing call waited itself, its suspended frame would have kept every parsed payload
 * alive that long, long enough to outlive the young generation and fill the old heap.
 */
async function answerOnceStored(stored: Promise<void>, answer: string | null): Promise<Result<string | null>> {
  try {
    await stored;
  } catch (cause) {
    // Deleted while its key was still cached (for up to a second): the key is unknown now.
    if (cause instanceof ProjectGoneError) return { ok: false, error: { kind: "unknown-key" } };
    throw cause;
  }
  return { ok: true, value: answer };
}

const malformed = (detail: string): Result<never> => ({ ok: false, error: { kind: "malformed", detail } });
