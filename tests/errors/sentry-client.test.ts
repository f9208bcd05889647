import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createSentryClient,
  parseSentryLinkHeader,
  sentryApiRoot,
  type SentryClientOptions,
  type SentryFailureKind,
  type SentryResult,
} from "@/lib/errors/sentry-client";
import { startFakeSentry, type FakeSentry, type FakeSentryFailure } from "@/tests/support/fake-sentry";

let sentry: FakeSentry;
const seenMessages: string[] = [];

const LOCAL: SentryClientOptions = { allowLocalNetwork: true, cacheTtlMs: 0 };
const client = (options: SentryClientOptions = {}, token = sentry.token, apiUrl = sentry.url) =>
  createSentryClient({ apiUrl, token }, { ...LOCAL, ...options });

function expectFailure<T>(result: SentryResult<T>, kind: SentryFailureKind): string {
  if (result.ok) throw new Error(`expected a ${kind} failure, got a value`);
  expect(result.error.kind).toBe(kind);
  expect(result.error.message).not.toContain(sentry.token);
  seenMessages.push(result.error.message);
  return result.error.message;
}

function valueOf<T>(result: SentryResult<T>): T {
  if (!result.ok) throw new Error(`expected a value, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

beforeAll(async () => {
  sentry = await startFakeSentry();
});

afterEach(() => {
  sentry.clearFailures();
  sentry.routes.organizationScoped = "available";
  sentry.routes.unscoped = "available";
  sentry.requests.length = 0;
});

afterAll(async () => {
  await sentry.close();
  // Every failure sentence any test saw: none may carry the token.
  expect(seenMessages.length).toBeGreaterThan(20);
  for (const message of seenMessages) expect(message).not.toContain(sentry.token);
});

describe("the Sentry API URL", () => {
  it.each([
    ["https://sentry.io", "https://sentry.io/api/0/"],
    ["https://sentry.io/", "https://sentry.io/api/0/"],
    ["https://sentry.example.com/sentry/", "https://sentry.example.com/sentry/api/0/"],
    ["https://sentry.io/api/0/projects/org/project/", "https://sentry.io/api/0/"],
    ["http://127.0.0.1:9000/api/0", "http://127.0.0.1:9000/api/0/"],
  ])("%s is read as the API root %s", (input, root) => {
    expect(sentryApiRoot(input)?.href).toBe(root);
  });

  it.each(["ftp://sentry.io", "file:///etc/passwd", "javascript:alert(1)", "not a url", ""])("%s is not an API URL", (input) => {
    expect(sentryApiRoot(input)).toBeNull();
  });

  it("an API URL that is not http(s) fails before any request", async () => {
    const message = expectFailure(await client({}, sentry.token, "ftp://sentry.io").listProjects(), "invalid-url");
    expect(message).toMatch(/http:\/\/ or https:\/\//);
    expect(sentry.requests).toHaveLength(0);
  });
});

describe("the Link header", () => {
  it("follows only links with results=\"true\", reading the cursor attribute", () => {
    const recorded =
      '<https://sentry.io/api/0/projects/the-interstellar-jurisdiction/pump-station/issues/?statsPeriod=24h&cursor=1541539196000:0:1>; rel="previous"; results="false"; cursor="1541539196000:0:1", <https://sentry.io/api/0/projects/the-interstellar-jurisdiction/pump-station/issues/?statsPeriod=24h&cursor=1541539195000:1:0>; rel="next"; results="false"; cursor="1541539195000:1:0"';
    expect(parseSentryLinkHeader(recorded)).toEqual({ next: null, previous: null });
    const docs =
      '<https://sentry.io/api/0/organizations/acme/issues/123456/events/?&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", <https://sentry.io/api/0/organizations/acme/issues/123456/events/?&cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"';
    expect(parseSentryLinkHeader(docs)).toEqual({ next: "0:100:0", previous: null });
    const gitlab =
      '<https://sentrytest.gitlab.com>; rel="previous"; results="true"; cursor="1573556671000:0:1", <https://sentrytest.gitlab.com>; rel="next"; results="true"; cursor="1572959139000:0:0"';
    expect(parseSentryLinkHeader(gitlab)).toEqual({ next: "1572959139000:0:0", previous: "1573556671000:0:1" });
  });

  it("falls back to the cursor in the URL when a very old Sentry leaves the attribute out", () => {
    const old = '<https://sentry.example.com/api/0/projects/?&cursor=0:0:1>; rel="previous", <https://sentry.example.com/api/0/projects/?&cursor=0:100:0>; rel="next"';
    expect(parseSentryLinkHeader(old)).toEqual({ next: "0:100:0", previous: "0:0:1" });
    expect(parseSentryLinkHeader(undefined)).toEqual({ next: null, previous: null });
  });
});

describe("listing projects", () => {
  it("reads every page the Link header says has results, with the Bearer token and JSON content type", async () => {
    const projects = valueOf(await client().listProjects());
    expect(projects.map((p) => `${p.organization.slug}/${p.slug}`)).toEqual([
      "sentry/sentry-example",
      "sentry/internal",
      "the-interstellar-jurisdiction/the-spoiled-yoghurt",
      "the-interstellar-jurisdiction/prime-mover",
      "the-interstellar-jurisdiction/pump-station",
    ]);
    expect(projects[4]).toEqual({
      id: "2",
      name: "Pump Station",
      slug: "pump-station",
      status: "active",
      organization: { id: "2", name: "The Interstellar Jurisdiction", slug: "the-interstellar-jurisdiction" },
    });
    const calls = sentry.requestsTo("/api/0/projects/");
    expect(calls.map((c) => [c.method, c.query.cursor ?? null])).toEqual([
      ["GET", null],
      ["GET", "0:2:0"],
    ]);
    for (const call of calls) {
      expect(call.authorization).toBe("bearer-valid");
      expect(call.headers["content-type"]).toBe("application/json");
    }
  });

  it("stops after the page cap", async () => {
    const projects = valueOf(await client({ maxProjectPages: 1 }).listProjects());
    expect(projects.map((p) => p.slug)).toEqual(["sentry-example", "internal"]);
    expect(sentry.requests).toHaveLength(1);
  });

  it("an unknown token is refused with a sentence that does not repeat it", async () => {
    const message = expectFailure(await client({}, "sntrys_wrong_token_abcdef").listProjects(), "unauthorized");
    expect(message).toMatch(/refused the auth token/);
    expect(message).not.toContain("sntrys_wrong_token_abcdef");
    expect(sentry.requests[0]?.authorization).toBe("bearer-invalid");
  });
});

describe("listing issues", () => {
  const query = (q: Partial<Parameters<ReturnType<typeof client>["listIssues"]>[0]> = {}) => ({
    organizationSlug: sentry.organizationSlug,
    projectSlug: sentry.projectSlug,
    query: "is:unresolved",
    ...q,
  });

  it("pages through the project's issues by following the next cursor", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const result = valueOf(await client().listIssues(query({ limit: 2, sort: "date", cursor })));
      seen.push(...result.issues.map((i) => i.id));
      expect(result.hits).toBe(4);
      if (!result.nextCursor) break;
      expect(result.nextCursor).toMatch(/^\d+:\d+:0$/);
      cursor = result.nextCursor;
    }
    expect(seen).toEqual(["13", "11", "2", "1"]);
    const calls = sentry.requestsTo("/issues/");
    expect(calls.map((c) => c.query)).toEqual([
      { query: "is:unresolved", limit: "2", sort: "date" },
      { query: "is:unresolved", limit: "2", sort: "date", cursor: "0:2:0" },
    ]);
  });

  it("parses the fields pages show, leniently across Sentry versions", async () => {
    const { issues } = valueOf(await client().listIssues(query({ query: "" })));
    const byId = new Map(issues.map((i) => [i.id, i]));
    expect([...byId.keys()].sort()).toEqual(["1", "11", "12", "13", "2"]);
    expect(byId.get("13")).toMatchObject({
      title: "NotFound desc = GetRepoPath: not a git repository",
      culprit: "sentry.tasks.reports.deliver_organization_user_report",
      count: 17283712,
      userCount: 0,
      level: "error",
      status: "unresolved",
      permalink: "35.228.54.90/sentry/internal/issues/13/",
      firstSeen: new Date("2018-12-17T12:00:14Z"),
      lastSeen: new Date("2018-12-31T12:00:11Z"),
      project: { id: "2", name: "Pump Station", slug: "pump-station" },
    });
    expect(byId.get("12")?.status).toBe("ignored");
    expect(byId.get("2")?.permalink).toBe("https://sentry.io/the-interstellar-jurisdiction/pump-station/issues/2/");
  });

  it("sends the search terms and sort, and reads what Sentry matched", async () => {
    const searched = valueOf(await client().listIssues(query({ query: "is:unresolved gaierror" })));
    expect(searched.issues.map((i) => i.id)).toEqual(["11"]);
    const byFrequency = valueOf(await client().listIssues(query({ query: "", sort: "freq" })));
    expect(byFrequency.issues.map((i) => i.id)).toEqual(["13", "12", "11", "2", "1"]);
    const ignored = valueOf(await client().listIssues(query({ query: "is:ignored" })));
    expect(ignored.issues.map((i) => i.id)).toEqual(["12"]);
    expect(sentry.requestsTo("/issues/").map((c) => c.query.query)).toEqual(["is:unresolved gaierror", "", "is:ignored"]);
  });

  it("an unknown organization or project is a 404", async () => {
    const message = expectFailure(await client().listIssues(query({ projectSlug: "no-such-project" })), "not-found");
    expect(message).toMatch(/not found/);
  });

  it("a cursor Sentry cannot read is a 400 with Sentry's words", async () => {
    const message = expectFailure(await client().listIssues(query({ cursor: "page-two" })), "bad-request");
    expect(message).toContain("Invalid cursor parameter.");
  });
});

describe("one issue", () => {
  it("is read from the organization-scoped path", async () => {
    const issue = valueOf(await client().getIssue(sentry.organizationSlug, "1"));
    expect(issue).toMatchObject({
      id: "1",
      title: "This is an example python exception",
      platform: "python",
      userCount: 1,
      permalink: "https://sentry.io/organizations/the-interstellar-jurisdiction/issues/1/",
      firstSeen: new Date("2020-03-10T16:08:53.520970Z"),
    });
    expect(issue.firstRelease?.version).toEqual(expect.any(String));
    expect(sentry.requests.map((r) => r.path)).toEqual(["/api/0/organizations/the-interstellar-jurisdiction/issues/1/"]);
  });

  it("falls back to the unscoped path on an older self-hosted Sentry that answers 404", async () => {
    sentry.routes.organizationScoped = "missing";
    // A deprecated route still answers, with sentry.io's deprecation headers.
    sentry.routes.unscoped = "deprecated";
    const issue = valueOf(await client().getIssue(sentry.organizationSlug, "11"));
    expect(issue.lastRelease?.version).toEqual(expect.any(String));
    expect(issue.permalink).toBe("https://sentrytest.gitlab.com/sentry-org/sentry-project/issues/503504/");
    expect(sentry.requests.map((r) => r.path)).toEqual([
      "/api/0/organizations/the-interstellar-jurisdiction/issues/11/",
      "/api/0/issues/11/",
    ]);
  });

  it("an unknown issue is not found on either path", async () => {
    expectFailure(await client().getIssue(sentry.organizationSlug, "999"), "not-found");
    // A 404 cannot tell an unknown issue from a missing route, so both paths are asked.
    expect(sentry.requests.map((r) => r.path)).toEqual([
      "/api/0/organizations/the-interstellar-jurisdiction/issues/999/",
      "/api/0/issues/999/",
    ]);
  });

  it("a retired unscoped path (410 during a brownout) is reported as gone", async () => {
    sentry.routes.organizationScoped = "missing";
    sentry.routes.unscoped = "gone";
    const message = expectFailure(await client().getIssue(sentry.organizationSlug, "1"), "gone");
    expect(message).toMatch(/410/);
  });

  it("reads the latest event, falling back the same way", async () => {
    const event = valueOf(await client().getLatestEvent(sentry.organizationSlug, "11"));
    expect(event.eventId).toBe("333b98e3b91341d8a6247edff171d8cf");
    expect(event.occurredAt).toEqual(new Date("2019-12-08T21:48:07Z"));
    expect(event.release).toEqual(expect.any(String));
    expect(Array.isArray(event.payload.entries)).toBe(true);

    sentry.routes.organizationScoped = "missing";
    const java = valueOf(await client().getLatestEvent(sentry.organizationSlug, "2"));
    expect(java.eventId).toBe("0eabf1c001134940a6199d85c1ce3cf9");
    expect(sentry.requests.at(-1)?.path).toBe("/api/0/issues/2/events/latest/");
  });

  it("an issue without events answers 404 for its latest event", async () => {
    expectFailure(await client().getLatestEvent(sentry.organizationSlug, "12"), "not-found");
  });

  it("updates the status with a PUT of {status}", async () => {
    const resolved = valueOf(await client().updateIssueStatus(sentry.organizationSlug, "2", "resolved"));
    expect(resolved.status).toBe("resolved");
    expect(sentry.statuses.get("2")).toBe("resolved");
    const put = sentry.requests.at(-1);
    expect(put).toMatchObject({ method: "PUT", path: "/api/0/organizations/the-interstellar-jurisdiction/issues/2/" });
    expect(JSON.parse(put?.body ?? "")).toEqual({ status: "resolved" });
    expect(put?.headers["content-type"]).toBe("application/json");

    sentry.routes.organizationScoped = "missing";
    const reopened = valueOf(await client().updateIssueStatus(sentry.organizationSlug, "1", "unresolved"));
    expect(reopened.status).toBe("unresolved");
    expect(sentry.requests.at(-1)?.path).toBe("/api/0/issues/1/");
    valueOf(await client().updateIssueStatus(sentry.organizationSlug, "2", "unresolved"));
  });

  it("a status Sentry does not know is a 400 with Sentry's words", async () => {
    const message = expectFailure(
      await client().updateIssueStatus(sentry.organizationSlug, "1", "reprocessing" as "resolved"),
      "bad-request",
    );
    expect(message).toContain('"reprocessing" is not a valid choice.');
  });
});

describe("when Sentry fails", () => {
  const cases: Array<[FakeSentryFailure, SentryFailureKind, RegExp]> = [
    ["unauthorized", "unauthorized", /refused the auth token \(401\)/],
    ["forbidden", "forbidden", /403.*scopes/],
    ["not-found", "not-found", /404/],
    ["gone", "gone", /410/],
    ["rate-limited", "rate-limited", /rate-limiting.*Try again in \d seconds?\./],
    ["rate-limited-string-body", "rate-limited", /rate-limiting.*Try again in a few seconds\./],
    ["server-error", "server-error", /failed to answer \(500\)/],
    ["bad-gateway", "server-error", /failed to answer \(502\)/],
    ["malformed-json", "malformed-response", /not the JSON Faultline expected/],
    ["redirect", "redirect", /the Sentry server answered with a redirect/i],
    ["close-connection", "connection-closed", /closed the connection/],
  ];

  it.each(cases)("%s gives %s with a clear sentence", async (failure, kind, sentence) => {
    sentry.fail({ failure });
    const message = expectFailure(await client().getIssue(sentry.organizationSlug, "1"), kind);
    expect(message).toMatch(sentence);
  });

  it("a redirect to another host is not followed", async () => {
    sentry.fail({ failure: "redirect" });
    expectFailure(await client().listProjects(), "redirect");
    expect(sentry.requests).toHaveLength(1);
  });

  it("a slow answer times out", async () => {
    sentry.fail({ failure: "slow", delayMs: 5_000 });
    const started = Date.now();
    const message = expectFailure(await client({ timeoutMs: 300 }).listProjects(), "timeout");
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(message).toMatch(/did not answer within/);
  });

  it("an answer over the size cap is refused", async () => {
    const message = expectFailure(await client({ maxResponseBytes: 10_000 }).getLatestEvent(sentry.organizationSlug, "11"), "too-large");
    expect(message).toMatch(/larger than/);
  });

  it("a JSON answer of the wrong shape is malformed", async () => {
    const wrong = await startShapeServer('{"detail": "not a list"}');
    try {
      expectFailure(await client({}, sentry.token, wrong.url).listProjects(), "malformed-response");
    } finally {
      await wrong.close();
    }
  });

  it("a host where nothing listens is unreachable", async () => {
    const port = await closedPort();
    const message = expectFailure(await client({}, sentry.token, `http://127.0.0.1:${port}`).listProjects(), "unreachable");
    expect(message).toMatch(/Could not reach the Sentry server at 127\.0\.0\.1:\d+/);
  });

  it("a local address is refused unless local networks are allowed, before any request", async () => {
    const message = expectFailure(await client({ allowLocalNetwork: false }).listProjects(), "blocked-address");
    expect(message).toMatch(/local or private network.*FAULTLINE_ALLOW_LOCAL_NETWORK/);
    const byName = await client({ allowLocalNetwork: false }, sentry.token, `http://localhost:${sentry.port}`).listProjects();
    expectFailure(byName, "blocked-address");
    expect(sentry.requests).toHaveLength(0);
  });

  it("a cloud metadata address is refused even when local networks are allowed", async () => {
    const message = expectFailure(await client({}, sentry.token, "http://169.254.169.254").listProjects(), "blocked-address");
    expect(message).toMatch(/link-local, cloud metadata/);
  });
});

describe("over TLS", () => {
  const openssl = (() => {
    try {
      execFileSync("openssl", ["version"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!openssl)("a certificate that is not trusted is a TLS failure", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "faultline-tls-"));
    try {
      execFileSync(
        "openssl",
        ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "1", "-subj", "/CN=127.0.0.1"],
        { cwd: dir, stdio: "ignore" },
      );
      const server = https.createServer(
        { key: readFileSync(path.join(dir, "key.pem")), cert: readFileSync(path.join(dir, "cert.pem")) },
        (_req, res) => res.end("[]"),
      );
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const port = (server.address() as AddressInfo).port;
        const message = expectFailure(await client({}, sentry.token, `https://127.0.0.1:${port}`).listProjects(), "tls");
        expect(message).toMatch(/secure \(TLS\) connection/);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the cache", () => {
  it("answers a repeated read within a few seconds without calling Sentry again", async () => {
    const cached = client({ cacheTtlMs: 5_000 });
    valueOf(await cached.getIssue(sentry.organizationSlug, "13"));
    valueOf(await cached.getIssue(sentry.organizationSlug, "13"));
    valueOf(await client({ cacheTtlMs: 5_000 }).getIssue(sentry.organizationSlug, "13"));
    expect(sentry.requestsTo("/issues/13/")).toHaveLength(1);
  });

  it("keeps connections with different tokens apart", async () => {
    valueOf(await client({ cacheTtlMs: 5_000 }).listProjects());
    expectFailure(await client({ cacheTtlMs: 5_000 }, "another-token").listProjects(), "unauthorized");
    expect(sentry.requests.map((r) => r.authorization)).toEqual(["bearer-valid", "bearer-valid", "bearer-invalid"]);
  });

  it("expires", async () => {
    const cached = client({ cacheTtlMs: 50 });
    valueOf(await cached.getLatestEvent(sentry.organizationSlug, "1"));
    await new Promise((resolve) => setTimeout(resolve, 80));
    valueOf(await cached.getLatestEvent(sentry.organizationSlug, "1"));
    expect(sentry.requestsTo("/events/latest/")).toHaveLength(2);
  });

  it("does not keep failures", async () => {
    const cached = client({ cacheTtlMs: 5_000 });
    sentry.fail({ failure: "server-error", times: 1 });
    expectFailure(await cached.getIssue(sentry.organizationSlug, "2"), "server-error");
    expect(valueOf(await cached.getIssue(sentry.organizationSlug, "2")).id).toBe("2");
  });

  it("a status update drops what was cached about the issue and the lists", async () => {
    const cached = client({ cacheTtlMs: 5_000 });
    const list = { organizationSlug: sentry.organizationSlug, projectSlug: sentry.projectSlug, query: "is:unresolved" };
    expect(valueOf(await cached.getIssue(sentry.organizationSlug, "13")).status).toBe("unresolved");
    expect(valueOf(await cached.listIssues(list)).issues.map((i) => i.id)).toContain("13");
    valueOf(await cached.updateIssueStatus(sentry.organizationSlug, "13", "ignored"));
    expect(valueOf(await cached.getIssue(sentry.organizationSlug, "13")).status).toBe("ignored");
    expect(valueOf(await cached.listIssues(list)).issues.map((i) => i.id)).not.toContain("13");
    valueOf(await cached.updateIssueStatus(sentry.organizationSlug, "13", "unresolved"));
  });
});

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startShapeServer(body: string) {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
