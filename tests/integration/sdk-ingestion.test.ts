import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEY_CACHE_TTL_MS } from "@/lib/hosting/node-ingest-runtime";
import { ensureProductionBuild } from "../support/production-build";
import { seedDatabase, type Seed } from "../support/seed";
import { createSentryNodeClient } from "../support/sentry-node-client";
import { connectSql } from "../support/sql-client";
import { startServer, type Entry, type RunningServer } from "../support/server-process";
import { createTestDatabase, DATABASE_KINDS, type TestDatabaseLocation } from "../support/test-database";

// Real @sentry/node clients send to a real Faultline process; everything is read back through
// the REST API. The same journeys run through both entries and on both databases.

const ENTRIES: Entry[] = ["npm start", "next start"];
const FIXTURES = new URL("../../../shared/fixtures/sentry-events/", import.meta.url);
const cases = ENTRIES.flatMap((entry) => DATABASE_KINDS.map((kind) => [entry, kind] as const));

interface ApiError {
  id: number;
  title: string;
  culprit: string;
  status: string;
  events_count: number;
  users_count: number;
  first_release: string | null;
  last_release: string | null;
  platform: string;
}

function checkoutFailure(marker: string): Error {
  function chargeCard(): never {
    throw new TypeError(`card declined ${marker}`);
  }
  try {
    chargeCard();
  } catch (error) {
    return error as Error;
  }
}

function stockFailure(marker: string, kind: "type" | "range"): Error {
  function reserveStock(): never {
    throw new TypeError(`stock reserved twice ${marker}`);
  }
  function countStock(): never {
    throw new RangeError(`stock below zero ${marker}`);
  }
  try {
    if (kind === "type") reserveStock();
    else countStock();
  } catch (error) {
    return error as Error;
  }
}

/** Errors thrown from one place group together by their stack; a fingerprint keeps tests apart. */
const isolate = (marker: string) => (scope: { setFingerprint(f: string[]): unknown }) =>
  scope.setFingerprint(["{{ default }}", marker]);

describe.each(cases)("errors sent by real SDKs through %s on %s", (entry, kind) => {
  let location: TestDatabaseLocation;
  let seed: Seed;
  let server: RunningServer;

  const api = async (path: string, init: RequestInit = {}, role: keyof Seed["tokens"] = "developer") => {
    const response = await fetch(`${server.url}/api/v4/projects/${seed.project.id}/error_tracking${path}`, {
      ...init,
      headers: { "private-token": seed.tokens[role], "content-type": "application/json", ...init.headers },
    });
    return { status: response.status, body: await response.json() };
  };
  const listErrors = async (query = "status=unresolved&per_page=100") =>
    (await api(`/errors?${query}`)).body as ApiError[];
  const findByMarker = async (marker: string, status = "unresolved") =>
    (await listErrors(`status=${status}&per_page=100&search=${encodeURIComponent(marker)}`)).filter((e) =>
      e.title.includes(marker),
    );

  beforeAll(async () => {
    ensureProductionBuild();
    location = await createTestDatabase(kind, { keepOpen: false });
    seed = await seedDatabase(location);
    server = await startServer({ entry, databaseUrl: location.databaseUrl, dataDir: location.dataDir });
  });
  afterAll(async () => {
    await server?.stop();
    await location?.drop();
  });

  it("stores an exception with its title, culprit, stack frames, release, environment, user and tags", async () => {
    const marker = `m${Date.now()}`;
    const sdk = createSentryNodeClient(seed.dsnFor(server.url), { release: "checkout@1.4.2", environment: "production" });
    sdk.capture(checkoutFailure(marker), (scope) => {
      isolate(marker)(scope);
      scope.setUser({ id: "customer-7", email: "c7@example.com" });
      scope.setTag("payment_provider", "acme");
    });
    await sdk.flush();

    const [error] = await findByMarker(marker);
    expect(error).toMatchObject({
      title: `TypeError: card declined ${marker}`,
      events_count: 1,
      users_count: 1,
      first_release: "checkout@1.4.2",
      platform: "node",
    });
    expect(error.culprit).toMatch(/chargeCard/);

    const details = await api(`/errors/${error.id}`);
    expect(details.status).toBe(200);
    const frames = details.body.stack_trace.flatMap((e: { frames: Array<{ function: string }> }) => e.frames);
    expect(frames.map((f: { function: string }) => f.function)).toContain("chargeCard");
    expect(details.body.latest_event).toMatchObject({
      release: "checkout@1.4.2",
      environment: "production",
      user: { id: "customer-7" },
    });
    expect(JSON.stringify(details.body.tags)).toContain("acme");
  });

  it("groups the same error twice into one error with two events, and a different error into a second", async () => {
    const marker = `g${Date.now()}`;
    const sdk = createSentryNodeClient(seed.dsnFor(server.url));
    for (let i = 0; i < 2; i++) sdk.capture(stockFailure(marker, "type"));
    sdk.capture(stockFailure(marker, "range"));
    await sdk.flush();

    const errors = await findByMarker(marker);
    expect(errors.map((e) => [e.title.split(":")[0], e.events_count]).sort()).toEqual([
      ["RangeError", 1],
      ["TypeError", 2],
    ]);
  });

  it("stores a large event that the SDK gzips", async () => {
    const marker = `z${Date.now()}`;
    const sdk = createSentryNodeClient(seed.dsnFor(server.url));
    sdk.capture(checkoutFailure(marker), (scope) => {
      isolate(marker)(scope);
      scope.setExtra("cart", "x".repeat(60_000));
    });
    await sdk.flush();
    const [error] = await findByMarker(marker);
    expect(error?.events_count).toBe(1);
    const details = await api(`/errors/${error.id}`);
    expect(details.body.latest_event.extra.cart).toHaveLength(60_000);
  });

  it("reopens a resolved error on a new event, and keeps an ignored one ignored", async () => {
    const resolvedMarker = `r${Date.now()}`;
    const ignoredMarker = `i${Date.now()}`;
    const sdk = createSentryNodeClient(seed.dsnFor(server.url));
    sdk.capture(checkoutFailure(resolvedMarker), isolate(resolvedMarker));
    sdk.capture(checkoutFailure(ignoredMarker), isolate(ignoredMarker));
    await sdk.flush();
    const [resolved] = await findByMarker(resolvedMarker);
    const [ignored] = await findByMarker(ignoredMarker);
    expect((await api(`/errors/${resolved.id}`, { method: "PUT", body: JSON.stringify({ status: "resolved" }) })).status).toBe(200);
    expect((await api(`/errors/${ignored.id}`, { method: "PUT", body: JSON.stringify({ status: "ignored" }) })).status).toBe(200);
    expect(await findByMarker(resolvedMarker)).toHaveLength(0);

    sdk.capture(checkoutFailure(resolvedMarker), isolate(resolvedMarker));
    sdk.capture(checkoutFailure(ignoredMarker), isolate(ignoredMarker));
    await sdk.flush();

    const [reopened] = await findByMarker(resolvedMarker);
    expect(reopened).toMatchObject({ id: resolved.id, status: "unresolved", events_count: 2 });
    const [stillIgnored] = await findByMarker(ignoredMarker, "ignored");
    expect(stillIgnored).toMatchObject({ id: ignored.id, status: "ignored", events_count: 2 });
  });

  describe("refusals", () => {
    const envelope = () => readFileSync(new URL("node.envelope", FIXTURES));
    const post = (path: string, key: string) =>
      fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { "x-sentry-auth": `Sentry sentry_version=7, sentry_key=${key}`, "content-type": "application/x-sentry-envelope" },
        body: envelope(),
      });

    it("refuses a wrong key with 401", async () => {
      const response = await post(`/api/${seed.project.id}/envelope/`, "f".repeat(32));
      expect(response.status).toBe(401);
      expect((await response.json()).detail).toMatch(/unknown public key/);
    });

    it("refuses another project's key with 403", async () => {
      expect((await post(`/api/${seed.project.id}/envelope/`, seed.otherProject.publicKey)).status).toBe(403);
    });

    it("answers without a redirect with and without the trailing slash, and answers CORS preflights", async () => {
      const withoutSlash = await fetch(`${server.url}/api/${seed.project.id}/envelope`, {
        method: "POST",
        redirect: "manual",
        headers: { "x-sentry-auth": `Sentry sentry_key=${seed.project.publicKey}` },
        body: envelope(),
      });
      expect(withoutSlash.status).toBe(200);
      const preflight = await fetch(`${server.url}/api/${seed.project.id}/store/`, {
        method: "OPTIONS",
        headers: { origin: "http://elsewhere.test", "access-control-request-method": "POST", "access-control-request-headers": "x-sentry-auth,content-type" },
      });
      expect(preflight.status).toBe(200);
      expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
      expect(preflight.headers.get("access-control-allow-headers")).toMatch(/x-sentry-auth/);
    });

    it("refuses a key at once after it is revoked through the REST API", async () => {
      const keys = `${server.url}/api/v4/projects/${seed.project.id}/error_tracking/client_keys`;
      const headers = { "private-token": seed.tokens.maintainer };
      const created = (await (await fetch(keys, { method: "POST", headers })).json()) as { id: number; public_key: string };
      expect((await post(`/api/${seed.project.id}/envelope/`, created.public_key)).status).toBe(200);
      expect((await fetch(`${keys}/${created.id}`, { method: "DELETE", headers })).status).toBe(200);
      const refused = await post(`/api/${seed.project.id}/envelope/`, created.public_key);
      expect(refused.status).toBe(403);
      expect((await refused.json()).detail).toMatch(/revoked/);
    });

    it("refuses a revoked key with 403 and inactive tracking with 403", async () => {
      const sql = await connectSql(location);
      try {
        await sql.query("UPDATE error_tracking_settings SET active = false WHERE project_id = $1", [seed.otherProject.id]);
        await sql.query("UPDATE client_keys SET revoked_at = now() WHERE id = $1", [seed.project.keyId]);
      } finally {
        await sql.end();
      }
      await new Promise((r) => setTimeout(r, KEY_CACHE_TTL_MS + 100));
      const revoked = await post(`/api/${seed.project.id}/envelope/`, seed.project.publicKey);
      expect(revoked.status).toBe(403);
      expect((await revoked.json()).detail).toMatch(/revoked/);
      const inactive = await post(`/api/${seed.otherProject.id}/envelope/`, seed.otherProject.publicKey);
      expect(inactive.status).toBe(403);
      expect((await inactive.json()).detail).toMatch(/disabled/);
    });
  });
});
