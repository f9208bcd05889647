import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET, PATCH, PUT } from "@/app/api/v4/projects/[id]/error_tracking/settings/route";
import { ROLES, type Role } from "@/lib/auth/permissions";
import { getAuthSecret } from "@/lib/auth/auth-secret";
import { openSecret } from "@/lib/crypto/secret-box";
import { installDatabase } from "@/lib/db/client";
import { findClientKeyGrant } from "@/lib/db/ingest-keys";
import { createProject, type ProjectSummary } from "@/lib/db/projects";
import { addMemberPerRole } from "@/tests/support/members";
import { startFakeSentry, type FakeSentry } from "@/tests/support/fake-sentry";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/tests/support/test-database";

// GET / PATCH / PUT /api/v4/projects/:id/error_tracking/settings (SPEC §8), in GitLab's shape.

vi.stubEnv("FAULTLINE_ALLOW_LOCAL_NETWORK", "true");
vi.stubEnv("AUTH_SECRET", "settings-rest-test-server-secret-0123456789");
afterAll(() => vi.unstubAllEnvs());

type Handler = (request: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;
const HANDLERS: Record<"GET" | "PATCH" | "PUT", Handler> = { GET, PATCH, PUT };

const INTEGRATED = { active: true, project_name: null, sentry_external_url: null, api_url: null, integrated: true };

describe.each(DATABASE_KINDS)("the error tracking settings REST API on %s", (kind) => {
  let db: TestDatabase;
  let sentry: FakeSentry;
  let project: ProjectSummary & { clientKey: { publicKey: string } };
  let other: ProjectSummary;
  let tokens: Record<Role, string>;
  const bodies: string[] = [];
  const logged: string[] = [];

  async function call(
    method: "GET" | "PATCH" | "PUT",
    token: string | null,
    opts: { body?: unknown; query?: string; id?: string } = {},
  ) {
    const id = opts.id ?? String(project.id);
    const headers = new Headers(token ? { "private-token": token } : {});
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers.set("content-type", "application/json");
      body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    }
    const url = `http://localhost:3000/api/v4/projects/${encodeURIComponent(id)}/error_tracking/settings${opts.query ? `?${opts.query}` : ""}`;
    const response = await HANDLERS[method](new Request(url, { method, headers, body }), { params: Promise.resolve({ id }) });
    const text = await response.text();
    bodies.push(text);
    return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
  }

  const sentryPut = (overrides: Record<string, unknown> = {}) => ({
    active: true,
    integrated: false,
    api_host: sentry.url,
    token: sentry.token,
    project: { organization_slug: "the-interstellar-jurisdiction", slug: "pump-station" },
    ...overrides,
  });

  const storedRow = () => db.prisma.errorTrackingSettings.findUniqueOrThrow({ where: { projectId: project.id } });

  beforeAll(async () => {
    db = await createTestDatabase(kind, { memory: true });
    installDatabase(db);
    sentry = await startFakeSentry({ token: `sntrys_rest_${kind}_fedcba9876543210` });
    const created = await createProject({ name: "Monitor" });
    const second = await createProject({ name: "Not yours" });
    if (!created.ok || !second.ok) throw new Error("could not create projects");
    project = created.value;
    other = second.value;
    tokens = await addMemberPerRole(project.id, "settings-rest.example.com");
    for (const method of ["log", "info", "warn", "error"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args.map(String).join(" "));
      });
    }
  });
  beforeEach(() => {
    sentry.clearFailures();
    sentry.requests.length = 0;
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await sentry?.close();
    await db?.drop();
  });

  it("lets Maintainers and Owners read and change the settings, and no one below", async () => {
    let checked = 0;
    for (const method of ["GET", "PATCH", "PUT"] as const) {
      for (const role of ROLES) {
        const body = method === "GET" ? undefined : { active: true, integrated: true };
        const response = await call(method, tokens[role], { body });
        const allowed = role === "maintainer" || role === "owner";
        expect(response.status, `${method} as ${role}`).toBe(allowed ? 200 : 403);
        expect(response.body, `${method} as ${role}`).toEqual(allowed ? INTEGRATED : { message: "403 Forbidden" });
        checked += 1;
      }
    }
    expect(checked).toBe(15);
  });

  it("answers 401 without a token, 404 for a project the caller is not in or that does not exist", async () => {
    expect((await call("GET", null)).status).toBe(401);
    expect(await call("GET", tokens.owner, { id: String(other.id) })).toEqual({ status: 404, body: { message: "404 Project Not Found" } });
    expect((await call("PUT", tokens.owner, { id: "no-such-project", body: { active: true, integrated: true } })).status).toBe(404);
    expect((await call("GET", tokens.owner, { id: project.slug })).status).toBe(200);
  });

  it("refuses a Developer's Sentry PUT before anything is sent to Sentry", async () => {
    expect((await call("PUT", tokens.developer, { body: sentryPut() })).status).toBe(403);
    expect(sentry.requests).toHaveLength(0);
    expect((await storedRow()).backend).toBe("integrated");
  });

  it("PATCH turns error tracking off and on from the query string, as GitLab's clients send it", async () => {
    expect(await call("PATCH", tokens.maintainer, { query: "active=false" })).toEqual({ status: 200, body: { ...INTEGRATED, active: false } });
    expect(await findClientKeyGrant(db.prisma, project.clientKey.publicKey)).toMatchObject({ accepting: false });
    expect(await call("PATCH", tokens.maintainer, { query: "active=true&integrated=true" })).toEqual({ status: 200, body: INTEGRATED });
    expect(await findClientKeyGrant(db.prisma, project.clientKey.publicKey)).toMatchObject({ accepting: true });
  });

  async function expectRefused(response: { status: number; body: unknown }, message: string) {
    expect(response).toEqual({ status: 400, body: { message } });
    expect(sentry.requests).toHaveLength(0);
    expect((await storedRow()).backend).toBe("integrated");
  }

  it.each([
    ["PATCH", {}, "400 Bad request - active: must be true or false"],
    ["PATCH", { active: "maybe" }, "400 Bad request - active: must be true or false"],
    ["PATCH", "{not json", "400 Bad request - body must be a JSON object"],
    ["PATCH", [true], "400 Bad request - body must be a JSON object"],
    [
      "PATCH",
      { active: true, integrated: false },
      "400 Bad request - integrated: Sentry is not configured for this project: save the Sentry API URL, auth token and project first",
    ],
    ["PUT", { active: true }, "400 Bad request - integrated: must be true or false"],
    ["PUT", { integrated: true }, "400 Bad request - active: must be true or false"],
    ["PUT", { active: true, integrated: "sometimes" }, "400 Bad request - integrated: must be true or false"],
  ] as const)("%s %j answers %j", async (method, body, message) => {
    await expectRefused(await call(method, tokens.owner, { body }), message);
  });

  it.each([
    [{ api_host: undefined }, "400 Bad request - api_host: Enter the Sentry API URL"],
    [{ api_host: "ftp://sentry.example.com" }, "400 Bad request - api_host: Enter a valid http:// or https:// URL"],
    [{ project: undefined }, "400 Bad request - project: must be an object with organization_slug and slug"],
    [{ project: { organization_slug: "o", slug: "../p" } }, "400 Bad request - project.slug: must be a Sentry slug"],
    [{ token: "" }, "400 Bad request - token: Enter an auth token"],
  ])("a Sentry PUT with %j answers %j", async (overrides, message) => {
    await expectRefused(await call("PUT", tokens.owner, { body: sentryPut(overrides) }), message);
  });

  it("refuses a token in the URL", async () => {
    const response = await call("PUT", tokens.owner, { body: sentryPut({ token: undefined }), query: "token=sntrys_in_the_url" });
    await expectRefused(response, "400 Bad request - token must be sent in a JSON body, not in the URL");
  });

  it("PUT for Sentry answers 400 naming the token when Sentry refuses it, and saves nothing", async () => {
    const response = await call("PUT", tokens.owner, { body: sentryPut({ token: "sntrys_not_the_right_one" }) });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/^400 Bad request - token: Sentry refused the auth token \(401\)/);
    expect(JSON.stringify(response.body)).not.toContain("sntrys_not_the_right_one");
    expect(await storedRow()).toMatchObject({ backend: "integrated", sentryTokenSealed: null });
  });

  it("PUT for Sentry answers 502 when Sentry fails or cannot be reached, and saves nothing", async () => {
    sentry.fail({ failure: "bad-gateway" });
    expect(await call("PUT", tokens.owner, { body: sentryPut() })).toEqual({
      status: 502,
      body: { message: "502 Bad Gateway - Sentry: The Sentry server failed to answer (502). Try again later." },
    });
    const closed = await startFakeSentry();
    await closed.close();
    const unreachable = await call("PUT", tokens.owner, { body: sentryPut({ api_host: closed.url }) });
    expect(unreachable.status).toBe(502);
    expect(unreachable.body.message).toMatch(/^502 Bad Gateway - Sentry: /);
    expect(await storedRow()).toMatchObject({ backend: "integrated", sentryTokenSealed: null });
  });

  it("PUT for Sentry verifies the token, saves it sealed and answers GitLab's shape without it", async () => {
    const response = await call("PUT", tokens.maintainer, { body: sentryPut({ api_host: `${sentry.url}/` }) });
    const expected = {
      active: true,
      project_name: "Pump Station",
      sentry_external_url: `${sentry.url}/the-interstellar-jurisdiction/pump-station/`,
      api_url: `${sentry.url}/api/0/projects/the-interstellar-jurisdiction/pump-station/`,
      integrated: false,
    };
    expect(response).toEqual({ status: 200, body: expected });
    expect(sentry.requestsTo("/api/0/projects/").length).toBeGreaterThan(0);
    expect(sentry.requests.every((r) => r.authorization === "bearer-valid")).toBe(true);

    const row = await storedRow();
    expect(row.sentryTokenSealed).not.toContain(sentry.token);
    expect(await openSecret(row.sentryTokenSealed!, await getAuthSecret())).toEqual({ ok: true, value: sentry.token });
    expect(await call("GET", tokens.owner)).toEqual({ status: 200, body: expected });
    expect(await findClientKeyGrant(db.prisma, project.clientKey.publicKey)).toMatchObject({ accepting: false });
  });

  it("PUT for Sentry answers 400 naming the project when the token cannot see it", async () => {
    const response = await call("PUT", tokens.owner, {
      body: sentryPut({ project: { organization_slug: "sentry", slug: "pump-station" } }),
    });
    expect(response).toEqual({
      status: 400,
      body: { message: "400 Bad request - project: Sentry has no project sentry/pump-station that this token can see" },
    });
    expect(await storedRow()).toMatchObject({ sentryOrgSlug: "the-interstellar-jurisdiction", sentryProjectSlug: "pump-station" });
  });

  it("PUT for Sentry without a token keeps the stored one, but only for the same API URL", async () => {
    const sealed = (await storedRow()).sentryTokenSealed;
    const kept = await call("PUT", tokens.owner, {
      body: sentryPut({ token: undefined, project: { organization_slug: "the-interstellar-jurisdiction", slug: "prime-mover" } }),
    });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ project_name: "Prime Mover", integrated: false });
    expect((await storedRow()).sentryTokenSealed).toBe(sealed);

    const moved = await call("PUT", tokens.owner, { body: sentryPut({ token: undefined, api_host: "http://127.0.0.2:9" }) });
    expect(moved).toEqual({
      status: 400,
      body: {
        message:
          "400 Bad request - token: Enter the auth token again: the stored token is only sent to the Sentry API URL it was saved with",
      },
    });
    expect((await storedRow()).sentryApiUrl).toBe(sentry.url);
  });

  it("PATCH switches between the backends and keeps the Sentry connection for later", async () => {
    expect(await call("PATCH", tokens.owner, { body: { active: true, integrated: true } })).toEqual({ status: 200, body: INTEGRATED });
    expect(await findClientKeyGrant(db.prisma, project.clientKey.publicKey)).toMatchObject({ accepting: true });
    const back = await call("PATCH", tokens.owner, { body: { active: false, integrated: false } });
    expect(back).toEqual({
      status: 200,
      body: {
        active: false,
        project_name: "Prime Mover",
        sentry_external_url: `${sentry.url}/the-interstellar-jurisdiction/prime-mover/`,
        api_url: `${sentry.url}/api/0/projects/the-interstellar-jurisdiction/prime-mover/`,
        integrated: false,
      },
    });
    expect((await call("PUT", tokens.owner, { body: { active: true, integrated: true } })).body).toEqual(INTEGRATED);
  });

  it("never shows the Sentry token in a response or a log line", () => {
    expect(bodies.length).toBeGreaterThan(30);
    for (const text of [...bodies, ...logged]) expect(text).not.toContain(sentry.token);
  });
});
