import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getErrorRoute, PUT as putErrorRoute } from "@/app/api/v4/projects/[id]/error_tracking/errors/[errorId]/route";
import { POST as postIssueRoute } from "@/app/api/v4/projects/[id]/error_tracking/errors/[errorId]/issue/route";
import { GET as listErrorsRoute } from "@/app/api/v4/projects/[id]/error_tracking/errors/route";
import { createAccessToken } from "@/lib/auth/access-tokens";
import { encodeEventPayload } from "@/lib/db/event-payload";
import { ROLES, type Role } from "@/lib/auth/permissions";
import { getConfig } from "@/lib/config";
import { revokeAccessToken } from "@/lib/db/access-tokens";
import { closeDb, installDatabase } from "@/lib/db/client";
import { setMembership } from "@/lib/db/memberships";
import { createProject, type ProjectSummary } from "@/lib/db/projects";
import { createUser } from "@/lib/db/users";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/tests/support/test-database";

const BASE = "http://localhost:3000";
const pythonEvent = JSON.parse(
  readFileSync(new URL("../../../shared/fixtures/sentry-events/python.store.json", import.meta.url), "utf8"),
) as Record<string, unknown>;

type Params = Record<string, string>;
type Handler = (request: Request, ctx: { params: Promise<never> }) => Promise<Response>;

interface Call {
  token?: string | null;
  bearer?: boolean;
  body?: string;
  method?: string;
}

async function call(handler: Handler, path: string, params: Params, options: Call = {}) {
  const headers = new Headers();
  if (options.token) headers.set(options.bearer ? "authorization" : "private-token", options.bearer ? `Bearer ${options.token}` : options.token);
  if (options.body !== undefined) headers.set("content-type", "application/json");
  const request = new Request(`${BASE}/api/v4/projects/${path}`, { method: options.method ?? "GET", headers, body: options.body });
  const response = await handler(request, { params: Promise.resolve(params) as Promise<never> });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? (JSON.parse(text) as unknown) : null };
}

const list = (project: string | number, query: string, token: string | null | undefined, bearer = false) =>
  call(listErrorsRoute as Handler, `${project}/error_tracking/errors${query}`, { id: String(project) }, { token, bearer });
const details = (project: string | number, errorId: string | number, token: string | null | undefined) =>
  call(getErrorRoute as Handler, `${project}/error_tracking/errors/${errorId}`, { id: String(project), errorId: String(errorId) }, { token });
const setStatus = (project: string | number, errorId: string | number, body: string, token: string | null | undefined) =>
  call(putErrorRoute as Handler, `${project}/error_tracking/errors/${errorId}`, { id: String(project), errorId: String(errorId) }, { token, body, method: "PUT" });
const createIssue = (project: string | number, errorId: string | number, token: string | null | undefined) =>
  call(postIssueRoute as Handler, `${project}/error_tracking/errors/${errorId}/issue`, { id: String(project), errorId: String(errorId) }, { token, method: "POST" });

const SUMMARY_KEYS = [
  "id", "title", "culprit", "status", "platform", "level", "events_count", "users_count",
  "first_seen_at", "last_seen_at", "first_release", "last_release", "external_url",
].sort();

describe.each(DATABASE_KINDS)("the error tracking REST API on %s", (kind) => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let project: ProjectSummary;
  let otherProject: ProjectSummary;
  const tokens = {} as Record<Role | "non-member" | "admin", string>;
  const seeded: Record<string, number> = {};

  const minutesAgo = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, 0) - minutes * 60_000);

  async function seedError(
    projectId: number,
    name: string,
    fields: { title?: string; status?: "unresolved" | "resolved" | "ignored"; events?: number; firstSeen?: number; lastSeen?: number },
  ) {
    const error = await prisma.trackedError.create({
      data: {
        projectId,
        fingerprint: randomUUID(),
        title: fields.title ?? name,
        culprit: `${name}.py in handler`,
        platform: "python",
        level: "error",
        status: fields.status ?? "unresolved",
        eventsCount: BigInt(fields.events ?? 1),
        usersCount: 1,
        firstSeenAt: minutesAgo(fields.firstSeen ?? 100),
        lastSeenAt: minutesAgo(fields.lastSeen ?? 10),
        firstRelease: "1.0.0",
        lastRelease: "1.2.0",
      },
    });
    seeded[name] = error.id;
    return error.id;
  }

  async function seedEvent(projectId: number, errorId: number, payload: Record<string, unknown>) {
    const eventId = randomUUID();
    await prisma.errorEvent.create({
      data: { projectId, errorId, eventId, occurredAt: new Date(), payload: encodeEventPayload({ ...payload, event_id: eventId.replace(/-/g, "") }, kind) },
    });
    return eventId.replace(/-/g, "");
  }

  beforeAll(async () => {
    db = await createTestDatabase(kind, { memory: true });
    installDatabase(db);
    prisma = db.prisma;
    const created = await createProject({ name: "Checkout" });
    const other = await createProject({ name: "Billing" });
    if (!created.ok || !other.ok) throw new Error("could not create projects");
    project = created.value;
    otherProject = other.value;
    for (const caller of ["non-member", ...ROLES, "admin"] as const) {
      const user = await createUser({ email: `${caller}@example.com`, isAdmin: caller === "admin" });
      if (!user.ok) throw new Error("could not create user");
      if (caller !== "non-member" && caller !== "admin") await setMembership(project.id, user.value.id, caller);
      tokens[caller] = (await createAccessToken({ userId: user.value.id, name: "test" })).token;
    }
    // Last seen, newest first: typeerror-a (5), zero (10), keyerror (20), percent (30), resolved (40), ignored (50)
    await seedError(project.id, "zero", { title: "ZeroDivisionError: division by zero", events: 50, firstSeen: 500, lastSeen: 10 });
    await seedError(project.id, "typeerror-a", { title: "TypeError: x is undefined", events: 7, firstSeen: 300, lastSeen: 5 });
    await seedError(project.id, "keyerror", { title: "KeyError: 'user'", events: 7, firstSeen: 200, lastSeen: 20 });
    await seedError(project.id, "percent", { title: "Disk 100% full", events: 3, firstSeen: 150, lastSeen: 30 });
    await seedError(project.id, "resolved", { title: "TypeError: old bug", status: "resolved", events: 2, firstSeen: 900, lastSeen: 40 });
    await seedError(project.id, "ignored", { title: "Noise", status: "ignored", events: 1000, firstSeen: 50, lastSeen: 50 });
    await seedError(otherProject.id, "foreign", { title: "Billing failure" });
    await seedEvent(project.id, seeded.zero!, { message: "an older event", tags: { old: "yes" } });
    await seedEvent(project.id, seeded.zero!, pythonEvent);
  });

  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  describe("listing errors", () => {
    it("lists every status, last seen first, in GitLab's snake_case shape", async () => {
      const response = await list(project.id, "", tokens.reporter);
      expect(response.status).toBe(200);
      const errors = response.body as Array<Record<string, unknown>>;
      expect(errors.map((e) => e.title)).toEqual([
        "TypeError: x is undefined",
        "ZeroDivisionError: division by zero",
        "KeyError: 'user'",
        "Disk 100% full",
        "TypeError: old bug",
        "Noise",
      ]);
      expect(Object.keys(errors[1]!).sort()).toEqual(SUMMARY_KEYS);
      expect(errors[1]).toEqual({
        id: seeded.zero,
        title: "ZeroDivisionError: division by zero",
        culprit: "zero.py in handler",
        status: "unresolved",
        platform: "python",
        level: "error",
        events_count: 50,
        users_count: 1,
        first_seen_at: minutesAgo(500).toISOString(),
        last_seen_at: minutesAgo(10).toISOString(),
        first_release: "1.0.0",
        last_release: "1.2.0",
        external_url: `${getConfig().publicUrl}/projects/checkout/error-tracking/${seeded.zero}`,
      });
      expect(response.headers.get("link")).toBeNull();
    });

    it("takes the project by slug as well as by id, and a Bearer token as well as PRIVATE-TOKEN", async () => {
      const bySlug = await list("checkout", "", tokens.reporter, true);
      expect(bySlug.status).toBe(200);
      expect((bySlug.body as unknown[]).length).toBe(6);
    });

    it("filters by status", async () => {
      const resolved = await list(project.id, "?status=resolved", tokens.reporter);
      expect((resolved.body as Array<{ title: string }>).map((e) => e.title)).toEqual(["TypeError: old bug"]);
      const unresolved = await list(project.id, "?status=unresolved", tokens.reporter);
      expect((unresolved.body as unknown[]).length).toBe(4);
    });

    it("searches titles without regard to case, with % and _ taken literally", async () => {
      const search = await list(project.id, "?search=typeERROR", tokens.reporter);
      expect((search.body as Array<{ title: string }>).map((e) => e.title)).toEqual(["TypeError: x is undefined", "TypeError: old bug"]);
      const percent = await list(project.id, `?search=${encodeURIComponent("%")}`, tokens.reporter);
      expect((percent.body as Array<{ title: string }>).map((e) => e.title)).toEqual(["Disk 100% full"]);
      const underscore = await list(project.id, "?search=_", tokens.reporter);
      expect(underscore.body).toEqual([]);
      const backslash = await list(project.id, `?search=${encodeURIComponent("\\")}`, tokens.reporter);
      expect(backslash.body).toEqual([]);
    });

    it("sorts by first seen and by frequency, newest or most frequent first", async () => {
      const firstSeen = await list(project.id, "?sort=first_seen&status=unresolved", tokens.reporter);
      expect((firstSeen.body as Array<{ title: string }>).map((e) => e.title)).toEqual([
        "Disk 100% full",
        "KeyError: 'user'",
        "TypeError: x is undefined",
        "ZeroDivisionError: division by zero",
      ]);
      const frequency = await list(project.id, "?sort=frequency", tokens.reporter);
      expect((frequency.body as Array<{ events_count: number }>).map((e) => e.events_count)).toEqual([1000, 50, 7, 7, 3, 2]);
    });

    it.each(["last_seen", "first_seen", "frequency"])(
      "pages through every error by %s with the Link header, each exactly once",
      async (sort) => {
        const all = (await list(project.id, `?sort=${sort}`, tokens.reporter)).body as Array<{ id: number }>;
        const seen: number[] = [];
        let url: string | null = `?sort=${sort}&per_page=2`;
        let pages = 0;
        while (url !== null) {
          const page = await list(project.id, url, tokens.reporter);
          expect(page.status).toBe(200);
          seen.push(...(page.body as Array<{ id: number }>).map((e) => e.id));
          pages++;
          const link = page.headers.get("link");
          if (link === null) {
            url = null;
          } else {
            expect(link).toMatch(/^<http:\/\/localhost:3000\/api\/v4\/projects\/\d+\/error_tracking\/errors\?.*cursor=.*>; rel="next"$/);
            const next = new URL(/^<([^>]+)>/.exec(link)![1]!);
            expect(next.searchParams.get("sort")).toBe(sort);
            expect(next.searchParams.get("per_page")).toBe("2");
            url = next.search;
          }
          expect(pages).toBeLessThan(10);
        }
        expect(pages).toBe(3);
        expect(seen).toEqual(all.map((e) => e.id));
      },
    );

    it("keeps a filter across pages", async () => {
      const first = await list(project.id, "?status=unresolved&per_page=3", tokens.reporter);
      const next = new URL(/^<([^>]+)>/.exec(first.headers.get("link")!)![1]!);
      const second = await list(project.id, next.search, tokens.reporter);
      expect((second.body as Array<{ title: string }>).map((e) => e.title)).toEqual(["Disk 100% full"]);
      expect(second.headers.get("link")).toBeNull();
    });

    it.each([
      ["?status=open", "status"],
      ["?sort=popularity", "sort"],
      ["?per_page=0", "per_page"],
      ["?per_page=ten", "per_page"],
      ["?cursor=not-a-cursor", "cursor"],
    ])("answers %s with 400 and a message naming the parameter", async (query, parameter) => {
      const response = await list(project.id, query, tokens.reporter);
      expect(response.status).toBe(400);
      expect((response.body as { message: string }).message).toContain(parameter);
    });

    it("refuses a cursor made for another sort order", async () => {
      const first = await list(project.id, "?per_page=1", tokens.reporter);
      const cursor = new URL(/^<([^>]+)>/.exec(first.headers.get("link")!)![1]!).searchParams.get("cursor")!;
      const response = await list(project.id, `?sort=frequency&cursor=${cursor}`, tokens.reporter);
      expect(response.status).toBe(400);
    });

    it("caps per_page at 100", async () => {
      const response = await list(project.id, "?per_page=1000", tokens.reporter);
      expect(response.status).toBe(200);
      expect((response.body as unknown[]).length).toBe(6);
    });
  });

  describe("error details", () => {
    it("adds the latest event's stack trace, tags, the event itself and the linked issue", async () => {
      const response = await details(project.id, seeded.zero!, tokens.reporter);
      expect(response.status).toBe(200);
      const body = response.body as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual([...SUMMARY_KEYS, "issue", "latest_event", "stack_trace", "tags"].sort());
      expect(body.stack_trace).toEqual([
        expect.objectContaining({
          type: "RuntimeError",
          frames: expect.arrayContaining([
            expect.objectContaining({ filename: "python_client.py", function: "py_inner", lineno: 23, in_app: true }),
          ]),
        }),
      ]);
      expect(body.tags).toEqual([{ key: "acceptance_client", value: "python" }]);
      expect((body.latest_event as Record<string, unknown>).exception).toEqual(pythonEvent.exception);
      expect(body.issue).toBeNull();
    });

    it("answers an error without events with an empty stack trace and no latest event", async () => {
      const response = await details("checkout", seeded.keyerror!, tokens.reporter);
      expect(response.body).toMatchObject({ stack_trace: [], tags: [], latest_event: null, issue: null });
    });

    it("answers 404 for an unknown error and for another project's error", async () => {
      expect((await details(project.id, 999_999, tokens.reporter)).status).toBe(404);
      const foreign = await details(project.id, seeded.foreign!, tokens.reporter);
      expect(foreign.status).toBe(404);
      expect(foreign.body).toEqual({ message: "404 Error Not Found" });
    });

    it("answers 400 for an error id that is not a number", async () => {
      const response = await details(project.id, "abc", tokens.reporter);
      expect(response.status).toBe(400);
      expect((response.body as { message: string }).message).toContain("errorId");
    });
  });

  describe("triage", () => {
    it("creates an issue from an error, describing it with its title, link and top frames", async () => {
      const response = await createIssue(project.id, seeded.zero!, tokens.developer);
      expect(response.status).toBe(201);
      const issue = response.body as Record<string, unknown>;
      expect(issue).toMatchObject({
        iid: 1,
        project_id: project.id,
        title: "ZeroDivisionError: division by zero",
        state: "opened",
        closed_at: null,
        web_url: `${getConfig().publicUrl}/projects/checkout/issues/1`,
      });
      expect(issue.description).toContain("ZeroDivisionError: division by zero");
      expect(issue.description).toContain(`/projects/checkout/error-tracking/${seeded.zero}`);
      expect(issue.description).toContain("at py_inner (python_client.py:23)");
    });

    it("creating the issue again returns the linked one with 200 instead of a second issue", async () => {
      const again = await createIssue(project.id, seeded.zero!, tokens.owner);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ iid: 1 });
      expect(await prisma.issue.count({ where: { projectId: project.id } })).toBe(1);
      const shown = await details(project.id, seeded.zero!, tokens.reporter);
      expect((shown.body as { issue: unknown }).issue).toMatchObject({ iid: 1, state: "opened" });
    });

    it("numbers issues per project", async () => {
      const second = await createIssue("checkout", seeded.keyerror!, tokens.developer);
      expect(second.body).toMatchObject({ iid: 2 });
    });

    it("resolving an error closes its linked issue", async () => {
      const response = await setStatus(project.id, seeded.zero!, JSON.stringify({ status: "resolved" }), tokens.developer);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: seeded.zero, status: "resolved" });
      const shown = await details(project.id, seeded.zero!, tokens.reporter);
      expect(shown.body).toMatchObject({ status: "resolved", issue: { iid: 1, state: "closed", closed_at: expect.any(String) } });
      const row = await prisma.trackedError.findUniqueOrThrow({ where: { id: seeded.zero! } });
      expect(row.resolvedAt).not.toBeNull();
    });

    it("unresolving and ignoring leave the issue alone and clear the resolution time", async () => {
      expect((await setStatus(project.id, seeded.zero!, JSON.stringify({ status: "unresolved" }), tokens.maintainer)).status).toBe(200);
      const ignored = await setStatus(project.id, seeded.zero!, JSON.stringify({ status: "ignored" }), tokens.owner);
      expect(ignored.body).toMatchObject({ status: "ignored" });
      const row = await prisma.trackedError.findUniqueOrThrow({ where: { id: seeded.zero! } });
      expect(row.resolvedAt).toBeNull();
      expect(await prisma.issue.findFirst({ where: { errorId: seeded.zero! } })).toMatchObject({ state: "closed" });
    });

    it("accepts the status as a query parameter too, as GitLab does", async () => {
      const response = await call(
        putErrorRoute as Handler,
        `${project.id}/error_tracking/errors/${seeded.percent}?status=ignored`,
        { id: String(project.id), errorId: String(seeded.percent) },
        { token: tokens.developer, method: "PUT" },
      );
      expect(response.body).toMatchObject({ status: "ignored" });
    });

    it.each([
      ['{"status":"fixed"}', "status"],
      ["{}", "status"],
      ["not json", "JSON"],
      ["[1]", "JSON"],
    ])("answers a status change with body %s with 400", async (body, words) => {
      const response = await setStatus(project.id, seeded.keyerror!, body, tokens.developer);
      expect(response.status).toBe(400);
      expect((response.body as { message: string }).message).toContain(words);
    });

    it("answers 404 when changing or creating an issue for another project's error", async () => {
      expect((await setStatus(project.id, seeded.foreign!, '{"status":"resolved"}', tokens.owner)).status).toBe(404);
      expect((await createIssue(project.id, seeded.foreign!, tokens.owner)).status).toBe(404);
      expect(await prisma.trackedError.findUniqueOrThrow({ where: { id: seeded.foreign! } })).toMatchObject({ status: "unresolved" });
    });
  });

  describe("who may call it", () => {
    it("refuses a request without a token, or with an unknown or revoked one, with 401", async () => {
      expect(await list(project.id, "", null)).toMatchObject({ status: 401, body: { message: "401 Unauthorized" } });
      expect((await list(project.id, "", "flt_not-a-real-token")).status).toBe(401);
      expect((await list(project.id, "", "glpat-something")).status).toBe(401);
      const user = await createUser({ email: "revoked@example.com" });
      if (!user.ok) throw new Error("user");
      await setMembership(project.id, user.value.id, "owner");
      const { token, accessToken } = await createAccessToken({ userId: user.value.id, name: "old" });
      expect((await list(project.id, "", token)).status).toBe(200);
      await revokeAccessToken(user.value.id, accessToken.id);
      expect((await list(project.id, "", token)).status).toBe(401);
    });

    it("answers 404 for an unknown project and for a project the caller is not a member of", async () => {
      expect(await list(999_999, "", tokens.owner)).toMatchObject({ status: 404, body: { message: "404 Project Not Found" } });
      expect((await list("no-such-project", "", tokens.owner)).status).toBe(404);
      expect((await list(otherProject.id, "", tokens.owner)).status).toBe(404);
      expect((await details(otherProject.id, seeded.foreign!, tokens.owner)).status).toBe(404);
    });

    it("lets an administrator read any project as its Owner", async () => {
      const response = await details(otherProject.slug, seeded.foreign!, tokens.admin);
      expect(response.status).toBe(200);
    });

    it("answers each role as SPEC §5 says: Reporter+ reads, Developer+ triages", async () => {
      const expected: Record<string, Record<string, number>> = {
        list: { "non-member": 404, guest: 403, reporter: 200, developer: 200, maintainer: 200, owner: 200, admin: 200 },
        details: { "non-member": 404, guest: 403, reporter: 200, developer: 200, maintainer: 200, owner: 200, admin: 200 },
        status: { "non-member": 404, guest: 403, reporter: 403, developer: 200, maintainer: 200, owner: 200, admin: 200 },
        issue: { "non-member": 404, guest: 403, reporter: 403, developer: 200, maintainer: 200, owner: 200, admin: 200 },
      };
      const requests = {
        list: (token: string) => list(project.id, "", token),
        details: (token: string) => details(project.id, seeded.keyerror!, token),
        status: (token: string) => setStatus(project.id, seeded.keyerror!, '{"status":"unresolved"}', token),
        // The keyerror issue exists already, so allowed callers get 200, not 201.
        issue: (token: string) => createIssue(project.id, seeded.keyerror!, token),
      };
      let checked = 0;
      for (const [entry, byCaller] of Object.entries(expected)) {
        for (const [caller, status] of Object.entries(byCaller)) {
          const response = await requests[entry as keyof typeof requests](tokens[caller as keyof typeof tokens]);
          expect({ entry, caller, status: response.status }).toEqual({ entry, caller, status });
          checked++;
        }
      }
      expect(checked).toBe(4 * 7);
    });

    it("never echoes or logs a token, nor shows a client secret", async () => {
      const secrets = await prisma.clientKey.findMany({ select: { secretKey: true } });
      const logged: string[] = [];
      const spies = (["log", "info", "warn", "error", "debug"] as const).map((method) =>
        vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" "))),
      );
      let bodies: string[];
      try {
        bodies = [
          await list(project.id, "", tokens.owner),
          await details(project.id, seeded.zero!, tokens.owner),
          await list(project.id, "", `${tokens.owner}x`),
          await list(project.id, "?status=bogus", tokens.owner),
          await createIssue(project.id, seeded.zero!, tokens.owner),
        ].map((r) => r.text);
      } finally {
        for (const spy of spies) spy.mockRestore();
      }
      for (const text of [...bodies, ...logged]) {
        for (const token of Object.values(tokens)) expect(text).not.toContain(token);
        for (const { secretKey } of secrets) expect(text).not.toContain(secretKey);
      }
    });
  });
});
