import http from "node:http";
import type { AddressInfo } from "node:net";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { ensureProductionBuild } from "../support/production-build";
import { seedDatabase, type Seed } from "../support/seed";
import { startServer, type Entry, type RunningServer } from "../support/server-process";
import { createTestDatabase, DATABASE_KINDS, type TestDatabaseLocation } from "../support/test-database";

// @sentry/browser in a real Chromium, on a page served from another origin than Faultline:
// the SDK's CORS requests (preflight included) must be answered and the error stored.

const ENTRIES: Entry[] = ["npm start", "next start"];

async function bundleSentryBrowser(): Promise<string> {
  const result = await build({
    stdin: { contents: 'import * as Sentry from "@sentry/browser"; window.Sentry = Sentry;', resolveDir: process.cwd() },
    bundle: true,
    format: "iife",
    write: false,
    minify: true,
  });
  return result.outputFiles[0].text;
}

function servePage(sdkBundle: string, dsn: string, marker: string): Promise<http.Server> {
  const page = `<!doctype html><html><head><script src="/sentry.js"></script></head><body>
<script>
  Sentry.init({ dsn: ${JSON.stringify(dsn)}, release: "web@2.0.0", environment: "browser-test" });
  Sentry.setUser({ id: "visitor-1" });
  function submitOrderForm() { throw new Error(${JSON.stringify(`form broke ${marker}`)}); }
  setTimeout(submitOrderForm, 0);
</script></body></html>`;
  const server = http.createServer((req, res) => {
    if (req.url === "/sentry.js") {
      res.writeHead(200, { "content-type": "text/javascript" });
      res.end(sdkBundle);
    } else {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(page);
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe.each(ENTRIES.flatMap((entry) => DATABASE_KINDS.map((kind) => [entry, kind] as const)))(
  "@sentry/browser in Chromium through %s on %s",
  (entry, kind) => {
    let location: TestDatabaseLocation;
    let seed: Seed;
    let faultline: RunningServer;
    let browser: Browser;
    let sdkBundle: string;

    beforeAll(async () => {
      ensureProductionBuild();
      location = await createTestDatabase(kind, { keepOpen: false });
      seed = await seedDatabase(location);
      [faultline, browser, sdkBundle] = await Promise.all([
        startServer({ entry, databaseUrl: location.databaseUrl, dataDir: location.dataDir }),
        launchChromium(),
        bundleSentryBrowser(),
      ]);
    });
    afterAll(async () => {
      await browser?.close();
      await faultline?.stop();
      await location?.drop();
    });

    it("stores an uncaught error from a page on another origin", async () => {
      const marker = `b${Date.now()}`;
      const site = await servePage(sdkBundle, seed.dsnFor(faultline.url), marker);
      try {
        const page = await browser.newPage();
        // The SDK also sends session envelopes on page load; wait for the one carrying the event.
        const answered = page.waitForResponse(
          (r) =>
            r.url().startsWith(`${faultline.url}/api/`) &&
            r.request().method() === "POST" &&
            (r.request().postData() ?? "").includes('"type":"event"'),
        );
        await page.goto(`http://localhost:${(site.address() as AddressInfo).port}/`);
        expect((await answered).status()).toBe(200);

        const response = await fetch(
          `${faultline.url}/api/v4/projects/${seed.project.id}/error_tracking/errors?search=${marker}`,
          { headers: { "private-token": seed.tokens.reporter } },
        );
        const [error] = (await response.json()) as Array<{ id: number; title: string; culprit: string; platform: string; first_release: string }>;
        expect(error).toMatchObject({ title: `Error: form broke ${marker}`, platform: "javascript", first_release: "web@2.0.0" });
        expect(error.culprit).toMatch(/submitOrderForm/);
      } finally {
        site.close();
      }
    });
  },
);
