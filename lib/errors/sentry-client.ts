import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { parseOutboundUrl, sendOutboundRequest, type OutboundFailure, type OutboundResponse } from "@/lib/errors/outbound-guard";

// Sentry's Web API (SPEC §7), as GitLab's Sentry client uses it: Bearer token, JSON, no
// redirects, a timeout and a size cap on every call. Every failure is a value with a kind and
// a sentence a maintainer can act on; no sentence ever holds the token. Responses are parsed
// leniently, since Sentry versions differ (shared/fixtures/sentry-api is the reference). GETs
// are cached for a few seconds so that one page view is not five remote calls.

export interface SentryConnection {
  /** The Sentry server, e.g. `https://sentry.io`; a path ending in `/api/0/…` is cut there. */
  apiUrl: string;
  token: string;
}

export interface SentryClientOptions {
  /** Per request, connecting included. Default 10 s. */
  timeoutMs?: number;
  /** Default 5 MiB. */
  maxResponseBytes?: number;
  /** Defaults to FAULTLINE_ALLOW_LOCAL_NETWORK. */
  allowLocalNetwork?: boolean;
  /** How long a GET answer is reused. Default 5 s; 0 turns the cache off. */
  cacheTtlMs?: number;
  /** Project list pages followed at most. Default 10. */
  maxProjectPages?: number;
}

export type SentryFailureKind =
  | "invalid-url"
  | "blocked-address"
  | "unreachable"
  | "tls"
  | "timeout"
  | "redirect"
  | "too-large"
  | "connection-closed"
  | "unauthorized"
  | "forbidden"
  | "not-found"
  | "gone"
  | "rate-limited"
  | "bad-request"
  | "server-error"
  | "unexpected-status"
  | "malformed-response";

export interface SentryFailure {
  kind: SentryFailureKind;
  /** A sentence for the maintainer; never contains the token. */
  message: string;
  /** The HTTP status, when Sentry answered. */
  status?: number;
}

export type SentryResult<T> = { ok: true; value: T } | { ok: false; error: SentryFailure };

export interface SentryProject {
  id: string;
  name: string;
  slug: string;
  status: string | null;
  organization: { id: string; name: string; slug: string };
}

export interface SentryRelease {
  version: string;
  shortVersion: string | null;
}

export interface SentryIssue {
  /** Numeric, as a string. */
  id: string;
  shortId: string | null;
  title: string;
  culprit: string;
  permalink: string | null;
  /** As Sentry says it: unresolved, resolved, ignored, or a newer state. */
  status: string;
  level: string | null;
  platform: string | null;
  type: string | null;
  count: number;
  userCount: number;
  firstSeen: Date;
  lastSeen: Date;
  firstRelease: SentryRelease | null;
  lastRelease: SentryRelease | null;
  project: { id: string; name: string; slug: string } | null;
}

export interface SentryEvent {
  eventId: string;
  /** When the event happened (`dateCreated`), else when Sentry received it. */
  occurredAt: Date | null;
  release: string | null;
  environment: string | null;
  /** The event JSON as Sentry returned it. */
  payload: Record<string, unknown>;
}

export type SentryIssueSort = "date" | "new" | "freq" | "priority" | "user" | "trends" | "inbox";
export type SentryStatusUpdate = "resolved" | "unresolved" | "ignored";

export interface SentryIssueListQuery {
  organizationSlug: string;
  projectSlug: string;
  /** Sent as is, even when empty: Sentry reads a missing `query` as `is:unresolved`. */
  query: string;
  sort?: SentryIssueSort;
  /** 1–100. */
  limit?: number;
  cursor?: string;
}

export interface SentryIssuePage {
  issues: SentryIssue[];
  /** From the Link header, only where `results="true"`. */
  nextCursor: string | null;
  previousCursor: string | null;
  /** `X-Hits`, where sent. */
  hits: number | null;
}

export interface SentryClient {
  listProjects(): Promise<SentryResult<SentryProject[]>>;
  listIssues(query: SentryIssueListQuery): Promise<SentryResult<SentryIssuePage>>;
  getIssue(organizationSlug: string, issueId: string): Promise<SentryResult<SentryIssue>>;
  getLatestEvent(organizationSlug: string, issueId: string): Promise<SentryResult<SentryEvent>>;
  updateIssueStatus(organizationSlug: string, issueId: string, status: SentryStatusUpdate): Promise<SentryResult<SentryIssue>>;
}

const DEFAULTS = { timeoutMs: 10_000, maxResponseBytes: 5 * 1024 * 1024, cacheTtlMs: 5_000, maxProjectPages: 10 };

/** The `/api/0/` root of a Sentry server, from what a maintainer typed; null unless http(s). */
export function sentryApiRoot(apiUrl: string): URL | null {
  const url = parseOutboundUrl(apiUrl.trim());
  if (!url) return null;
  url.search = "";
  url.hash = "";
  const at = url.pathname.indexOf("/api/0");
  const prefix = (at >= 0 ? url.pathname.slice(0, at) : url.pathname).replace(/\/+$/, "");
  url.pathname = `${prefix}/api/0/`;
  return url;
}

// ---------------------------------------------------------------------------------------------
// The Link header: `<url>; rel="previous"; results="false"; cursor="…", <url>; rel="next"; …`

export interface LinkCursors {
  next: string | null;
  previous: string | null;
}

/** Cursors worth following: only links with `results="true"` (or no `results`, as very old Sentry sent). */
export function parseSentryLinkHeader(header: string | null | undefined): LinkCursors {
  const cursors: LinkCursors = { next: null, previous: null };
  if (!header) return cursors;
  for (const link of header.split(/,\s*(?=<)/)) {
    const target = /^\s*<([^>]*)>/.exec(link)?.[1] ?? "";
    const attributes = new Map<string, string>();
    for (const match of link.matchAll(/;\s*([A-Za-z]+)="([^"]*)"/g)) attributes.set(match[1].toLowerCase(), match[2]);
    const rel = attributes.get("rel");
    if (rel !== "next" && rel !== "previous") continue;
    if (attributes.has("results") && attributes.get("results") !== "true") continue;
    let cursor = attributes.get("cursor") ?? null;
    if (cursor === null) {
      try {
        cursor = new URL(target).searchParams.get("cursor");
      } catch {
        cursor = null;
      }
    }
    if (cursor) cursors[rel] = cursor;
  }
  return cursors;
}

// ---------------------------------------------------------------------------------------------
// Lenient schemas: unknown fields are dropped, ids and counts may come as strings or numbers.

const IdText = z.union([z.string(), z.number()]).transform(String);
// Error ids are numbers in Faultline, so an id must fit a JavaScript number exactly.
const NumericId = z.union([z.string().regex(/^\d{1,15}$/), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)]).transform(String);
const Count = z.union([z.string(), z.number()]).transform((v) => Number(v)).pipe(z.number().finite().nonnegative());
const DateText = z.string().transform((v, ctx) => {
  const date = new Date(v);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: "custom", message: "not a date" });
    return z.NEVER;
  }
  return date;
});
const OptionalText = z.string().nullish().transform((v) => v ?? null);

const ProjectSchema = z.object({
  id: IdText,
  name: z.string(),
  slug: z.string().min(1),
  status: z.unknown().optional(),
  organization: z.object({ id: IdText, name: z.string(), slug: z.string().min(1) }),
});

const ReleaseSchema = z
  .union([
    z.object({ version: z.string(), shortVersion: z.string().nullish() }),
    z.string(),
  ])
  .nullish()
  .catch(null)
  .transform((release): SentryRelease | null => {
    if (release === null || release === undefined) return null;
    if (typeof release === "string") return { version: release, shortVersion: null };
    return { version: release.version, shortVersion: release.shortVersion ?? null };
  });

const IssueSchema = z.object({
  id: NumericId,
  shortId: OptionalText,
  title: z.string(),
  culprit: OptionalText,
  permalink: OptionalText,
  status: z.string(),
  level: OptionalText,
  platform: OptionalText.catch(null),
  type: OptionalText.catch(null),
  count: Count.catch(0),
  userCount: Count.catch(0),
  firstSeen: DateText.nullish(),
  lastSeen: DateText,
  firstRelease: ReleaseSchema,
  lastRelease: ReleaseSchema,
  project: z
    .object({ id: IdText, name: z.string(), slug: z.string() })
    .nullish()
    .catch(null)
    .transform((v) => v ?? null),
});

function toIssue(parsed: z.infer<typeof IssueSchema>): SentryIssue {
  return {
    ...parsed,
    culprit: parsed.culprit ?? "",
    firstSeen: parsed.firstSeen ?? parsed.lastSeen,
  };
}

const EventSchema = z.looseObject({
  eventID: z.string().optional(),
  id: IdText.optional(),
  dateCreated: DateText.nullish().catch(null),
  dateReceived: DateText.nullish().catch(null),
  release: ReleaseSchema,
  environment: z.string().nullish().catch(null),
  tags: z.unknown().optional(),
});

function environmentTag(tags: unknown): string | null {
  if (!Array.isArray(tags)) return null;
  for (const tag of tags) {
    if (Array.isArray(tag) && tag[0] === "environment" && typeof tag[1] === "string") return tag[1];
    if (typeof tag === "object" && tag !== null && (tag as { key?: unknown }).key === "environment") {
      const value = (tag as { value?: unknown }).value;
      if (typeof value === "string") return value;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Failures: one sentence per way Sentry (or the way to it) can fail.

function hostOf(url: URL): string {
  return url.host;
}

function scrub(text: string, token: string): string {
  return token ? text.split(token).join("[token]") : text;
}

function describeOutboundFailure(failure: OutboundFailure, url: URL, timeoutMs: number): SentryFailure {
  const host = hostOf(url);
  switch (failure.kind) {
    case "invalid-url":
      return { kind: "invalid-url", message: "The Sentry API URL must be an http:// or https:// URL." };
    case "blocked-address":
      return {
        kind: "blocked-address",
        message:
          failure.reason === "local-network"
            ? `Faultline does not connect to ${host}: it is on a local or private network. Set FAULTLINE_ALLOW_LOCAL_NETWORK=true to allow it.`
            : `Faultline does not connect to ${host}: it resolves to a link-local, cloud metadata or unspecified address.`,
      };
    case "unreachable":
      return {
        kind: "unreachable",
        message:
          failure.code === "ENOTFOUND" || failure.code?.startsWith("EAI_")
            ? `Could not reach the Sentry server: the host name ${url.hostname} could not be resolved. Check the Sentry API URL.`
            : `Could not reach the Sentry server at ${host}. Check the Sentry API URL and that the server is running.`,
      };
    case "tls":
      return {
        kind: "tls",
        message: `Could not make a secure (TLS) connection to the Sentry server at ${host}: its certificate was not accepted or the TLS handshake failed.`,
      };
    case "timeout":
      return { kind: "timeout", message: `The Sentry server at ${host} did not answer within ${Math.round(timeoutMs / 1000)} seconds. Try again later.` };
    case "redirect":
      return {
        kind: "redirect",
        status: failure.status,
        message: `The Sentry server answered with a redirect (${failure.status}), which Faultline does not follow. Check the Sentry API URL.`,
      };
    case "too-large":
      return {
        kind: "too-large",
        message: `The Sentry server's answer was larger than ${Math.round(failure.limitBytes / (1024 * 1024))} MB, more than Faultline accepts.`,
      };
    case "connection-closed":
      return { kind: "connection-closed", message: `The Sentry server at ${host} closed the connection before answering. Try again later.` };
  }
}

function detailOf(body: Buffer): string | null {
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (typeof parsed === "string") return parsed;
    if (typeof parsed === "object" && parsed !== null) {
      const record = parsed as Record<string, unknown>;
      for (const key of ["detail", "message"]) if (typeof record[key] === "string") return record[key] as string;
      const first = Object.entries(record).find(([, v]) => Array.isArray(v) && typeof v[0] === "string");
      if (first) return `${first[0]}: ${(first[1] as string[])[0]}`;
    }
  } catch {
    // Not JSON: the status alone says what happened.
  }
  return null;
}

function header(response: OutboundResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function retryAfterSeconds(response: OutboundResponse): number | null {
  const retryAfter = Number(header(response, "retry-after"));
  if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.ceil(retryAfter);
  const reset = Number(header(response, "x-sentry-rate-limit-reset"));
  if (Number.isFinite(reset) && reset > 0) return Math.max(1, Math.ceil(reset - Date.now() / 1000));
  return null;
}

function describeStatus(response: OutboundResponse, token: string): SentryFailure {
  const status = response.status;
  const shortDetail = () => {
    const detail = detailOf(response.body);
    return detail ? ` Sentry said: "${scrub(detail, token).slice(0, 200)}"` : "";
  };
  if (status === 401) {
    return { kind: "unauthorized", status, message: "Sentry refused the auth token (401). Check that the token is correct and has not been revoked." };
  }
  if (status === 403) {
    return {
      kind: "forbidden",
      status,
      message: "Sentry answered 403: the auth token may not do this. It needs the project:read, event:read and event:write scopes and access to the project.",
    };
  }
  if (status === 404) {
    return { kind: "not-found", status, message: "Sentry answered 404: the organization, project or issue was not found." };
  }
  if (status === 410) {
    return { kind: "gone", status, message: "Sentry answered 410: this API endpoint is no longer available on the Sentry server. Try again later." };
  }
  if (status === 429) {
    const wait = retryAfterSeconds(response);
    return {
      kind: "rate-limited",
      status,
      message: `Sentry is rate-limiting requests (429). Try again ${wait ? `in ${wait} second${wait === 1 ? "" : "s"}` : "in a few seconds"}.`,
    };
  }
  if (status === 400) return { kind: "bad-request", status, message: `Sentry rejected the request (400).${shortDetail()}` };
  if (status >= 500) return { kind: "server-error", status, message: `The Sentry server failed to answer (${status}). Try again later.` };
  return { kind: "unexpected-status", status, message: `The Sentry server answered with an unexpected status (${status}).` };
}

const malformed = (what: string): SentryFailure => ({
  kind: "malformed-response",
  message: `The Sentry server's answer to ${what} was not the JSON Faultline expected. Check that the Sentry API URL points at a Sentry server.`,
});

// ---------------------------------------------------------------------------------------------
// A small cache shared by all clients in the process, keyed by server, token (hashed) and call.

const CACHE_LIMIT = 500;
const cache = new Map<string, { expiresAt: number; value: Promise<SentryResult<unknown>> }>();

function remember<T>(key: string, ttlMs: number, load: () => Promise<SentryResult<T>>): Promise<SentryResult<T>> {
  if (ttlMs <= 0) return load();
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.expiresAt > now) return hit.value as Promise<SentryResult<T>>;
  if (hit) cache.delete(key);
  const value = load().then(
    (result) => {
      if (!result.ok) cache.delete(key);
      return result;
    },
    (error: unknown) => {
      cache.delete(key);
      throw error;
    },
  );
  cache.set(key, { expiresAt: now + ttlMs, value });
  while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return value;
}

function forget(prefix: string, matches: (rest: string) => boolean) {
  for (const key of [...cache.keys()]) if (key.startsWith(prefix) && matches(key.slice(prefix.length))) cache.delete(key);
}

// ---------------------------------------------------------------------------------------------

export function createSentryClient(connection: SentryConnection, options: SentryClientOptions = {}): SentryClient {
  const settings = { ...DEFAULTS, ...options };
  const root = sentryApiRoot(connection.apiUrl);
  const token = connection.token;
  const cachePrefix = `${createHash("sha256").update(`${root?.href ?? connection.apiUrl}\n${token}`).digest("hex")} `;
  const segment = (value: string) => encodeURIComponent(value);

  async function send(method: "GET" | "PUT", url: URL, body?: unknown): Promise<SentryResult<OutboundResponse>> {
    const result = await sendOutboundRequest({
      url,
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": "application/json",
        Accept: "application/json",
        "User-Agent": "Faultline",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: settings.timeoutMs,
      maxResponseBytes: settings.maxResponseBytes,
      allowLocalNetwork: settings.allowLocalNetwork,
    });
    if (!result.ok) return { ok: false, error: describeOutboundFailure(result.error, url, settings.timeoutMs) };
    const response = result.value;
    if (response.status < 200 || response.status > 299) return { ok: false, error: describeStatus(response, token) };
    return { ok: true, value: response };
  }

  /** A call's JSON body, or a failure. `path` is relative to /api/0/. */
  async function call(
    method: "GET" | "PUT",
    path: string,
    what: string,
    body?: unknown,
  ): Promise<SentryResult<{ json: unknown; response: OutboundResponse }>> {
    if (!root) return { ok: false, error: describeOutboundFailure({ kind: "invalid-url" }, new URL("http://invalid"), 0) };
    const sent = await send(method, new URL(path, root), body);
    if (!sent.ok) return sent;
    try {
      return { ok: true, value: { json: JSON.parse(sent.value.body.toString("utf8")) as unknown, response: sent.value } };
    } catch {
      return { ok: false, error: malformed(what) };
    }
  }

  /** Organization-scoped first; older self-hosted Sentry only has `/api/0/issues/{id}/…`. */
  async function callIssue(method: "GET" | "PUT", organizationSlug: string, issueId: string, rest: string, what: string, body?: unknown) {
    const scoped = await call(method, `organizations/${segment(organizationSlug)}/issues/${segment(issueId)}/${rest}`, what, body);
    if (scoped.ok || scoped.error.kind !== "not-found") return scoped;
    return call(method, `issues/${segment(issueId)}/${rest}`, what, body);
  }

  function parseIssue(json: unknown, what: string): SentryResult<SentryIssue> {
    const parsed = IssueSchema.safeParse(json);
    return parsed.success ? { ok: true, value: toIssue(parsed.data) } : { ok: false, error: malformed(what) };
  }

  return {
    listProjects() {
      return remember(`${cachePrefix}projects`, settings.cacheTtlMs, async () => {
        const projects = new Map<string, SentryProject>();
        let cursor: string | null = null;
        for (let page = 0; page < settings.maxProjectPages; page++) {
          const result = await call("GET", cursor ? `projects/?cursor=${encodeURIComponent(cursor)}` : "projects/", "the project list");
          if (!result.ok) return result;
          if (!Array.isArray(result.value.json)) return { ok: false, error: malformed("the project list") };
          for (const item of result.value.json) {
            const parsed = ProjectSchema.safeParse(item);
            if (!parsed.success) continue;
            const { status, ...project } = parsed.data;
            const statusText = typeof status === "string" ? status : null;
            projects.set(`${project.organization.slug}/${project.slug}`, { ...project, status: statusText });
          }
          const next = parseSentryLinkHeader(header(result.value.response, "link")).next;
          if (!next || next === cursor || result.value.json.length === 0) break;
          cursor = next;
        }
        return { ok: true, value: [...projects.values()] };
      });
    },

    listIssues(query) {
      const params = new URLSearchParams({ query: query.query });
      if (query.limit !== undefined) params.set("limit", String(Math.min(100, Math.max(1, Math.trunc(query.limit)))));
      if (query.sort) params.set("sort", query.sort);
      if (query.cursor) params.set("cursor", query.cursor);
      const path = `projects/${segment(query.organizationSlug)}/${segment(query.projectSlug)}/issues/?${params}`;
      return remember(`${cachePrefix}list ${path}`, settings.cacheTtlMs, async (): Promise<SentryResult<SentryIssuePage>> => {
        const result = await call("GET", path, "the issue list");
        if (!result.ok) return result;
        const items = result.value.json;
        if (!Array.isArray(items)) return { ok: false, error: malformed("the issue list") };
        const issues = items.flatMap((item) => {
          const parsed = IssueSchema.safeParse(item);
          return parsed.success ? [toIssue(parsed.data)] : [];
        });
        if (items.length > 0 && issues.length === 0) return { ok: false, error: malformed("the issue list") };
        const cursors = parseSentryLinkHeader(header(result.value.response, "link"));
        const hits = Number(header(result.value.response, "x-hits"));
        return {
          ok: true,
          value: { issues, nextCursor: cursors.next, previousCursor: cursors.previous, hits: Number.isFinite(hits) ? hits : null },
        };
      });
    },

    getIssue(organizationSlug, issueId) {
      return remember(`${cachePrefix}issue ${issueId} ${organizationSlug}`, settings.cacheTtlMs, async () => {
        const result = await callIssue("GET", organizationSlug, issueId, "", "the issue");
        return result.ok ? parseIssue(result.value.json, "the issue") : result;
      });
    },

    getLatestEvent(organizationSlug, issueId) {
      return remember(`${cachePrefix}issue ${issueId} ${organizationSlug} latest`, settings.cacheTtlMs, async (): Promise<SentryResult<SentryEvent>> => {
        const result = await callIssue("GET", organizationSlug, issueId, "events/latest/", "the latest event");
        if (!result.ok) return result;
        const parsed = EventSchema.safeParse(result.value.json);
        const eventId = parsed.success ? (parsed.data.eventID ?? parsed.data.id) : undefined;
        if (!parsed.success || !eventId) return { ok: false, error: malformed("the latest event") };
        const event = parsed.data;
        return {
          ok: true,
          value: {
            eventId,
            occurredAt: event.dateCreated ?? event.dateReceived ?? null,
            release: event.release?.version ?? null,
            environment: event.environment ?? environmentTag(event.tags),
            payload: result.value.json as Record<string, unknown>,
          },
        };
      });
    },

    async updateIssueStatus(organizationSlug, issueId, status) {
      const result = await callIssue("PUT", organizationSlug, issueId, "", "the status update", { status });
      // Whatever happened, what was cached about this issue and the lists may be stale now.
      forget(cachePrefix, (rest) => rest.startsWith("list ") || rest.startsWith(`issue ${issueId} `));
      return result.ok ? parseIssue(result.value.json, "the status update") : result;
    },
  };
}
