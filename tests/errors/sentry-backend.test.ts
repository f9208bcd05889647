import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { sealSecret } from "@/lib/crypto/secret-box";
import { closeDb, installDatabase } from "@/lib/db/client";
import { createProject, type ProjectSummary } from "@/lib/db/projects";
import { createUser } from "@/lib/db/users";
import type { BackendResult, ErrorsBackend } from "@/lib/errors/backend";
import { getBackendForProject, UNREADABLE_TOKEN_MESSAGE } from "@/lib/errors/backend-for-project";
import { composeSentryQuery, createSentryBackend } from "@/lib/errors/sentry-backend";
import { startFakeSentry, type FakeSentry } from "@/tests/support/fake-sentry";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/tests/support/test-database";

// Read by getConfig() on first use in this file: the fake Sentry listens on loopback.
const AUTH_SECRET = "sentry-backend-test-secret-0123456789";
vi.stubEnv("FAULTLINE_ALLOW_LOCAL_NETWORK", "true");
vi.stubEnv("AUTH_SECRET", AUTH_SECRET);

const PUBLIC_URL = "http://faultline.test";

function valueOf<T>(result: BackendResult<T>): T {
  if (!result.ok) throw new Error(`expected a value, got ${JSON.stringify(result.error)}`);
  return result.value;
}

function unavailableMessage<T>(result: BackendResult<T>): string {
  if (result.ok || result.error.kind !== "unavailable") throw new Error(`expected unavailable, got ${JSON.stringify(result)}`);
  return result.error.message;
}

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("composing the Sentry search", () => {
  it.each([
    ["unresolved", undefined, "is:unresolved"],
    ["resolved", " NoMethodError ", "is:resolved NoMethodError"],
    [undefined, "gaierror", "gaierror"],
    [undefined, undefined, ""],
    ["ignored", "", "is:ignored"],
  ] as const)("status %s and search %j give %j", (status, search, query) => {
    expect(composeSentryQuery(status, search)).toBe(query);
  });
});

describe.each(DATABASE_KINDS)("the Sentry backend on %s", (kind) => {
  let db: TestDatabase;
  let sentry: FakeSentry;
  let project: ProjectSummary;
  let authorId: number;
  let backend: ErrorsBackend;

  const connect = (overrides: Partial<{ apiUrl: string; token: string }> = {}) =>
    createSentryBackend(
      { id: project.id, slug: project.slug },
      {
        apiUrl: overrides.apiUrl ?? sentry.url,
        token: overrides.token ?? sentry.token,
        organizationSlug: sentry.organizationSlug,
        projectSlug: sentry.projectSlug,
      },
      PUBLIC_URL,
      { allowLocalNetwork: true, cacheTtlMs: 0 },
    );

  beforeAll(async () => {
    db = await createTestDatabase(kind, { memory: true });
    installDatabase(db);
    sentry = await startFakeSentry();
    const created = await createProject({ name: "Pump Station" });
    if (!created.ok) throw new Error("could not create the project");
    project = created.value;
    const user = await createUser({ email: "developer@example.com" });
    if (!user.ok) throw new Error("could not create the user");
    authorId = user.value.id;
    backend = connect();
  });

  afterEach(() => {
    sentry.clearFailures();
    sentry.requests.length = 0;
    sentry.routes.organizationScoped = "available";
    for (const [id, project] of sentry.issueProjects) if (project.slug !== sentry.projectSlug) sentry.issueProjects.set(id, { id: "2", name: "Pump Station", slug: sentry.projectSlug });
  });

  afterAll(async () => {
    await sentry.close();
    await closeDb();
    await db.drop();
  });

  describe("listing errors", () => {
    it("lists the Sentry project's unresolved errors, last seen first, a page at a time", async () => {
      const first = valueOf(await backend.listErrors({ status: "unresolved", sort: "last_seen", perPage: 2 }));
      expect(first.errors.map((e) => e.id)).toEqual([13, 11]);
      expect(first.nextCursor).toBe("0:2:0");
      const second = valueOf(await backend.listErrors({ status: "unresolved", sort: "last_seen", perPage: 2, cursor: first.nextCursor ?? undefined }));
      expect(second.errors.map((e) => e.id)).toEqual([2, 1]);
      expect(second.nextCursor).toBeNull();
      expect(sentry.requestsTo("/issues/").map((r) => r.query)).toEqual([
        { query: "is:unresolved", sort: "date", limit: "2" },
        { query: "is:unresolved", sort: "date", limit: "2", cursor: "0:2:0" },
      ]);
    });

    it("answers in the integrated backend's shape, with Sentry's link as the external URL", async () => {
      const { errors } = valueOf(await backend.listErrors({ sort: "last_seen", perPage: 20 }));
      const byId = new Map(errors.map((e) => [e.id, e]));
      expect(byId.get(13)).toEqual({
        id: 13,
        title: "NotFound desc = GetRepoPath: not a git repository",
        culprit: "sentry.tasks.reports.deliver_organization_user_report",
        status: "unresolved",
        platform: null,
        level: "error",
        eventsCount: 17283712,
        usersCount: 0,
        firstSeenAt: new Date("2018-12-17T12:00:14Z"),
        lastSeenAt: new Date("2018-12-31T12:00:11Z"),
        firstRelease: null,
        lastRelease: null,
        // GitLab's fixture has a permalink without a scheme; the API URL's is used.
        externalUrl: "http://35.228.54.90/sentry/internal/issues/13/",
      });
      expect(byId.get(12)?.status).toBe("ignored");
      expect(byId.get(2)?.externalUrl).toBe("https://sentry.io/the-interstellar-jurisdiction/pump-station/issues/2/");
    });

    it("without a status filter asks for every status; search and sort map to Sentry's", async () => {
      expect(valueOf(await backend.listErrors({ sort: "last_seen", perPage: 20 })).errors).toHaveLength(5);
      expect(valueOf(await backend.listErrors({ status: "unresolved", search: "gaierror", sort: "first_seen", perPage: 20 })).errors.map((e) => e.id)).toEqual([11]);
      expect(valueOf(await backend.listErrors({ sort: "frequency", perPage: 20 })).errors.map((e) => e.id)).toEqual([13, 12, 11, 2, 1]);
      expect(sentry.requestsTo("/issues/").map((r) => [r.query.query, r.query.sort])).toEqual([
        ["", "date"],
        ["is:unresolved gaierror", "new"],
        ["", "freq"],
      ]);
    });

    it("a cursor that is not Sentry's is refused without asking Sentry", async () => {
      for (const cursor of ["abc", "1:2", "eyJpZCI6MX0", "1:2:3:4", "1:x:0"]) {
        expect(await backend.listErrors({ sort: "last_seen", perPage: 20, cursor })).toEqual({ ok: false, error: { kind: "invalid-cursor" } });
      }
      expect(sentry.requests).toHaveLength(0);
    });
  });

  describe("one error", () => {
    it("shows the issue with its latest event's stack trace and tags", async () => {
      const error = valueOf(await backend.getError(1));
      expect(error).toMatchObject({
        id: 1,
        title: "This is an example python exception",
        status: "unresolved",
        platform: "python",
        externalUrl: "https://sentry.io/organizations/the-interstellar-jurisdiction/issues/1/",
        issue: null,
      });
      expect(error.firstRelease).toEqual(expect.any(String));
      // A message event: its stack is a `stacktrace` entry, not an exception.
      expect(error.stackTrace).toHaveLength(1);
      expect(error.stackTrace[0]?.frames.length).toBeGreaterThan(0);
      expect(error.tags.length).toBeGreaterThan(0);
      expect(error.latestEvent?.eventId).toBe("9fac2ceed9344f2bbfdd1fdacb0ed9b1");
    });

    it("reads chained exceptions out of Sentry's entries", async () => {
      const error = valueOf(await backend.getError(11));
      // The issue (a Sentry 9 body) has no platform; its Ruby event has.
      expect(error.platform).toBe("ruby");
      expect(error.stackTrace.map((e) => e.frames.length)).toEqual([53, 51]);
      expect(error.stackTrace.some((e) => e.type === "ActiveRecord::NoDatabaseError")).toBe(true);
      expect(error.latestEvent?.payload.request).toEqual(expect.objectContaining({ method: expect.any(String) }));
    });

    it("an error with no event has no latest event and no stack", async () => {
      const error = valueOf(await backend.getError(12));
      expect(error.latestEvent).toBeNull();
      expect(error.stackTrace).toEqual([]);
      expect(valueOf(await backend.getLatestEvent(12))).toBeNull();
    });

    it("an unknown id, or an issue of another Sentry project, is not found", async () => {
      expect(await backend.getError(999)).toEqual({ ok: false, error: { kind: "not-found" } });
      expect(await backend.getLatestEvent(999)).toEqual({ ok: false, error: { kind: "not-found" } });
      sentry.issueProjects.set("2", { id: "9", name: "Billing", slug: "billing" });
      expect(await backend.getError(2)).toEqual({ ok: false, error: { kind: "not-found" } });
      expect(await backend.setStatus(2, "resolved")).toEqual({ ok: false, error: { kind: "not-found" } });
      expect(await backend.createIssue(2, { id: authorId })).toEqual({ ok: false, error: { kind: "not-found" } });
      expect(sentry.requests.filter((r) => r.method === "PUT")).toHaveLength(0);
    });

    it("the latest event keeps what Sentry sent, with entries where pages look for them", async () => {
      const event = valueOf(await backend.getLatestEvent(2));
      expect(event?.eventId).toBe("0eabf1c001134940a6199d85c1ce3cf9");
      expect(event?.occurredAt).toEqual(new Date("2018-11-06T21:19:56Z"));
      expect(Array.isArray(event?.payload.entries)).toBe(true);
      expect((event?.payload.breadcrumbs as { values: unknown[] }).values.length).toBeGreaterThan(0);
    });

    it("works against an older self-hosted Sentry without organization-scoped issue paths", async () => {
      sentry.routes.organizationScoped = "missing";
      expect(valueOf(await backend.getError(2)).title).toBe("ApiException: Authentication failed, token expired!");
      expect(sentry.requests.some((r) => r.path === "/api/0/issues/2/events/latest/")).toBe(true);
    });
  });

  describe("triage", () => {
    it("creates an issue linked to the Sentry issue, once", async () => {
      const first = valueOf(await backend.createIssue(11, { id: authorId }));
      expect(first.created).toBe(true);
      expect(first.issue.title).toBe("This is an example Python exception");
      expect(first.issue.description).toContain("**Link to error:** https://sentrytest.gitlab.com/sentry-org/sentry-project/issues/503504/");
      expect(first.issue.description).toContain("**Top frames:**");
      expect(first.issue.webUrl).toBe(`${PUBLIC_URL}/projects/${project.slug}/issues/${first.issue.iid}`);
      const again = valueOf(await backend.createIssue(11, { id: authorId }));
      expect(again).toEqual({ issue: first.issue, created: false });
      const stored = await db.prisma.issue.findUniqueOrThrow({ where: { id: first.issue.id } });
      expect(stored).toMatchObject({ sentryIssueId: "11", errorId: null, authorId, state: "opened" });
      expect(valueOf(await backend.getError(11)).issue?.id).toBe(first.issue.id);
    });

    it("gives one issue however many ask for it at once", async () => {
      const results = await Promise.all(Array.from({ length: 4 }, () => backend.createIssue(13, { id: authorId })));
      expect(new Set(results.map((r) => valueOf(r).issue.id)).size).toBe(1);
      expect(results.filter((r) => valueOf(r).created)).toHaveLength(1);
      expect(await db.prisma.issue.count({ where: { projectId: project.id, sentryIssueId: "13" } })).toBe(1);
    });

    it("resolving updates Sentry and closes the linked issue", async () => {
      const { issue } = valueOf(await backend.createIssue(2, { id: authorId }));
      const resolved = valueOf(await backend.setStatus(2, "resolved"));
      expect(resolved).toMatchObject({ id: 2, status: "resolved" });
      expect(sentry.statuses.get("2")).toBe("resolved");
      const put = sentry.requests.find((r) => r.method === "PUT");
      expect(put?.path).toBe("/api/0/organizations/the-interstellar-jurisdiction/issues/2/");
      expect(JSON.parse(put?.body ?? "")).toEqual({ status: "resolved" });
      const closed = await db.prisma.issue.findUniqueOrThrow({ where: { id: issue.id } });
      expect(closed.state).toBe("closed");
      expect(closed.closedAt).toBeInstanceOf(Date);

      expect(valueOf(await backend.setStatus(2, "ignored")).status).toBe("ignored");
      expect(valueOf(await backend.setStatus(2, "unresolved")).status).toBe("unresolved");
      expect(sentry.statuses.get("2")).toBe("unresolved");
    });

    it("ignoring leaves the linked issue open", async () => {
      const { issue } = valueOf(await backend.createIssue(1, { id: authorId }));
      valueOf(await backend.setStatus(1, "ignored"));
      expect((await db.prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).state).toBe("opened");
      valueOf(await backend.setStatus(1, "unresolved"));
    });

    it("a failed status update in Sentry leaves the linked issue open", async () => {
      const { issue } = valueOf(await backend.createIssue(12, { id: authorId }));
      sentry.fail({ failure: "server-error", match: (r) => r.method === "PUT" });
      expect(unavailableMessage(await backend.setStatus(12, "resolved"))).toMatch(/500/);
      expect((await db.prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).state).toBe("opened");
    });
  });

  describe("when Sentry cannot answer", () => {
    it("an unreachable Sentry is unavailable, with a sentence saying so", async () => {
      const unreachable = connect({ apiUrl: `http://127.0.0.1:${await closedPort()}` });
      expect(unavailableMessage(await unreachable.listErrors({ sort: "last_seen", perPage: 20 }))).toMatch(/Could not reach the Sentry server/);
      expect(unavailableMessage(await unreachable.getError(1))).toMatch(/Could not reach the Sentry server/);
      expect(unavailableMessage(await unreachable.setStatus(1, "resolved"))).toMatch(/Could not reach/);
      expect(unavailableMessage(await unreachable.createIssue(1, { id: authorId }))).toMatch(/Could not reach/);
    });

    it("a refused token is unavailable, and the sentence does not hold the token", async () => {
      const refused = connect({ token: "sntrys_revoked_token_value" });
      const message = unavailableMessage(await refused.listErrors({ sort: "last_seen", perPage: 20 }));
      expect(message).toMatch(/refused the auth token/);
      expect(message).not.toContain("sntrys_revoked_token_value");
    });

    it("rate limiting and bad answers are unavailable, not a crash or an empty list", async () => {
      sentry.fail({ failure: "rate-limited", times: 1 });
      expect(unavailableMessage(await backend.getError(1))).toMatch(/Try again/);
      sentry.fail({ failure: "malformed-json", times: 1 });
      expect(unavailableMessage(await backend.listErrors({ sort: "last_seen", perPage: 20 }))).toMatch(/not the JSON/);
      sentry.fail({ failure: "server-error", match: (r) => r.path.endsWith("/events/latest/") });
      expect(unavailableMessage(await backend.getError(1))).toMatch(/500/);
    });
  });

  describe("choosing the backend", () => {
    let other: ProjectSummary;

    beforeAll(async () => {
      const created = await createProject({ name: "Chooser" });
      if (!created.ok) throw new Error("could not create the project");
      other = created.value;
    });

    const saveSettings = (data: { backend: "integrated" | "sentry"; sentryTokenSealed?: string | null; sentryOrgSlug?: string | null }) => {
      const row = {
        sentryApiUrl: sentry.url,
        sentryProjectSlug: sentry.projectSlug,
        sentryOrgSlug: sentry.organizationSlug,
        ...data,
      };
      return db.prisma.errorTrackingSettings.upsert({ where: { projectId: other.id }, create: { projectId: other.id, ...row }, update: row });
    };

    it("a project without settings uses the integrated backend", async () => {
      const chosen = await getBackendForProject(other);
      expect(valueOf(await chosen.listErrors({ sort: "last_seen", perPage: 20 })).errors).toEqual([]);
      expect(sentry.requests).toHaveLength(0);
    });

    it("a project set to Sentry with a sealed token reads its errors from Sentry", async () => {
      await saveSettings({ backend: "sentry", sentryTokenSealed: await sealSecret(sentry.token, AUTH_SECRET) });
      const chosen = await getBackendForProject(other);
      expect(valueOf(await chosen.getError(1)).externalUrl).toBe("https://sentry.io/organizations/the-interstellar-jurisdiction/issues/1/");
      expect(sentry.requests.every((r) => r.authorization === "bearer-valid")).toBe(true);
    });

    it("a Sentry choice without a complete connection falls back to the integrated backend", async () => {
      await saveSettings({ backend: "sentry", sentryTokenSealed: await sealSecret(sentry.token, AUTH_SECRET), sentryOrgSlug: null });
      const chosen = await getBackendForProject(other);
      expect(await chosen.getError(1)).toEqual({ ok: false, error: { kind: "not-found" } });
      expect(sentry.requests).toHaveLength(0);
    });

    it("a token sealed under another server secret asks for the token again on every call", async () => {
      await saveSettings({ backend: "sentry", sentryTokenSealed: await sealSecret(sentry.token, "an-old-server-secret-0123456789") });
      const chosen = await getBackendForProject(other);
      const answers = await Promise.all([
        chosen.listErrors({ sort: "last_seen", perPage: 20 }),
        chosen.getError(1),
        chosen.getLatestEvent(1),
        chosen.setStatus(1, "resolved"),
        chosen.createIssue(1, { id: authorId }),
      ]);
      for (const answer of answers) expect(answer).toEqual({ ok: false, error: { kind: "unavailable", message: UNREADABLE_TOKEN_MESSAGE } });
      expect(UNREADABLE_TOKEN_MESSAGE).toMatch(/enter the token again/);
      expect(sentry.requests).toHaveLength(0);
    });

    it("switching back to Faultline uses the integrated backend again", async () => {
      await saveSettings({ backend: "integrated" });
      const chosen = await getBackendForProject(other);
      expect(await chosen.getError(1)).toEqual({ ok: false, error: { kind: "not-found" } });
      expect(sentry.requests).toHaveLength(0);
    });
  });
});
