// A fake Sentry Web API on loopback, answering from the recorded responses in
// shared/fixtures/sentry-api (see its README): Bearer auth with Sentry's 401 bodies, the
// projects list and one project's issues with real `Link` headers and cursors, issue details,
// latest events, status updates applied to in-memory state, organization-scoped and unscoped
// issue paths, and every way of failing a test may need. It records each request (the
// Authorization header reduced to what kind it was) so tests can assert the calls.
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";

export const SENTRY_FIXTURES_DIR = new URL("../../../shared/fixtures/sentry-api/", import.meta.url);

export function readSentryFixture(name: string): string {
  return readFileSync(new URL(name, SENTRY_FIXTURES_DIR), "utf8");
}

export function sentryFixtureJson<T = unknown>(name: string): T {
  return JSON.parse(readSentryFixture(name)) as T;
}

type Json = Record<string, unknown>;

export type FakeSentryFailure =
  | "unauthorized"
  | "forbidden"
  | "not-found"
  | "gone"
  | "rate-limited"
  | "rate-limited-string-body"
  | "server-error"
  | "bad-gateway"
  | "malformed-json"
  | "slow"
  | "redirect"
  | "close-connection";

export interface FailureRule {
  failure: FakeSentryFailure;
  /** Requests it applies to (default: all). */
  match?: (request: RecordedSentryRequest) => boolean;
  /** How many matching requests fail (default: every one until cleared). */
  times?: number;
  /** For "slow": how long to wait before answering (default 30 s). */
  delayMs?: number;
}

export interface RecordedSentryRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** The headers as received, without `authorization`. */
  headers: Record<string, string | string[] | undefined>;
  /** What the Authorization header was, never its value. */
  authorization: "missing" | "bearer-valid" | "bearer-invalid" | "other";
  body: string;
}

export interface FakeSentryRoutes {
  /** `missing`: /api/0/organizations/{org}/issues/… answer 404, as on older self-hosted Sentry. */
  organizationScoped: "available" | "missing";
  /** `deprecated` adds sentry.io's deprecation headers; `gone` answers 410 as in a brownout. */
  unscoped: "available" | "deprecated" | "gone";
}

export interface FakeSentryOptions {
  token?: string;
  organizationSlug?: string;
  projectSlug?: string;
}

export interface FakeSentry {
  /** The server's root, e.g. http://127.0.0.1:PORT (what a maintainer enters as Sentry API URL). */
  url: string;
  port: number;
  token: string;
  organizationSlug: string;
  projectSlug: string;
  requests: RecordedSentryRequest[];
  /** Issue id → current status, as PUTs leave it. */
  statuses: Map<string, string>;
  /** Issue id → the Sentry project it belongs to (all five start in the fake's project). */
  issueProjects: Map<string, { id: string; name: string; slug: string }>;
  routes: FakeSentryRoutes;
  fail(rule: FailureRule): void;
  clearFailures(): void;
  /** Requests whose path contains `fragment` (all when omitted). */
  requestsTo(fragment?: string): RecordedSentryRequest[];
  close(): Promise<void>;
}

/** Issue ids and their list items: the five issues of issues.json and issues-single-page.json. */
function loadIssues(): Map<string, Json> {
  const items = [...sentryFixtureJson<Json[]>("issues-single-page.json"), ...sentryFixtureJson<Json[]>("issues.json")];
  return new Map(items.map((item) => [String(item.id), item]));
}

/** Detail bodies recorded for particular ids; the rest answer with their list item. */
const DETAIL_FIXTURES: Record<string, string> = { "1": "issue-with-tags-and-releases.json", "11": "issue.json" };

/** Which recorded event is each issue's latest; issue 12 has none (Sentry answers 404). */
export const LATEST_EVENT_FIXTURES: Record<string, string> = {
  "1": "issue-latest-event-message-only.json",
  "2": "issue-latest-event-with-breadcrumbs.json",
  "11": "issue-latest-event.json",
  "13": "issue-latest-event-no-stacktrace.json",
};

const VALID_STATUSES = new Map([
  ["resolved", "resolved"],
  ["resolvedInNextRelease", "resolved"],
  ["unresolved", "unresolved"],
  ["ignored", "ignored"],
]);

const STATUS_ALIASES: Record<string, string> = { archived: "ignored", muted: "ignored" };

function tokenize(query: string): string[] {
  return [...query.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]).filter((t) => t.length > 0);
}

export async function startFakeSentry(options: FakeSentryOptions = {}): Promise<FakeSentry> {
  const token = options.token ?? "sntrys_fake_token_0123456789abcdef";
  const organizationSlug = options.organizationSlug ?? "the-interstellar-jurisdiction";
  const projectSlug = options.projectSlug ?? "pump-station";
  const issues = loadIssues();
  const statuses = new Map([...issues].map(([id, item]) => [id, String(item.status)]));
  // The recorded list items come from two servers; here they all belong to one project.
  const ownProject = { id: "2", name: projectSlug === "pump-station" ? "Pump Station" : projectSlug, slug: projectSlug };
  const issueProjects = new Map([...issues.keys()].map((id) => [id, { ...ownProject }]));
  const requests: RecordedSentryRequest[] = [];
  const routes: FakeSentryRoutes = { organizationScoped: "available", unscoped: "available" };
  let rules: Array<FailureRule & { remaining: number }> = [];
  const timers = new Set<NodeJS.Timeout>();
  let base = "";

  const send = (res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(body);
  };
  const sendFixture = (res: http.ServerResponse, status: number, name: string, headers: Record<string, string> = {}) =>
    send(res, status, readSentryFixture(name), headers);
  const notFound = (res: http.ServerResponse) => sendFixture(res, 404, "error-404.json");

  const failWith = (rule: FailureRule, req: http.IncomingMessage, res: http.ServerResponse) => {
    switch (rule.failure) {
      case "unauthorized":
        return sendFixture(res, 401, "error-401-invalid-token.json", { "WWW-Authenticate": 'xBasic realm="api"' });
      case "forbidden":
        return sendFixture(res, 403, "error-403.json");
      case "not-found":
        return notFound(res);
      case "gone":
        return sendFixture(res, 410, "error-410-deprecated-endpoint.json", deprecationHeaders(req.url ?? ""));
      case "rate-limited":
        return sendFixture(res, 429, "error-429.json", {
          "Content-Type": "text/html; charset=utf-8",
          "X-Sentry-Rate-Limit-Limit": "5",
          "X-Sentry-Rate-Limit-Remaining": "0",
          "X-Sentry-Rate-Limit-Reset": String(Math.floor(Date.now() / 1000) + 3),
          "X-Sentry-Rate-Limit-ConcurrentLimit": "25",
          "X-Sentry-Rate-Limit-ConcurrentRemaining": "24",
        });
      case "rate-limited-string-body":
        return sendFixture(res, 429, "error-429-string-body.json");
      case "server-error":
        return send(res, 500, "<h1>Server Error (500)</h1>", { "Content-Type": "text/html" });
      case "bad-gateway":
        return send(res, 502, "<html><body><h1>502 Bad Gateway</h1></body></html>", { "Content-Type": "text/html" });
      case "malformed-json":
        return send(res, 200, '{"id": "1", "title": ');
      case "slow": {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) send(res, 200, "[]");
        }, rule.delayMs ?? 30_000);
        timers.add(timer);
        return;
      }
      case "redirect":
        return send(res, 302, "", { Location: `http://sentry.elsewhere.example${req.url ?? "/"}` });
      case "close-connection":
        req.socket.destroy();
        return;
    }
  };

  const deprecationHeaders = (path: string): Record<string, string> => {
    const id = /\/issues\/(\d+)\//.exec(path)?.[1] ?? "0";
    return {
      "X-Sentry-Deprecation-Date": "2025-06-01T00:00:00Z",
      "X-Sentry-Replacement-Endpoint": `/api/0/organizations/${organizationSlug}/issues/${id}/`,
    };
  };

  const detailOf = (id: string): Json => {
    const fixture = DETAIL_FIXTURES[id];
    const detail: Json = fixture ? sentryFixtureJson<Json>(fixture) : { ...issues.get(id) };
    delete detail.stats;
    return { ...detail, status: statuses.get(id), statusDetails: {}, project: issueProjects.get(id) };
  };

  const listIssues = (url: URL, res: http.ServerResponse, pathname: string) => {
    const params = url.searchParams;
    const limitText = params.get("limit");
    const limit = limitText === null ? 100 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1) return send(res, 400, JSON.stringify({ detail: "invalid limit" }));
    const cursorText = params.get("cursor");
    let offset = 0;
    if (cursorText !== null) {
      const parts = cursorText.split(":");
      if (parts.length !== 3 || parts.some((p) => !/^-?\d+$/.test(p))) return sendFixture(res, 400, "error-400-invalid-cursor.json");
      offset = Math.max(0, Number(parts[1]));
    }
    const sort = params.get("sort") ?? "date";
    if (!["date", "new", "freq", "priority", "user"].includes(sort)) return send(res, 400, JSON.stringify({ detail: "Invalid sort" }));
    const terms = tokenize(params.has("query") ? (params.get("query") ?? "") : "is:unresolved");
    const wantedStatuses = terms.filter((t) => t.startsWith("is:")).map((t) => STATUS_ALIASES[t.slice(3)] ?? t.slice(3));
    const text = terms.filter((t) => !/^[a-zA-Z_.]+:/.test(t)).map((t) => t.toLowerCase());

    const key = (item: Json): number =>
      sort === "new" ? Date.parse(String(item.firstSeen)) : sort === "freq" ? Number(item.count) : sort === "user" ? Number(item.userCount) : Date.parse(String(item.lastSeen));
    const matching = [...issues.entries()]
      .filter(([id]) => issueProjects.get(id)?.slug === projectSlug)
      .map(([id, item]): Json => ({ ...item, status: statuses.get(id), project: issueProjects.get(id) }))
      .filter((item) => wantedStatuses.every((s) => item.status === s))
      .filter((item) => text.every((t) => String(item.title).toLowerCase().includes(t)))
      .sort((a, b) => key(b) - key(a) || Number(b.id) - Number(a.id));
    const page = matching.slice(offset, offset + limit);

    const others = new URLSearchParams(params);
    others.delete("cursor");
    const link = (cursor: string, rel: string, results: boolean) =>
      `<${base}${pathname}?${others.toString()}&cursor=${cursor}>; rel="${rel}"; results="${results}"; cursor="${cursor}"`;
    const previous = `0:${Math.max(0, offset - limit)}:1`;
    const next = `0:${offset + limit}:0`;
    send(res, 200, JSON.stringify(page), {
      Link: `${link(previous, "previous", offset > 0)}, ${link(next, "next", offset + limit < matching.length)}`,
      "X-Hits": String(matching.length),
      "X-Max-Hits": "1000",
    });
  };

  const listProjects = (url: URL, res: http.ServerResponse) => {
    // Two pages: the GitLab fixture, then the recorded single page.
    const cursor = url.searchParams.get("cursor");
    const second = cursor === "0:2:0";
    if (cursor !== null && !second && cursor !== "0:0:1") return sendFixture(res, 400, "error-400-invalid-cursor.json");
    const link = (c: string, rel: string, results: boolean) =>
      `<${base}/api/0/projects/?&cursor=${c}>; rel="${rel}"; results="${results}"; cursor="${c}"`;
    const header = second
      ? `${link("0:0:1", "previous", true)}, ${link("0:5:0", "next", false)}`
      : `${link("0:0:1", "previous", false)}, ${link("0:2:0", "next", true)}`;
    sendFixture(res, 200, second ? "projects-single-page.json" : "projects.json", { Link: header });
  };

  const issueRoute = (method: string, id: string, rest: string, body: string, res: http.ServerResponse, extraHeaders: Record<string, string>) => {
    if (!issues.has(id)) return send(res, 404, readSentryFixture("error-404.json"), extraHeaders);
    if (rest === "" && method === "GET") return send(res, 200, JSON.stringify(detailOf(id)), extraHeaders);
    if (rest === "" && method === "PUT") {
      let requested: unknown;
      try {
        requested = (JSON.parse(body) as Json).status;
      } catch {
        return send(res, 400, JSON.stringify({ detail: "JSON parse error" }), extraHeaders);
      }
      const status = typeof requested === "string" ? VALID_STATUSES.get(requested) : undefined;
      if (!status) {
        return send(res, 400, readSentryFixture("error-400-invalid-status.json").replace("reprocessing", String(requested)), extraHeaders);
      }
      statuses.set(id, status);
      const fixture = `issue-update-${status}.json`;
      const answer = id === "1" ? readSentryFixture(fixture) : JSON.stringify(detailOf(id));
      return send(res, 200, answer, extraHeaders);
    }
    if (rest === "events/latest/" && method === "GET") {
      const fixture = LATEST_EVENT_FIXTURES[id];
      return fixture ? send(res, 200, readSentryFixture(fixture), extraHeaders) : send(res, 404, readSentryFixture("error-404.json"), extraHeaders);
    }
    return notFound(res);
  };

  const route = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: string) => {
    const method = req.method ?? "GET";
    const path = url.pathname;
    if (path === "/api/0/projects/" && method === "GET") return listProjects(url, res);
    const list = /^\/api\/0\/projects\/([^/]+)\/([^/]+)\/issues\/$/.exec(path);
    if (list && method === "GET") {
      if (decodeURIComponent(list[1]) !== organizationSlug || decodeURIComponent(list[2]) !== projectSlug) return notFound(res);
      return listIssues(url, res, path);
    }
    const scoped = /^\/api\/0\/organizations\/([^/]+)\/issues\/([^/]+)\/(.*)$/.exec(path);
    if (scoped) {
      if (routes.organizationScoped === "missing") {
        return send(res, 404, "<h1>Not Found</h1><p>The requested resource was not found on this server.</p>", { "Content-Type": "text/html" });
      }
      if (decodeURIComponent(scoped[1]) !== organizationSlug) return notFound(res);
      return issueRoute(method, decodeURIComponent(scoped[2]), scoped[3], body, res, {});
    }
    const unscoped = /^\/api\/0\/issues\/([^/]+)\/(.*)$/.exec(path);
    if (unscoped) {
      if (routes.unscoped === "gone") return sendFixture(res, 410, "error-410-deprecated-endpoint.json", deprecationHeaders(path));
      const headers = routes.unscoped === "deprecated" ? deprecationHeaders(path) : {};
      return issueRoute(method, decodeURIComponent(unscoped[1]), unscoped[2], body, res, headers);
    }
    return notFound(res);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", base);
      const { authorization, ...headers } = req.headers;
      const bearer = /^Bearer (.+)$/.exec(authorization ?? "")?.[1];
      const recorded: RecordedSentryRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        authorization: authorization === undefined ? "missing" : bearer === undefined ? "other" : bearer === token ? "bearer-valid" : "bearer-invalid",
        body,
      };
      requests.push(recorded);

      const rule = rules.find((r) => r.remaining > 0 && (r.match ? r.match(recorded) : true));
      if (rule) {
        rule.remaining -= 1;
        return failWith(rule, req, res);
      }
      if (recorded.authorization === "missing" || recorded.authorization === "other") {
        return sendFixture(res, 401, "error-401-no-credentials.json", { "WWW-Authenticate": 'xBasic realm="api"' });
      }
      if (recorded.authorization === "bearer-invalid") {
        return sendFixture(res, 401, "error-401-invalid-token.json", { "WWW-Authenticate": 'xBasic realm="api"' });
      }
      route(req, res, url, body);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    port,
    token,
    organizationSlug,
    projectSlug,
    requests,
    statuses,
    issueProjects,
    routes,
    fail(rule) {
      rules.push({ ...rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
    },
    clearFailures() {
      rules = [];
    },
    requestsTo(fragment) {
      return fragment === undefined ? [...requests] : requests.filter((r) => r.path.includes(fragment));
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
