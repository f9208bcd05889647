import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { startOidcServer, type OidcServer } from "./oidc-server";
import { freePort, PROJECT_ROOT, startServer, type RunningServer } from "./server-process";

// What the end-to-end journeys share: signing in through the real OpenID Connect provider,
// one-time links from the real CLI, screenshots kept as artifacts, and capturing a server
// action's request so a test can replay it as someone else (a forged call).

export const ARTIFACTS_DIR = path.join(PROJECT_ROOT, "tests", "artifacts");
export const OIDC_BUTTON = "Sign in with Test OIDC";

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

export interface SignInServers {
  oidc: OidcServer;
  server: RunningServer;
  /** Stops the server and starts it again on the same port and data. */
  restart(): Promise<RunningServer>;
  close(): Promise<void>;
}

/** `npm start` on the data dir, with a real OpenID Connect provider on loopback as "Test OIDC". */
export async function startWithOidc(dataDir: string, env: Record<string, string> = {}): Promise<SignInServers> {
  const port = await freePort();
  const oidc = await startOidcServer({ redirectUri: `http://127.0.0.1:${port}/api/auth/callback/oidc` });
  const start = () =>
    startServer({
      entry: "npm start",
      dataDir,
      port,
      env: { AUTH_OIDC_ISSUER: oidc.issuer, AUTH_OIDC_ID: oidc.clientId, AUTH_OIDC_SECRET: oidc.clientSecret, AUTH_OIDC_NAME: "Test OIDC", ...env },
    });
  const servers: SignInServers = {
    oidc,
    server: await start(),
    async restart() {
      await servers.server.stop();
      servers.server = await start();
      return servers.server;
    },
    async close() {
      await servers.server.stop();
      await oidc.close();
    },
  };
  return servers;
}

/** A fresh browser context signed in as `email` through the OIDC provider's login form. */
export async function signInWithOidc(browser: Browser, server: RunningServer, email: string, startPath = "/"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}${startPath}`);
  await page.waitForURL(/\/signin/);
  await page.getByRole("button", { name: OIDC_BUTTON }).click();
  await page.locator("input[name=login]").fill(email);
  await page.locator("input[name=password]").fill("any password");
  await page.locator("button[type=submit]").click();
  await page.waitForURL((url) => url.toString().startsWith(server.url) && !url.pathname.startsWith("/signin") && !url.pathname.startsWith("/api/auth"));
  return { context, page };
}

/** `npm run cli -- login-link` against the running server's database. */
export async function createLoginLink(location: { dataDir?: string; databaseUrl?: string }, publicUrl: string, email: string): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, FAULTLINE_URL: publicUrl };
  delete env.DATABASE_URL;
  delete env.FAULTLINE_DATA_DIR;
  if (location.dataDir) env.FAULTLINE_DATA_DIR = location.dataDir;
  if (location.databaseUrl) env.DATABASE_URL = location.databaseUrl;
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "cli/main.ts", "login-link", "--email", email, "--json"], { cwd: PROJECT_ROOT, env });
  return (JSON.parse(stdout) as { url: string }).url;
}

export interface CapturedAction {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Records the next server action the page posts (Next sends them with a `Next-Action` header). */
export function captureNextServerAction(page: Page): Promise<CapturedAction> {
  return new Promise((resolve) => {
    const onRequest = (request: Request) => {
      const headers = request.headers();
      if (request.method() !== "POST" || !headers["next-action"]) return;
      page.off("request", onRequest);
      const { cookie: _cookie, ...rest } = headers;
      resolve({ url: request.url(), headers: rest, body: request.postData() ?? "" });
    };
    page.on("request", onRequest);
  });
}

/** Posts a captured server action from another user's browser context. */
export async function replayServerAction(context: BrowserContext, action: CapturedAction): Promise<{ status: number; body: string }> {
  const response = await context.request.post(action.url, { headers: action.headers, data: action.body });
  return { status: response.status(), body: await response.text() };
}
