import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import {
  captureNextServerAction,
  createLoginLink,
  OIDC_BUTTON,
  replayServerAction,
  saveScreenshot,
  signInWithOidc,
  startWithOidc,
  type CapturedAction,
  type SignInServers,
} from "../support/e2e";
import { ensureProductionBuild } from "../support/production-build";
import { seedDatabase, type Seed } from "../support/seed";
import { createSentryNodeClient, type SentryNodeClient } from "../support/sentry-node-client";
import type { RunningServer } from "../support/server-process";
import { createTestDatabase, type TestDatabaseLocation } from "../support/test-database";

// People triage errors in a real Chromium: they sign in through a real OpenID Connect provider
// on loopback, the errors come from the real @sentry/node SDK, and the server is the one
// `npm start` runs.

function chargeCardFailure(marker: string): Error {
  function chargeCard(): never {
    throw new TypeError(`card declined ${marker}`);
  }
  try {
    chargeCard();
  } catch (error) {
    return error as Error;
  }
}

function stockFailure(marker: string): Error {
  function countStock(): never {
    throw new RangeError(`stock below zero ${marker}`);
  }
  try {
    countStock();
  } catch (error) {
    return error as Error;
  }
}

describe("triaging errors in the browser", () => {
  const marker = `m${Date.now().toString(36)}`;
  let location: TestDatabaseLocation;
  let seed: Seed;
  let servers: SignInServers;
  let server: RunningServer;
  let browser: Browser;
  let sdk: SentryNodeClient;
  const contexts: BrowserContext[] = [];
  let forgedResolve: CapturedAction | undefined;

  const listPath = () => `/projects/${seed.project.slug}/error-tracking`;
  const apiError = async (title: string) => {
    for (const status of ["unresolved", "resolved", "ignored"]) {
      const response = await fetch(
        `${server.url}/api/v4/projects/${seed.project.id}/error_tracking/errors?status=${status}&per_page=100&search=${encodeURIComponent(title)}`,
        { headers: { "private-token": seed.tokens.developer } },
      );
      const errors = (await response.json()) as Array<{ id: number; title: string; status: string; events_count: number }>;
      const found = errors.find((e) => e.title === title);
      if (found) return found;
    }
    return undefined;
  };
  const sendCardDeclined = async (times: number) => {
    for (let i = 0; i < times; i++) sdk.capture(chargeCardFailure(marker), (scope) => scope.setUser({ id: `u${i}` }));
    await sdk.flush();
  };
  const signIn = async (email: string, startPath = "/") => {
    const session = await signInWithOidc(browser, server, email, startPath);
    contexts.push(session.context);
    return session.page;
  };
  const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  beforeAll(async () => {
    ensureProductionBuild();
    location = await createTestDatabase("pglite", { keepOpen: false });
    seed = await seedDatabase(location);
    servers = await startWithOidc(location.dataDir!);
    server = servers.server;
    browser = await launchChromium();
    sdk = createSentryNodeClient(seed.dsnFor(server.url), { release: "2.4.1" });
    await sendCardDeclined(2);
    sdk.capture(stockFailure(marker));
    await sdk.flush();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await servers?.close();
    await location?.drop();
  });

  it("sends a signed-out visitor to /signin, which offers the configured provider", async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}${listPath()}`);
    const url = new URL(page.url());
    expect(url.pathname).toBe("/signin");
    expect(url.searchParams.get("callbackUrl")).toBe(listPath());
    await page.getByRole("button", { name: OIDC_BUTTON }).waitFor({ timeout: 10_000 });
  });

  it("lets a Developer sign in through OpenID Connect, filter, sort, read a stack trace, create an issue and resolve the error", async () => {
    const page = await signIn("developer@example.com", listPath());
    expect(new URL(page.url()).pathname).toBe(listPath());
    const cardTitle = `TypeError: card declined ${marker}`;
    const stockTitle = `RangeError: stock below zero ${marker}`;
    const rows = page.locator("table tbody tr");
    await page.getByRole("link", { name: cardTitle }).waitFor({ timeout: 10_000 });
    await page.getByRole("link", { name: stockTitle }).waitFor({ timeout: 10_000 });

    await page.getByLabel("Sort by").selectOption({ label: "Frequency" });
    await page.waitForURL(/sort=frequency/);
    await expect(rows.first().innerText()).resolves.toContain(cardTitle);

    await page.getByLabel("Status").selectOption({ label: "Resolved" });
    await page.waitForURL(/status=resolved/);
    await page.getByText("No resolved errors").waitFor();
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes("status=resolved"));
    await page.getByRole("link", { name: stockTitle }).waitFor();

    await page.getByRole("searchbox", { name: "Search errors" }).fill("stock below");
    await page.waitForURL(/search=stock/);
    await page.getByRole("link", { name: cardTitle }).waitFor({ state: "detached" });
    await page.getByRole("link", { name: stockTitle }).waitFor({ timeout: 10_000 });
    await page.getByRole("searchbox", { name: "Search errors" }).fill("");
    await page.getByRole("link", { name: cardTitle }).waitFor();
    await saveScreenshot(page, "error-list");

    await page.getByRole("link", { name: cardTitle }).click();
    await page.getByRole("heading", { level: 1, name: cardTitle }).waitFor();
    await page.getByText("chargeCard").first().waitFor({ timeout: 10_000 });
    await page.getByText("2.4.1").first().waitFor({ timeout: 10_000 });
    await saveScreenshot(page, "error-details");

    await page.getByRole("button", { name: "Create issue" }).click();
    const viewIssue = page.getByRole("link", { name: "View issue" });
    await viewIssue.waitFor();

    const resolveCall = captureNextServerAction(page);
    await page.getByRole("button", { name: "Resolve", exact: true }).click();
    forgedResolve = await resolveCall;
    await page.getByRole("button", { name: "Unresolve", exact: true }).waitFor();
    expect((await apiError(cardTitle))?.status).toBe("resolved");

    await viewIssue.click();
    await page.waitForURL(/\/issues\/\d+$/);
    await page.getByText("Closed").first().waitFor({ timeout: 10_000 });
    await page.getByText(cardTitle).first().waitFor({ timeout: 10_000 });
  });

  it("shows a resolved error as unresolved again after a new event", async () => {
    const title = `TypeError: card declined ${marker}`;
    const before = await apiError(title);
    expect(before?.status).toBe("resolved");
    await sendCardDeclined(1);
    const page = await signIn("developer@example.com", `${listPath()}/${before!.id}`);
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    await page.getByRole("button", { name: "Resolve", exact: true }).waitFor({ timeout: 10_000 });
    expect((await apiError(title))?.status).toBe("unresolved");
  });

  it("shows a Reporter the list and the details without actions, and refuses their forged resolve", async () => {
    const title = `TypeError: card declined ${marker}`;
    const page = await signIn("reporter@example.com", listPath());
    await page.getByRole("link", { name: title }).click();
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    await page.getByText("chargeCard").first().waitFor({ timeout: 10_000 });
    for (const name of ["Resolve", "Ignore", "Unresolve", "Create issue"]) {
      await expect(page.getByRole("button", { name, exact: true }).count()).resolves.toBe(0);
    }

    expect(forgedResolve).toBeDefined();
    expect((await apiError(title))?.status).toBe("unresolved");
    const forged = await replayServerAction(page.context(), forgedResolve!);
    expect(forged.body).toContain("Only Developers, Maintainers and Owners");
    expect((await apiError(title))?.status).toBe("unresolved");
  });

  it("keeps the list and the details usable at 390px wide", async () => {
    const page = await signIn("developer@example.com", listPath());
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect(noHorizontalScroll(page)).resolves.toBe(true);
    await saveScreenshot(page, "error-list-390");
    await page.getByRole("link", { name: `TypeError: card declined ${marker}` }).click();
    await page.getByRole("heading", { level: 1 }).waitFor();
    await expect(noHorizontalScroll(page)).resolves.toBe(true);
  });

  it("signs in with a one-time link once, refuses it the second time, and keeps the session across a restart", async () => {
    const link = await createLoginLink(location, server.url, "maintainer@example.com");
    const first = await browser.newContext();
    contexts.push(first);
    const page = await first.newPage();
    await page.goto(link);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.getByRole("link", { name: "Checkout" }).first().waitFor({ timeout: 10_000 });

    const second = await browser.newContext();
    contexts.push(second);
    const again = await second.newPage();
    await again.goto(link);
    await again.getByRole("button", { name: "Sign in" }).click();
    await again.getByText("This sign-in link has already been used").waitFor();
    await again.goto(`${server.url}${listPath()}`);
    expect(new URL(again.url()).pathname).toBe("/signin");

    // The session outlives a restart of the server.
    server = await servers.restart();
    await page.goto(`${server.url}${listPath()}`);
    expect(new URL(page.url()).pathname).toBe(listPath());
    await page.getByText("maintainer@example.com").first().waitFor({ timeout: 10_000 });
  });

  it("signs a person out", async () => {
    const page = await signIn("reporter@example.com", listPath());
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/signin");
    await page.goto(`${server.url}${listPath()}`);
    expect(new URL(page.url()).pathname).toBe("/signin");
  });

  // Last: it deletes the project the journey above works in.
  it("lets the Owner delete the project once its slug is typed, and then nothing knows it", async () => {
    const slug = seed.project.slug;
    const page = await signIn("owner@example.com", `/projects/${slug}/settings/general`);
    const deleteButton = page.getByRole("button", { name: "Delete project" });
    expect(await deleteButton.isDisabled()).toBe(true);
    await page.getByLabel(`Type ${slug} to confirm`).fill(slug);
    await deleteButton.click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    expect(await page.getByRole("link", { name: "Checkout" }).count()).toBe(0);

    const api = await fetch(`${server.url}/api/v4/projects/${seed.project.id}/error_tracking/errors`, { headers: { "private-token": seed.tokens.developer } });
    expect(api.status).toBe(404);
    const ingest = await fetch(`${server.url}/api/${seed.project.id}/store/?sentry_key=${seed.project.publicKey}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: "after the project was deleted" }),
    });
    expect(ingest.status).toBe(401);
  });
});
