import type { ContentEncoding, IngestRejection, Result, SentryAuth } from "./types";

export interface ParsedDsn {
  scheme: string;
  publicKey: string;
  secretKey?: string;
  projectId: string;
  /** Host name with the port, if any. */
  host: string;
  /** The path before the project id, without a trailing slash ("" or "/sentry"). */
  pathPrefix: string;
}

/**
 * The client's key, from `X-Sentry-Auth`, else `Authorization: Sentry …` (or `DSN …`), else
 * the `sentry_key` query parameter. Null when none of them names a key; the envelope's `dsn`
 * is the caller's last resort (see parseDsn).
 */
export function parseSentryAuth(
  headers: Record<string, string | undefined>,
  query: URLSearchParams,
): SentryAuth | null {
  const fromHeader = parseAuthHeader(headers["x-sentry-auth"]);
  if (fromHeader) return fromHeader;
  const fromAuthorization = parseAuthorization(headers["authorization"]);
  if (fromAuthorization) return fromAuthorization;
  return readAuthFields((name) => query.get(name) ?? undefined);
}

function parseAuthorization(header: string | undefined): SentryAuth | null {
  if (!header) return null;
  const dsn = /^\s*dsn\s+(\S+)\s*$/i.exec(header);
  if (dsn) {
    const parsed = parseDsn(dsn[1]);
    return parsed ? { publicKey: parsed.publicKey, secretKey: parsed.secretKey } : null;
  }
  return /^\s*sentry\s/i.test(header) ? parseAuthHeader(header) : null;
}

/** `Sentry sentry_key=…, sentry_version=7, …`, with or without the `Sentry` prefix or quotes. */
function parseAuthHeader(header: string | undefined): SentryAuth | null {
  if (!header) return null;
  const fields = new Map<string, string>();
  const body = header.trim().replace(/^sentry(?=\s|$)/i, "");
  for (const part of body.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1").trim();
    if (name && !fields.has(name)) fields.set(name, value);
  }
  return readAuthFields((name) => fields.get(name));
}

function readAuthFields(read: (name: string) => string | undefined): SentryAuth | null {
  const publicKey = read("sentry_key")?.trim();
  if (!publicKey) return null;
  const auth: SentryAuth = { publicKey };
  const secretKey = read("sentry_secret")?.trim();
  const sentryVersion = read("sentry_version")?.trim();
  const client = read("sentry_client")?.trim();
  if (secretKey) auth.secretKey = secretKey;
  if (sentryVersion) auth.sentryVersion = sentryVersion;
  if (client) auth.client = client;
  return auth;
}

/** `{scheme}://{public_key}[:{secret}]@{host}{path_prefix}/{project_id}`, else null. */
export function parseDsn(dsn: string): ParsedDsn | null {
  let url: URL;
  try {
    url = new URL(dsn.trim());
  } catch {
    return null;
  }
  const scheme = url.protocol.replace(/:$/, "");
  if (scheme !== "http" && scheme !== "https") return null;
  const publicKey = decodeDsnPart(url.username);
  if (!publicKey || !url.host) return null;
  const path = url.pathname.replace(/\/$/, "");
  const slash = path.lastIndexOf("/");
  const projectId = decodeDsnPart(path.slice(slash + 1));
  if (!projectId) return null;
  const parsed: ParsedDsn = {
    scheme,
    publicKey,
    projectId,
    host: url.host,
    pathPrefix: path.slice(0, Math.max(slash, 0)),
  };
  const secretKey = decodeDsnPart(url.password);
  if (secretKey) parsed.secretKey = secretKey;
  return parsed;
}

function decodeDsnPart(part: string): string | null {
  try {
    return decodeURIComponent(part) || null;
  } catch {
    return null;
  }
}

const ENCODING_NAMES = new Map<string, ContentEncoding | null>([
  ["", null],
  ["identity", null],
  ["gzip", "gzip"],
  ["x-gzip", "gzip"],
  ["deflate", "deflate"],
  ["br", "br"],
]);

/** Stacked encodings beyond this are refused: no client sends them, a bomb-maker might. */
const MAX_ENCODINGS = 3;

/**
 * `Content-Encoding` as the list of codings in the order they were applied (decode in
 * reverse); identity dropped. Unknown codings are refused.
 */
export function parseContentEncoding(
  header: string | undefined | null,
): Result<ContentEncoding[], IngestRejection> {
  const encodings: ContentEncoding[] = [];
  for (const token of (header ?? "").split(",")) {
    const name = token.trim().toLowerCase();
    const encoding = ENCODING_NAMES.get(name);
    if (encoding === undefined) {
      return { ok: false, error: { kind: "unsupported-encoding", encoding: name } };
    }
    if (encoding) encodings.push(encoding);
  }
  if (encodings.length > MAX_ENCODINGS) {
    return { ok: false, error: { kind: "unsupported-encoding", encoding: encodings.join(", ") } };
  }
  return { ok: true, value: encodings };
}
