import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateAccessToken } from "@/lib/auth/access-tokens";
import { consumeSignInLink } from "@/lib/auth/sign-in-links";
import { closeDb, openDatabase, installDatabase } from "@/lib/db/client";
import { createTestDatabase, DATABASE_KINDS, type TestDatabaseLocation } from "@/tests/support/test-database";

const run = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;

interface CliAnswer {
  code: number;
  stdout: string;
  stderr: string;
}

describe.each(DATABASE_KINDS)("the administration CLI on %s", (kind) => {
  let location: TestDatabaseLocation;

  async function cli(...args: string[]): Promise<CliAnswer> {
    const env: NodeJS.ProcessEnv = { ...process.env, FAULTLINE_URL: "https://errors.example.com/faultline" };
    delete env.DATABASE_URL;
    delete env.FAULTLINE_DATA_DIR;
    if (location.databaseUrl) env.DATABASE_URL = location.databaseUrl;
    if (location.dataDir) env.FAULTLINE_DATA_DIR = location.dataDir;
    try {
      const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "cli/main.ts", ...args], { cwd: ROOT, env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  /** With --json, stdout is exactly one JSON object. */
  async function cliJson(...args: string[]): Promise<{ code: number; body: Record<string, unknown> }> {
    const answer = await cli(...args, "--json");
    expect(answer.stdout.trim().split("\n")).toHaveLength(1);
    const body = JSON.parse(answer.stdout) as Record<string, unknown>;
    expect(typeof body === "object" && body !== null && !Array.isArray(body)).toBe(true);
    return { code: answer.code, body };
  }

  beforeAll(async () => {
    location = await createTestDatabase(kind, { keepOpen: false });
  });

  afterAll(async () => {
    await location.drop();
  });

  it("sets up a project, a member and their token and sign-in link", async () => {
    const project = await cliJson("project", "create", "--name", "Web Shop");
    expect(project).toEqual({
      code: 0,
      body: { id: expect.any(Number), slug: "web-shop", name: "Web Shop", dsn: expect.any(String) },
    });
    expect(project.body.dsn).toBe(
      `https://${/^https:\/\/([0-9a-f]{32})@/.exec(String(project.body.dsn))?.[1]}@errors.example.com/faultline/${project.body.id}`,
    );

    const user = await cliJson("user", "create", "--email", "Ann@Example.com", "--name", "Ann");
    expect(user).toEqual({ code: 0, body: { id: expect.any(Number), email: "ann@example.com" } });

    const member = await cliJson("member", "add", "--project", "web-shop", "--email", "ann@example.com", "--role", "developer");
    expect(member).toEqual({ code: 0, body: { project: "web-shop", email: "ann@example.com", role: "developer" } });

    const token = await cliJson("token", "create", "--email", "ann@example.com", "--name", "laptop");
    expect(token).toEqual({ code: 0, body: { token: expect.stringMatching(/^flt_/) } });

    const link = await cliJson("login-link", "--email", "ann@example.com");
    expect(link).toEqual({ code: 0, body: { url: expect.stringMatching(/^https:\/\/errors\.example\.com\/faultline\/signin\/link\?token=/) } });

    // The CLI has exited, so this process may open the database (a PGlite data dir admits one).
    installDatabase(await openDatabase({ databaseUrl: location.databaseUrl, dataDir: location.dataDir, serveSocket: false }));
    try {
      expect(await authenticateAccessToken(String(token.body.token))).toMatchObject({ ok: true, value: { user: { email: "ann@example.com" } } });
      const signIn = await consumeSignInLink(new URL(String(link.body.url)).searchParams.get("token")!);
      expect(signIn).toMatchObject({ ok: true, value: { email: "ann@example.com" } });
    } finally {
      await closeDb();
    }
  });

  it("changes a member's role when they are added again, and makes administrators with --admin", async () => {
    expect((await cliJson("member", "add", "--project", "web-shop", "--email", "ann@example.com", "--role", "maintainer")).body).toMatchObject({
      role: "maintainer",
    });
    expect(await cliJson("user", "create", "--email", "root@example.com", "--admin")).toMatchObject({ code: 0 });
  });

  it("keeps the project's only Owner an Owner, as the members page does", async () => {
    expect((await cliJson("member", "add", "--project", "web-shop", "--email", "ann@example.com", "--role", "owner")).body).toMatchObject({
      role: "owner",
    });
    const refused = await cli("member", "add", "--project", "web-shop", "--email", "ann@example.com", "--role", "developer");
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("only Owner");
    expect((await cliJson("member", "add", "--project", "web-shop", "--email", "ann@example.com", "--role", "owner")).body).toMatchObject({
      role: "owner",
    });
  });

  it.each([
    [["project", "create", "--name", "Again", "--slug", "web-shop"], 'A project with slug "web-shop" already exists'],
    [["project", "create"], "--name is required"],
    [["project", "create", "--name", "X", "--slug", "Not A Slug"], "Slug may contain"],
    [["user", "create", "--email", "ann@example.com"], "already exists"],
    [["user", "create", "--email", "not-an-email"], "--email"],
    [["member", "add", "--project", "web-shop", "--email", "ann@example.com", "--role", "boss"], "--role"],
    [["member", "add", "--project", "nowhere", "--email", "ann@example.com", "--role", "guest"], 'No project with slug "nowhere"'],
    [["token", "create", "--email", "nobody@example.com"], "No user with email nobody@example.com"],
    [["login-link", "--email", "nobody@example.com"], "No user with email"],
    [["project", "create", "--name", "X", "--colour", "red"], "Unknown option"],
    [["project", "explode"], "Unknown command"],
  ])("refuses %j with exit code 1 and one JSON error", async (args, message) => {
    const answer = await cliJson(...args);
    expect(answer.code).toBe(1);
    expect(Object.keys(answer.body)).toEqual(["error"]);
    expect(answer.body.error).toContain(message);
  });

  it("speaks plain text without --json", async () => {
    const created = await cli("project", "create", "--name", "Web Shop");
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Created project "Web Shop" \(id \d+, slug web-shop-2\)\.\nDSN: https:\/\//);
    const failed = await cli("login-link", "--email", "nobody@example.com");
    expect(failed).toMatchObject({ code: 1, stdout: "" });
    expect(failed.stderr).toContain("No user with email nobody@example.com");
  });

  it("runs the migrations, finding nothing left to apply", async () => {
    expect(await cliJson("db", "migrate")).toMatchObject({ code: 0, body: { applied: [] } });
  });
});
