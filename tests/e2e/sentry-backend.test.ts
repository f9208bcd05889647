import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import {
  captureNextServerAction,
  replayServerAction,
  saveScreenshot,
  signInWithOidc,
  startWithOidc,
  type CapturedAction,
  type SignInServers,
} from "../support/e2e";
import { startFakeSentry, type FakeSentry } from "../support/fake-sentry";
import { ensureProductionBuild } from "../support/production-build";
import { seedDatabase, type Seed } from "../support/seed";
import type { RunningServer } from "../support/server-process";
import { createTestDatabase, type TestDatabaseLocation } from "../support/test-database";

// A Maintainer points a project at an external Sentry (the fake one, built from recorded
// Sentry responses) and the team triages Sentry's errors through Faultline's own pages.

describe("a project on the Sentry backend, in the browser", () => {
  let location: TestDatabaseLocation;
  let seed: Seed;
  let servers: SignInServers;
  let sentry: FakeSentry;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pagesSeen: string[] = [];
  let maintainerSave: CapturedAction | undefined;

  const settingsPath = () => `/projects/${seed.project.slug}/settings/monitor`;
  const listPath = () => `/projects/${seed.project.slug}/error-tracking`;
  const signIn = async (email: string, startPath: string) => {
    const session = await signInWithOidc(browser, server, email, startPath);
    contexts.push(session.context);
    return session.page;
  };
  const remember = async (page: Page) => pagesSeen.push(await page.content());
  const settingsViaApi = async () => {
    const response = await fetch(`${server.url}/api/v4/projects/${seed.project.id}/error_tracking/settings`, {
      headers: { "private-token": seed.tokens.maintainer },
    });
    return { status: response.status, text: await response.text() };
  };

  beforeAll(async () => {
    ensureProductionBuild();
    location = await createTestDatabase("pglite", { keepOpen: false });
    seed = await seedDatabase(location);
    sentry = await startFakeSentry();
    servers = await startWithOidc(location.dataDir!, { FAULTLINE_ALLOW_LOCAL_NETWORK: "true" });
    server = servers.server;
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await servers?.close();
    await sentry?.close();
    await location?.drop();
  });

  it("says clearly when Sentry refuses the token, without showing it", async () => {
    const page = await signIn("maintainer@example.com", settingsPath());
    await page.getByLabel("Sentry", { exact: true }).check();
    await page.getByLabel("Sentry API URL").fill(sentry.url);
    await page.getByLabel("Auth Token").fill("sntrys_wrong_token_abcdef");
    await page.getByRole("button", { name: "Connect" }).click();
    await page.getByText("Sentry refused the auth token (401)").first().waitFor();
    await remember(page);
    expect(await page.content()).not.toContain("sntrys_wrong_token_abcdef");
  });

  it("lets a Maintainer connect, choose a Sentry project and save", async () => {
    const page = await signIn("maintainer@example.com", settingsPath());
    await page.getByLabel("Sentry", { exact: true }).check();
    await page.getByLabel("Sentry API URL").fill(sentry.url);
    await page.getByLabel("Auth Token").fill(sentry.token);
    await page.getByRole("button", { name: "Connect" }).click();
    await page.getByText(/Connected: \d+ projects found/).waitFor();
    await page.getByRole("combobox", { name: "Project" }).selectOption("the-interstellar-jurisdiction/pump-station");
    const save = captureNextServerAction(page);
    await page.getByRole("button", { name: "Save changes" }).click();
    maintainerSave = await save;
    await page.getByText("Error tracking settings saved.").waitFor();
    await saveScreenshot(page, "settings-monitor-sentry");
    await remember(page);

    const settings = await settingsViaApi();
    expect(settings.status).toBe(200);
    expect(JSON.parse(settings.text)).toMatchObject({ active: true, integrated: false, project_name: "Pump Station" });
    expect(settings.text).not.toContain(sentry.token);

    await page.reload();
    await expect(page.getByLabel("Auth Token").inputValue()).resolves.toBe("");
    await remember(page);
  });

  it("lists Sentry's errors and shows one with its latest event's stack trace, linked to Sentry", async () => {
    const page = await signIn("developer@example.com", listPath());
    const title = "gaierror: [Errno -2] Name or service not known";
    await page.getByRole("link", { name: title }).waitFor();
    await page.getByRole("link", { name: "ApiException: Authentication failed, token expired!" }).waitFor({ timeout: 10_000 });
    await remember(page);
    expect(sentry.requestsTo("/issues/").some((r) => r.path === "/api/0/projects/the-interstellar-jurisdiction/pump-station/issues/")).toBe(true);

    await page.getByRole("link", { name: title }).click();
    await page.waitForURL(/\/error-tracking\/11$/);
    // Sentry's detail record for issue 11 (GitLab's recorded fixture) carries its own title.
    await page.getByRole("heading", { level: 1, name: "This is an example Python exception" }).waitFor();
    await page.getByText("Stack trace").first().waitFor({ timeout: 10_000 });
    await page.getByText("ActiveRecord::NoDatabaseError").first().waitFor({ timeout: 10_000 });
    await page.getByText("active_record/connection_adapters/postgresql_adapter.rb").first().waitFor({ timeout: 10_000 });
    const sentryLink = page.getByRole("link", { name: "View in Sentry" });
    await expect(sentryLink.getAttribute("href")).resolves.toBe("https://sentrytest.gitlab.com/sentry-org/sentry-project/issues/503504/");
    await saveScreenshot(page, "error-details-sentry");
    await remember(page);

    await page.getByRole("button", { name: "Resolve", exact: true }).click();
    await page.getByRole("button", { name: "Unresolve", exact: true }).waitFor();
    expect(sentry.statuses.get("11")).toBe("resolved");
    expect(sentry.requests.some((r) => r.method === "PUT" && r.path.endsWith("/issues/11/") && r.body.includes("resolved"))).toBe(true);
  });

  it("keeps Developers out of the settings page and refuses their forged save", async () => {
    const page = await signIn("developer@example.com", settingsPath());
    await page.getByText("Only Maintainers and Owners can change error tracking settings.").waitFor();
    await expect(page.getByRole("button", { name: "Save changes" }).count()).resolves.toBe(0);
    await remember(page);

    expect(maintainerSave).toBeDefined();
    const before = await settingsViaApi();
    const forged = await replayServerAction(page.context(), maintainerSave!);
    expect(forged.body).toContain("Only Maintainers and Owners can change error tracking settings.");
    expect((await settingsViaApi()).text).toBe(before.text);
  });

  it("never shows the Sentry token in a page or in the server's output", () => {
    expect(pagesSeen.length).toBeGreaterThanOrEqual(5);
    for (const html of pagesSeen) expect(html).not.toContain(sentry.token);
    expect(server.output()).not.toContain(sentry.token);
  });
});
