import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ROLES, type Role, type SessionUser } from "@/lib/auth/permissions";
import { sealSecret } from "@/lib/crypto/secret-box";
import { installDatabase } from "@/lib/db/client";
import { findErrorTrackingSettings } from "@/lib/db/error-tracking-settings";
import { findClientKeyGrant } from "@/lib/db/ingest-keys";
import { setMembership } from "@/lib/db/memberships";
import { createProject, type ProjectSummary } from "@/lib/db/projects";
import { createUser } from "@/lib/db/users";
import {
  describeErrorTrackingSettings,
  SentryApiUrl,
  type ErrorTrackingSettingsView,
} from "@/lib/errors/error-tracking-settings";
import {
  addClientKey,
  removeClientKey,
  revealLegacyDsn,
  submitConnectForm,
  submitSettingsForm,
} from "@/lib/errors/error-tracking-settings-form";
import { startFakeSentry, type FakeSentry } from "@/tests/support/fake-sentry";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/tests/support/test-database";

// The operations behind the Monitor settings page, called as its server actions call them
// (with the user the session would give), and the pieces the REST API shares with them.

vi.stubEnv("FAULTLINE_ALLOW_LOCAL_NETWORK", "true");
vi.stubEnv("AUTH_SECRET", "settings-test-server-secret-0123456789");
vi.stubEnv("FAULTLINE_URL", "http://faultline.test");
afterAll(() => vi.unstubAllEnvs());

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

describe("the Sentry API URL field", () => {
  it.each([
    ["https://sentry.io", "https://sentry.io"],
    ["  https://sentry.io/  ", "https://sentry.io"],
    ["https://sentry.example.com/sentry/", "https://sentry.example.com/sentry"],
    ["https://sentry.example.com/api/0/projects/", "https://sentry.example.com"],
    ["http://127.0.0.1:9000/api/0", "http://127.0.0.1:9000"],
    ["https://sentry.io/?x=1#top", "https://sentry.io"],
  ])("reads %j as %j", (typed, stored) => {
    expect(SentryApiUrl.parse(typed)).toBe(stored);
  });

  it.each([
    ["", "Enter the Sentry API URL"],
    ["sentry.io", "Enter a valid http:// or https:// URL"],
    ["ftp://sentry.io", "Enter a valid http:// or https:// URL"],
    ["javascript:alert(1)", "Enter a valid http:// or https:// URL"],
    ["https://user:secret@sentry.io", "The Sentry API URL must not contain a user name or password"],
  ])("refuses %j with %j", (typed, message) => {
    const parsed = SentryApiUrl.safeParse(typed);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(message);
  });
});

describe("settings in GitLab's shape", () => {
  const base = {
    projectId: 1,
    active: true,
    rateLimitPerMinute: null,
    sentryApiUrl: "https://sentry.example.com",
    hasSentryToken: true,
    sentryOrgSlug: "acme",
    sentryProjectSlug: "web",
    sentryProjectName: "Web",
  };

  it("shows no Sentry details on the integrated backend, even when some are stored", () => {
    expect(describeErrorTrackingSettings({ ...base, backend: "integrated" })).toEqual<ErrorTrackingSettingsView>({
      active: true,
      integrated: true,
      projectName: null,
      sentryExternalUrl: null,
      apiUrl: null,
    });
  });

  it("shows the Sentry project's name, web page and API URL as GitLab stores it", () => {
    expect(describeErrorTrackingSettings({ ...base, active: false, backend: "sentry" })).toEqual<ErrorTrackingSettingsView>({
      active: false,
      integrated: false,
      projectName: "Web",
      sentryExternalUrl: "https://sentry.example.com/acme/web/",
      apiUrl: "https://sentry.example.com/api/0/projects/acme/web/",
    });
  });
});

describe.each(DATABASE_KINDS)("the Monitor settings actions on %s", (kind) => {
  let db: TestDatabase;
  let sentry: FakeSentry;
  let project: ProjectSummary & { clientKey: { id: number; publicKey: string } };
  let other: ProjectSummary & { clientKey: { id: number } };
  let users: Record<Role, SessionUser>;
  let admin: SessionUser;
  let outsider: SessionUser;
  const console_: string[] = [];

  const sentryForm = (fields: Record<string, string> = {}) =>
    form({
      backend: "sentry",
      active: "on",
      apiUrl: sentry.url,
      token: sentry.token,
      project: "the-interstellar-jurisdiction/pump-station",
      ...fields,
    });

  beforeAll(async () => {
    db = await createTestDatabase(kind, { memory: true });
    installDatabase(db);
    sentry = await startFakeSentry({ token: `sntrys_actions_${kind}_0123456789abcdef` });
    const created = await createProject({ name: "Settings" });
    const second = await createProject({ name: "Someone else's" });
    if (!created.ok || !second.ok) throw new Error("could not create projects");
    project = created.value;
    other = second.value;
    users = {} as Record<Role, SessionUser>;
    for (const role of ROLES) {
      const user = await createUser({ email: `${role}@settings.example.com` });
      if (!user.ok) throw new Error(`could not create the ${role}`);
      await setMembership(project.id, user.value.id, role);
      users[role] = user.value;
    }
    const adminUser = await createUser({ email: "admin@settings.example.com", isAdmin: true });
    const outsiderUser = await createUser({ email: "outsider@settings.example.com" });
    if (!adminUser.ok || !outsiderUser.ok) throw new Error("could not create users");
    admin = adminUser.value;
    outsider = outsiderUser.value;
    for (const method of ["log", "info", "warn", "error"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        console_.push(args.map(String).join(" "));
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
    for (const line of console_) expect(line).not.toContain(sentry.token);
  });

  it("refuses every action to Guests, Reporters and Developers, and to people outside the project", async () => {
    let checked = 0;
    const refusedBelowMaintainer = [
      (user: SessionUser | null) => submitSettingsForm(user, project.slug, form({ backend: "integrated" })),
      (user: SessionUser | null) => submitConnectForm(user, project.slug, form({ apiUrl: sentry.url, token: sentry.token })),
      (user: SessionUser | null) => addClientKey(user, project.slug),
      (user: SessionUser | null) => removeClientKey(user, project.slug, project.clientKey.id),
      (user: SessionUser | null) => revealLegacyDsn(user, project.slug, project.clientKey.id),
    ];
    const before = await db.prisma.clientKey.count();
    for (const action of refusedBelowMaintainer) {
      for (const role of ["guest", "reporter", "developer"] as const) {
        const answer = await action(users[role]);
        expect(answer).toMatchObject({ ok: false, message: "Only Maintainers and Owners can change error tracking settings." });
        checked += 1;
      }
      for (const user of [outsider, null]) {
        expect(await action(user)).toMatchObject({ ok: false, message: "Project not found." });
        checked += 1;
      }
    }
    expect(checked).toBe(25);
    expect(sentry.requests).toHaveLength(0);
    expect(await db.prisma.clientKey.count()).toBe(before);
    expect((await db.prisma.clientKey.findUniqueOrThrow({ where: { id: project.clientKey.id } })).revokedAt).toBeNull();
    expect(await findErrorTrackingSettings(project.id)).toMatchObject({ active: true, backend: "integrated" });
  });

  it("answers a forged call (a slug that is not a string, a form that is not a form) without acting", async () => {
    expect(await addClientKey(users.owner, { slug: project.slug } as unknown as string)).toMatchObject({ ok: false, message: "Project not found." });
    const answer = await submitSettingsForm(users.owner, project.slug, "backend=sentry" as unknown as FormData);
    expect(answer).toMatchObject({ ok: false, fieldErrors: { backend: "Choose an error tracking backend" } });
  });

  it("saves the Faultline backend with a rate limit that ingestion then applies", async () => {
    const saved = await submitSettingsForm(users.maintainer, project.slug, form({ backend: "integrated", active: "on", rateLimit: "120" }));
    expect(saved).toEqual({ ok: true, message: "Error tracking settings saved." });
    expect((await findClientKeyGrant(db.prisma, project.clientKey.publicKey))?.rateLimitPerMinute).toBe(120);

    await submitSettingsForm(users.owner, project.slug, form({ backend: "integrated", active: "on", rateLimit: " " }));
    expect((await findClientKeyGrant(db.prisma, project.clientKey.publicKey))?.rateLimitPerMinute).toBeNull();
  });

  it("turns error tracking off when Active is unchecked, and ingestion stops accepting", async () => {
    expect(await submitSettingsForm(admin, project.slug, form({ backend: "integrated" }))).toMatchObject({ ok: true });
    expect(await findClientKeyGrant(db.prisma, project.clientKey.publicKey)).toMatchObject({ accepting: false });
    await submitSettingsForm(admin, project.slug, form({ backend: "integrated", active: "on" }));
    expect(await findClientKeyGrant(db.prisma, project.clientKey.publicKey)).toMatchObject({ accepting: true });
  });

  it.each([
    [{ rateLimit: "abc" }, { rateLimit: "Enter a whole number of events per minute, or leave it empty for no limit" }],
    [{ rateLimit: "0" }, { rateLimit: "The rate limit must be at least 1 event per minute" }],
    [{ rateLimit: "2.5" }, { rateLimit: "Enter a whole number of events per minute, or leave it empty for no limit" }],
    [{ backend: "elsewhere" }, { backend: "Choose an error tracking backend" }],
  ])("refuses the Faultline form %j with field errors %j", async (fields, fieldErrors) => {
    const answer = await submitSettingsForm(users.owner, project.slug, form({ backend: "integrated", active: "on", ...fields }));
    expect(answer).toEqual({ ok: false, message: "Check the highlighted fields.", fieldErrors });
  });

  it.each([
    [{ apiUrl: "" }, { apiUrl: "Enter the Sentry API URL" }],
    [{ apiUrl: "not a url" }, { apiUrl: "Enter a valid http:// or https:// URL" }],
    [{ project: "" }, { project: "Choose a project" }],
    [{ project: "only-one-part" }, { project: "Choose a project from the list" }],
    [{ token: "has space" }, { token: "The auth token must not contain spaces" }],
  ])("refuses the Sentry form %j with field errors %j, before asking Sentry", async (fields, fieldErrors) => {
    const answer = await submitSettingsForm(users.owner, project.slug, sentryForm(fields));
    expect(answer).toEqual({ ok: false, message: "Check the highlighted fields.", fieldErrors });
    expect(sentry.requests).toHaveLength(0);
  });

  it("asks for a token when none is stored", async () => {
    const answer = await submitConnectForm(users.owner, project.slug, form({ apiUrl: sentry.url, token: "" }));
    expect(answer).toMatchObject({ ok: false, fieldErrors: { token: "Enter an auth token" } });
    const saved = await submitSettingsForm(users.owner, project.slug, sentryForm({ token: "" }));
    expect(saved).toMatchObject({ ok: false, fieldErrors: { token: "Enter an auth token" } });
  });

  it("says when Sentry refuses the token, naming the token field and not the token", async () => {
    const answer = await submitConnectForm(users.owner, project.slug, form({ apiUrl: sentry.url, token: "sntrys_wrong" }));
    expect(answer).toMatchObject({ ok: false, fieldErrors: { token: expect.stringContaining("Sentry refused the auth token (401)") } });
    expect(JSON.stringify(answer)).not.toContain("sntrys_wrong");
  });

  it("says when Sentry cannot be reached", async () => {
    sentry.fail({ failure: "server-error" });
    const answer = await submitConnectForm(users.owner, project.slug, form({ apiUrl: sentry.url, token: sentry.token }));
    expect(answer).toEqual({
      ok: false,
      message: "Sentry could not be reached: The Sentry server failed to answer (500). Try again later.",
      fieldErrors: {},
    });
  });

  it("Connect lists every project the token can see, across Sentry's pages", async () => {
    const answer = await submitConnectForm(users.maintainer, project.slug, form({ apiUrl: `${sentry.url}/`, token: sentry.token }));
    expect(answer).toMatchObject({ ok: true, message: "Connected: 5 projects found. Choose one, then Save changes." });
    if (!answer?.ok) throw new Error("expected projects");
    expect(answer.projects).toContainEqual({
      organizationSlug: "the-interstellar-jurisdiction",
      organizationName: "The Interstellar Jurisdiction",
      slug: "pump-station",
      name: "Pump Station",
    });
    expect(answer.projects.map((p) => `${p.organizationSlug}/${p.slug}`)).toEqual(
      expect.arrayContaining(["sentry/sentry-example", "sentry/internal", "the-interstellar-jurisdiction/prime-mover"]),
    );
    expect(sentry.requestsTo("/api/0/projects/").every((r) => r.authorization === "bearer-valid")).toBe(true);
  });

  it("refuses a project the token cannot see, and saves nothing", async () => {
    const answer = await submitSettingsForm(users.owner, project.slug, sentryForm({ project: "the-interstellar-jurisdiction/elsewhere" }));
    expect(answer).toMatchObject({
      ok: false,
      fieldErrors: { project: "Sentry has no project the-interstellar-jurisdiction/elsewhere that this token can see" },
    });
    expect(await findErrorTrackingSettings(project.id)).toMatchObject({ backend: "integrated", hasSentryToken: false });
  });

  it("saves a verified Sentry connection with the token sealed, then keeps that token when the field is left empty", async () => {
    expect(await submitSettingsForm(users.maintainer, project.slug, sentryForm())).toEqual({ ok: true, message: "Error tracking settings saved." });
    const row = await db.prisma.errorTrackingSettings.findUniqueOrThrow({ where: { projectId: project.id } });
    expect(row).toMatchObject({
      backend: "sentry",
      active: true,
      sentryApiUrl: sentry.url,
      sentryOrgSlug: "the-interstellar-jurisdiction",
      sentryProjectSlug: "pump-station",
      sentryProjectName: "Pump Station",
    });
    expect(row.sentryTokenSealed).toMatch(/^v1\./);
    expect(row.sentryTokenSealed).not.toContain(sentry.token);
    expect(await findClientKeyGrant(db.prisma, project.clientKey.publicKey)).toMatchObject({ accepting: false });

    sentry.requests.length = 0;
    const kept = await submitSettingsForm(users.owner, project.slug, sentryForm({ token: "", project: "the-interstellar-jurisdiction/prime-mover" }));
    expect(kept).toMatchObject({ ok: true });
    expect(await findErrorTrackingSettings(project.id)).toMatchObject({ sentryProjectName: "Prime Mover", hasSentryToken: true });
    const connect = await submitConnectForm(users.owner, project.slug, form({ apiUrl: sentry.url, token: "" }));
    expect(connect).toMatchObject({ ok: true });
  });

  it("never sends the stored token to another API URL", async () => {
    const elsewhere = await startFakeSentry({ token: "sntrys_elsewhere_0123456789" });
    try {
      const answer = await submitConnectForm(users.owner, project.slug, form({ apiUrl: elsewhere.url, token: "" }));
      expect(answer).toMatchObject({
        ok: false,
        fieldErrors: { token: "Enter the auth token again: the stored token is only sent to the Sentry API URL it was saved with" },
      });
      const saved = await submitSettingsForm(users.owner, project.slug, sentryForm({ apiUrl: elsewhere.url, token: "" }));
      expect(saved).toMatchObject({ ok: false, fieldErrors: { token: expect.stringContaining("Enter the auth token again") } });
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });

  it("asks for the token again when the stored one was sealed with another server secret", async () => {
    const foreign = await sealSecret(sentry.token, "another-server-secret-0123456789");
    await db.prisma.errorTrackingSettings.update({ where: { projectId: project.id }, data: { sentryTokenSealed: foreign } });
    const answer = await submitConnectForm(users.owner, project.slug, form({ apiUrl: sentry.url, token: "" }));
    expect(answer).toMatchObject({
      ok: false,
      fieldErrors: { token: "The stored auth token can no longer be read (the server secret changed): enter it again" },
    });
    expect(sentry.requests).toHaveLength(0);
  });

  it("creates and revokes client keys, and shows a key's legacy DSN only on request", async () => {
    expect(await addClientKey(users.maintainer, project.slug)).toEqual({ ok: true, message: "Client key created." });
    const keys = await db.prisma.clientKey.findMany({ where: { projectId: project.id }, orderBy: { id: "asc" } });
    expect(keys).toHaveLength(2);
    const created = keys[1]!;

    const legacy = await revealLegacyDsn(users.owner, project.slug, created.id);
    expect(legacy).toEqual({ ok: true, dsn: `http://${created.publicKey}:${created.secretKey}@faultline.test/${project.id}` });
    expect(await revealLegacyDsn(users.owner, project.slug, other.clientKey.id)).toEqual({ ok: false, message: "Client key not found." });
    expect(await revealLegacyDsn(users.owner, project.slug, "1; drop")).toEqual({ ok: false, message: "Client key not found." });

    expect(await removeClientKey(users.maintainer, project.slug, created.id)).toEqual({ ok: true, message: "Client key revoked." });
    expect((await findClientKeyGrant(db.prisma, created.publicKey))?.revoked).toBe(true);
    expect(await removeClientKey(users.maintainer, project.slug, other.clientKey.id)).toEqual({ ok: false, message: "Client key not found." });
    expect((await db.prisma.clientKey.findUniqueOrThrow({ where: { id: other.clientKey.id } })).revokedAt).toBeNull();
  });
});
