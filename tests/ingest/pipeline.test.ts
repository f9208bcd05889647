import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installDatabase } from "@/lib/db/client";
import { revokeClientKey } from "@/lib/db/client-keys";
import { setErrorStatus } from "@/lib/db/errors";
import { prepareEvent, writePreparedEvents, type PreparedEvent } from "@/lib/db/events";
import { findClientKeyGrant } from "@/lib/db/ingest-keys";
import { createProject, deleteProject } from "@/lib/db/projects";
import { decompressWithZlib } from "@/lib/hosting/node-decompress";
import { createRateLimiter } from "@/lib/ingest/rate-limiter";
import { ingest } from "@/lib/ingest/pipeline";
import type { IngestRuntime } from "@/lib/ingest/runtime";
import { createBatchingSink } from "@/lib/ingest/store-event";
import { DEFAULT_LIMITS, type IngestRequest } from "@/lib/ingest/types";
import { envelopeOf, errorEvent } from "../support/envelopes";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../support/test-database";

const FIXTURES = new URL("../../../shared/fixtures/sentry-events/", import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));

const envelopeWith = (event: { event_id: string }) => new TextEncoder().encode(envelopeOf(event));

describe.each(DATABASE_KINDS)("ingestion pipeline on %s", (kind) => {
  let db: TestDatabase;
  let runtime: IngestRuntime;
  let project: { id: number; key: string; keyId: number };
  let otherProject: { id: number; key: string };

  beforeAll(async () => {
    db = await createTestDatabase(kind, { memory: true });
    installDatabase(db);
    runtime = {
      keys: { findKey: (publicKey) => findClientKeyGrant(db.prisma, publicKey) },
      sink: createBatchingSink<PreparedEvent>((batch) => writePreparedEvents(db, batch), { prepare: (event) => prepareEvent(event, kind), maxBatch: 100, concurrency: 2 }),
      rateLimiter: createRateLimiter(),
      decompress: decompressWithZlib,
      limits: DEFAULT_LIMITS,
      now: () => new Date(),
      logFailure: () => {},
    };
    const created = await createProject({ name: "Shop" });
    const other = await createProject({ name: "Other" });
    if (!created.ok || !other.ok) throw new Error("could not create projects");
    project = { id: created.value.id, key: created.value.clientKey.publicKey, keyId: created.value.clientKey.id };
    otherProject = { id: other.value.id, key: other.value.clientKey.publicKey };
  });
  afterAll(async () => db?.drop());

  const send = (body: Uint8Array, options: Partial<IngestRequest> & { key?: string } = {}) =>
    ingest(
      {
        method: "POST",
        projectId: String(project.id),
        endpoint: "envelope",
        query: new URLSearchParams(),
        headers: { "x-sentry-auth": `Sentry sentry_version=7, sentry_key=${options.key ?? project.key}` },
        body,
        ...options,
      },
      runtime,
    );

  const errorsOf = (projectId: number) =>
    db.prisma.trackedError.findMany({ where: { projectId }, orderBy: { id: "asc" } });

  it("groups the same error twice into one error with two events, and a different error apart", async () => {
    const first = await send(envelopeWith(errorEvent("OrderError", { user: { id: "u1" }, release: "1.0.0" })));
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body).id).toMatch(/^[0-9a-f]{32}$/);
    await send(envelopeWith(errorEvent("OrderError", { user: { id: "u2" }, release: "1.1.0" })));
    await send(envelopeWith(errorEvent("PaymentError", { user: { id: "u1" } })));

    const errors = await errorsOf(project.id);
    expect(errors.map((e) => [e.title, Number(e.eventsCount), e.usersCount])).toEqual([
      ["OrderError: something broke", 2, 2],
      ["PaymentError: something broke", 1, 1],
    ]);
    expect(errors[0]).toMatchObject({ culprit: expect.stringContaining("placeOrder"), firstRelease: "1.0.0", lastRelease: "1.1.0" });
    expect(await db.prisma.errorEvent.count({ where: { errorId: errors[0].id } })).toBe(2);
  });

  it("counts users by any key, however long", async () => {
    const huge = { id: "u".repeat(20_000) };
    await send(envelopeWith(errorEvent("LongUserError", { user: huge })));
    await send(envelopeWith(errorEvent("LongUserError", { user: huge })));
    await send(envelopeWith(errorEvent("LongUserError", { user: { email: "ann@example.com" } })));
    const error = (await errorsOf(project.id)).find((e) => e.title.startsWith("LongUserError"))!;
    expect(error.usersCount).toBe(2);
  });

  it("counts an event sent twice with the same id once", async () => {
    const event = errorEvent("RetriedError");
    expect((await send(envelopeWith(event))).status).toBe(200);
    expect((await send(envelopeWith(event))).status).toBe(200);
    const error = (await errorsOf(project.id)).find((e) => e.title.startsWith("RetriedError"))!;
    expect(Number(error.eventsCount)).toBe(1);
  });

  it("a new event reopens a resolved error and records the regression; an ignored error stays ignored", async () => {
    await send(envelopeWith(errorEvent("FlakyError")));
    await send(envelopeWith(errorEvent("NoisyError")));
    const errors = await errorsOf(project.id);
    const flaky = errors.find((e) => e.title.startsWith("FlakyError"))!;
    const noisy = errors.find((e) => e.title.startsWith("NoisyError"))!;
    await setErrorStatus(project.id, flaky.id, "resolved");
    await setErrorStatus(project.id, noisy.id, "ignored");

    await send(envelopeWith(errorEvent("FlakyError", { release: "2.0.0" })));
    await send(envelopeWith(errorEvent("NoisyError")));

    const after = await errorsOf(project.id);
    expect(after.find((e) => e.id === flaky.id)).toMatchObject({ status: "unresolved", resolvedAt: null });
    expect(after.find((e) => e.id === noisy.id)).toMatchObject({ status: "ignored" });
    const regressions = await db.prisma.regression.findMany({ where: { errorId: flaky.id } });
    expect(regressions).toHaveLength(1);
    expect(regressions[0].release).toBe("2.0.0");
    expect(await db.prisma.regression.count({ where: { errorId: noisy.id } })).toBe(0);
  });

  it("stores a gzipped store body sent by the Python SDK", async () => {
    const response = await send(gzipSync(fixture("python.store.json")), {
      endpoint: "store",
      headers: {
        "x-sentry-auth": `Sentry sentry_version=7, sentry_key=${project.key}`,
        "content-encoding": "gzip",
      },
    });
    expect(response.status).toBe(200);
    const stored = await db.prisma.errorEvent.findFirst({ where: { eventId: toUuid(JSON.parse(response.body).id) } });
    expect(stored).not.toBeNull();
  });

  it("keeps the good events of an envelope whose other event item is broken", async () => {
    const good = errorEvent("SurvivorError");
    const body = new TextEncoder().encode(`{}\n{"type":"event"}\n{"broken": \n{"type":"event"}\n${JSON.stringify(good)}\n`);
    const response = await send(body);
    expect(response.status).toBe(200);
    expect((await errorsOf(project.id)).some((e) => e.title.startsWith("SurvivorError"))).toBe(true);
  });

  it("stores events whose text has NUL characters or broken surrogates, and whose timestamp is absurd", async () => {
    const odd = errorEvent("Odd\u0000Error", {
      release: "1.0\u0000-beta",
      environment: "prod\ud800",
      timestamp: -250_000_000_000,
      message: "lone \udc00 surrogate",
    });
    const response = await send(envelopeWith(odd));
    expect(response.status).toBe(200);
    const stored = await db.prisma.trackedError.findFirst({ where: { projectId: project.id, title: { startsWith: "Odd" } } });
    expect(stored).toMatchObject({ title: expect.stringMatching(/^Odd\uFFFDError/), firstRelease: "1.0\uFFFD-beta" });
    expect(Math.abs(stored!.firstSeenAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("refuses with 400 an event nested too deep to store, keeping the envelope's other events", async () => {
    let nested: unknown = "leaf";
    for (let i = 0; i < 1_000; i++) nested = { n: nested };
    const deep = await send(envelopeWith(errorEvent("DeepError", { extra: { nested } })));
    expect(deep.status).toBe(400);
    expect(JSON.parse(deep.body).detail).toMatch(/deeper than 256 levels/);
    const fine = errorEvent("ShallowError");
    const mixed = new TextEncoder().encode(
      `{}\n{"type":"event"}\n${JSON.stringify(errorEvent("DeepError", { extra: { nested } }))}\n{"type":"event"}\n${JSON.stringify(fine)}\n`,
    );
    expect((await send(mixed)).status).toBe(200);
    expect((await errorsOf(project.id)).some((e) => e.title.startsWith("ShallowError"))).toBe(true);
  });

  it("accepts envelopes with only sessions and attachments without storing anything", async () => {
    const before = await db.prisma.errorEvent.count();
    const response = await send(fixture("node.session.envelope"));
    expect(response.status).toBe(200);
    expect(await db.prisma.errorEvent.count()).toBe(before);
  });

  it("refuses a missing or unknown key with 401", async () => {
    const missing = await send(envelopeWith(errorEvent("X")), { headers: {} });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body).detail).toMatch(/sentry_key/);
    expect((await send(envelopeWith(errorEvent("X")), { key: "0".repeat(32) })).status).toBe(401);
  });

  it("refuses another project's key with 403", async () => {
    const response = await send(envelopeWith(errorEvent("X")), { key: otherProject.key });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body).detail).toMatch(/another project/);
  });

  it("refuses with 401 the events of a project deleted while its key was still cached, and stores the others of their batch", async () => {
    const created = await createProject({ name: "Doomed" });
    if (!created.ok) throw new Error("could not create the project");
    const doomed = { id: created.value.id, key: created.value.clientKey.publicKey };
    const cachedGrant = await findClientKeyGrant(db.prisma, doomed.key);
    expect(await deleteProject(doomed.id)).toBe(true);
    // Another process's key cache keeps a key for up to a second after its project is deleted.
    const cachingRuntime: IngestRuntime = {
      ...runtime,
      keys: { findKey: (publicKey) => (publicKey === doomed.key ? Promise.resolve(cachedGrant) : runtime.keys.findKey(publicKey)) },
    };
    const sendTo = (target: { id: number; key: string }, name: string) =>
      ingest(
        {
          method: "POST",
          projectId: String(target.id),
          endpoint: "envelope",
          query: new URLSearchParams(),
          headers: { "x-sentry-auth": `Sentry sentry_version=7, sentry_key=${target.key}` },
          body: envelopeWith(errorEvent(name)),
        },
        cachingRuntime,
      );

    const [gone, kept] = await Promise.all([sendTo(doomed, "GoneError"), sendTo(project, "KeptError")]);
    expect(gone.status).toBe(401);
    expect(JSON.parse(gone.body).detail).toBe("unknown public key");
    expect(kept.status).toBe(200);
    expect((await errorsOf(project.id)).some((e) => e.title.startsWith("KeptError"))).toBe(true);
    expect(await db.prisma.trackedError.count({ where: { projectId: doomed.id } })).toBe(0);
  });

  it("takes the key from the envelope header's dsn", async () => {
    const event = errorEvent("DsnKeyError");
    const body = new TextEncoder().encode(
      `${JSON.stringify({ dsn: `http://${project.key}@localhost/${project.id}` })}\n{"type":"event"}\n${JSON.stringify(event)}\n`,
    );
    expect((await send(body, { headers: {} })).status).toBe(200);
  });

  it("answers 400 with a detail for a body that is not an envelope, and 413 for an oversized event", async () => {
    const garbage = await send(new TextEncoder().encode("not json at all"));
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.body).detail).toBeTruthy();
    const huge = await send(envelopeWith(errorEvent("Huge", { extra: { blob: "x".repeat(1_100_000) } })));
    expect(huge.status).toBe(413);
  });

  it("answers 429 with Retry-After and X-Sentry-Rate-Limits past the project's rate limit", async () => {
    await db.prisma.errorTrackingSettings.update({ where: { projectId: otherProject.id }, data: { rateLimitPerMinute: 2 } });
    const sendOther = () =>
      send(envelopeWith(errorEvent("Limited")), { projectId: String(otherProject.id), key: otherProject.key });
    expect((await sendOther()).status).toBe(200);
    expect((await sendOther()).status).toBe(200);
    const limited = await sendOther();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(limited.headers["x-sentry-rate-limits"]).toMatch(/^\d+::/);
  });

  it("refuses a revoked key with 403 and inactive tracking with 403", async () => {
    await db.prisma.errorTrackingSettings.update({ where: { projectId: otherProject.id }, data: { active: false, rateLimitPerMinute: null } });
    const inactive = await send(envelopeWith(errorEvent("X")), { projectId: String(otherProject.id), key: otherProject.key });
    expect(inactive.status).toBe(403);
    expect(JSON.parse(inactive.body).detail).toMatch(/disabled/);

    await revokeClientKey(project.id, project.keyId);
    const revoked = await send(envelopeWith(errorEvent("X")));
    expect(revoked.status).toBe(403);
    expect(JSON.parse(revoked.body).detail).toMatch(/revoked/);
  });

  it("answers a CORS preflight and refuses GET", async () => {
    const preflight = await send(new Uint8Array(), { method: "OPTIONS" });
    expect(preflight.status).toBe(200);
    expect(preflight.headers["access-control-allow-headers"]).toMatch(/x-sentry-auth/);
    expect((await send(new Uint8Array(), { method: "GET" })).status).toBe(405);
  });
});

function toUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
