import type { IngestRejection, IngestResponse } from "./types";

// The one mapping from ingestion failures to Sentry's statuses, headers and bodies.

export const CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers":
    "x-sentry-auth, x-requested-with, content-type, content-encoding, authorization, sentry-trace, baggage, origin, accept",
  "access-control-expose-headers": "x-sentry-error, x-sentry-rate-limits, retry-after",
  "access-control-max-age": "3600",
};

export function respondJson(status: number, body: unknown, extraHeaders: Record<string, string> = {}): IngestResponse {
  return {
    status,
    headers: { ...CORS_HEADERS, "content-type": "application/json", ...extraHeaders },
    body: JSON.stringify(body),
  };
}

export function respondToRejection(rejection: IngestRejection): IngestResponse {
  switch (rejection.kind) {
    case "malformed":
      return reject(400, rejection.detail);
    case "missing-key":
      return reject(401, "missing authorization information: no sentry_key in X-Sentry-Auth, Authorization, the query string or the envelope header");
    case "unknown-key":
      return reject(401, "unknown public key");
    case "key-revoked":
      return reject(403, "this client key has been revoked");
    case "foreign-key":
      return reject(403, "this client key belongs to another project");
    case "tracking-inactive":
      return reject(403, "error tracking is disabled or not integrated for this project");
    case "too-large":
      return reject(413, `${rejection.what} exceeds the limit of ${rejection.limitBytes} bytes`);
    case "unsupported-encoding":
      return reject(415, `unsupported content encoding: ${rejection.encoding}`);
    case "method-not-allowed":
      return reject(405, "only POST is accepted here", { allow: "POST, OPTIONS" });
    case "rate-limited":
      return reject(429, `rate limit exceeded, retry after ${rejection.retryAfterSeconds} seconds`, {
        "retry-after": String(rejection.retryAfterSeconds),
        // Sentry's format: retry_after:categories:scope[:reason_code]; no categories = all.
        "x-sentry-rate-limits": `${rejection.retryAfterSeconds}::organization:project_quota`,
      });
  }
}

function reject(status: number, detail: string, headers: Record<string, string> = {}): IngestResponse {
  return respondJson(status, { detail }, { "x-sentry-error": detail, ...headers });
}
