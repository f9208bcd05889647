import { describe, expect, it } from "vitest";
import { normalizeEvent } from "@/lib/ingest/normalize-event";
import type { NormalizedEvent } from "@/lib/ingest/types";
import { expectedEventsOf, fixtureMeta, fixtureNames, parseFixture, readFixture } from "./sentry-fixtures";

const RECEIVED_AT = new Date("2026-11-26T12:00:00Z");

/** Where the title legitimately differs from the corpus's raw message: params filled in. */
const FORMATTED_MESSAGES: Record<string, string> = {
  "glitchtip-python-logging.json": "This is a warning: warning",
};

const EXPECTED_LEVEL = (level: string | number | null) =>
  level === null ? "error" : typeof level === "number" ? ({ 10: "debug", 20: "info", 30: "warning", 40: "error", 50: "fatal" } as Record<number, string>)[level] : level;

const firstLine = (text: string) => text.split("\n").find((line) => line.trim() !== "")!.trim();

async function normalizeFixture(name: string): Promise<NormalizedEvent[]> {
  const parsed = await parseFixture(name);
  if (!parsed.ok) throw new Error(`${name} was refused: ${JSON.stringify(parsed.error)}`);
  return parsed.value.events.map((raw) => {
    const normalized = normalizeEvent(raw, RECEIVED_AT);
    if (!normalized.ok) throw new Error(`${name}: ${JSON.stringify(normalized.error)}`);
    return normalized.value;
  });
}

describe("every payload of the corpus is read as its SDK meant it", () => {
  it("the corpus is all there", () => {
    expect(fixtureNames).toHaveLength(76);
  });

  it.each(fixtureNames)("%s: events, top exception or message, title, level and grouping key", async (name) => {
    const expected = expectedEventsOf(name);
    const events = await normalizeFixture(name);
    expect(events).toHaveLength(expected.length);

    events.forEach((event, index) => {
      const meta = expected[index];
      expect(event.exceptions.map((exception) => [exception.type, exception.value])).toEqual(
        meta.exception_chain.map((exception) => [exception.type ?? "", exception.value ?? ""]),
      );
      const top = meta.top_exception;
      if (top) {
        expect(event.exceptions.at(-1)).toMatchObject({ type: top.type ?? "", value: top.value ?? "" });
        const value = top.value ? firstLine(top.value) : "";
        const title = top.type && value ? `${top.type}: ${value}` : (top.type ?? value);
        expect(title.startsWith(event.title.replace(/…$/, ""))).toBe(true);
      } else if (meta.message) {
        const message = FORMATTED_MESSAGES[name] ?? meta.message;
        expect(message.startsWith(event.title.replace(/…$/, ""))).toBe(true);
      } else {
        expect(event.title).toBe("<unlabeled event>");
      }
      expect(event.title.length).toBeLessThanOrEqual(200);
      expect(event.level).toBe(EXPECTED_LEVEL(meta.level));
      expect(event.platform).toBe(meta.platform ?? "other");
      expect(event.eventId).toMatch(/^[0-9a-f]{32}$/);
      expect(event.groupingKey).toMatch(/^(fingerprint|stack|exception|message|title):./);
      if (meta.timestamp === null) expect(event.occurredAt).toEqual(RECEIVED_AT);
      else if (typeof meta.timestamp === "number") expect(event.occurredAt.getTime()).toBe(Math.round(meta.timestamp * 1000));
      else expect(event.occurredAt.getUTCFullYear()).toBeGreaterThan(1900);
    });
  });
});

describe("normalising an event", () => {
  const normalize = (raw: unknown) => {
    const result = normalizeEvent(raw, RECEIVED_AT);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value;
  };

  it.each([null, 42, "event", [], [{ exception: {} }], true])("a payload that is not an object (%j) is refused as malformed", (raw) => {
    expect(normalizeEvent(raw, RECEIVED_AT)).toEqual({
      ok: false,
      error: { kind: "malformed", detail: "the event is not a JSON object" },
    });
  });

  it.each([
    ["ISO with microseconds", "2026-11-24T20:36:15.904539Z", "2026-11-24T20:36:15.904Z"],
    ["ISO with nanoseconds", "2020-04-25T19:36:56.584908333Z", "2020-04-25T19:36:56.584Z"],
    ["ISO with seven digits and +00:00", "2020-05-12T22:30:36.0021839+00:00", "2020-05-12T22:30:36.002Z"],
    ["ISO with a -02:00 offset", "2009-11-10T21:00:00-02:00", "2009-11-10T23:00:00.000Z"],
    ["ISO without a zone, read as UTC", "2021-09-28T18:57:46", "2021-09-28T18:57:46.000Z"],
    ["float epoch seconds", 1595256674.296, "2020-07-20T14:51:14.296Z"],
    ["integer epoch seconds", 1597790835, "2020-08-18T22:47:15.000Z"],
    ["epoch seconds as a string", "1597790835", "2020-08-18T22:47:15.000Z"],
    ["missing: the receipt time", undefined, RECEIVED_AT.toISOString()],
    ["garbage: the receipt time", "yesterday-ish", RECEIVED_AT.toISOString()],
    ["an impossible date: the receipt time", "2020-13-45T99:00:00Z", RECEIVED_AT.toISOString()],
    ["an object: the receipt time", { seconds: 1 }, RECEIVED_AT.toISOString()],
  ])("the time it happened is read from %s", (_case, timestamp, iso) => {
    expect(normalize({ timestamp }).occurredAt.toISOString()).toBe(iso);
  });

  it.each([
    [10, "debug"],
    [20, "info"],
    [30, "warning"],
    [40, "error"],
    [50, "fatal"],
    [35, "error"],
    ["WARNING", "warning"],
    ["warn", "warning"],
    ["critical", "fatal"],
    ["log", "info"],
    ["nonsense", "error"],
    [null, "error"],
  ])("urgency %j is shown as %s", (level, expected) => {
    expect(normalize({ level }).level).toBe(expected);
  });

  it.each([
    ["an id without dashes is kept", "1DA51A5D944C40DB84A3DB8055D5E093", "1da51a5d944c40db84a3db8055d5e093"],
    ["dashes are removed", "087be0b0-f5de-424f-62fc-21adbf8d8dcf", "087be0b0f5de424f62fc21adbf8d8dcf"],
  ])("event id: %s", (_case, eventId, expected) => {
    expect(normalize({ event_id: eventId }).eventId).toBe(expected);
  });

  it("an event without a usable id gets a fresh one, or the envelope's", () => {
    const first = normalize({ event_id: "0123456789abcdef" }).eventId;
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(normalize({}).eventId).not.toBe(first);
    const withHeaderId = normalizeEvent({}, RECEIVED_AT, "22d00b3f-d1b1-4b5d-8d20-49d138cd8a9c");
    expect(withHeaderId.ok && withHeaderId.value.eventId).toBe("22d00b3fd1b14b5d8d2049d138cd8a9c");
  });

  it.each([
    ["the id first", { id: 7, email: "a@example.com" }, "id:7"],
    ["then the email", { email: "a@example.com", username: "ann" }, "email:a@example.com"],
    ["then the username", { username: "ann", ip_address: "10.0.0.1" }, "username:ann"],
    ["then the IP address", { ip_address: "10.0.0.1" }, "ip:10.0.0.1"],
    ["not the {{auto}} placeholder", { ip_address: "{{auto}}" }, null],
    ["none for an empty user", {}, null],
    ["none for a null user", null, null],
  ])("distinct users are counted by %s", (_case, user, key) => {
    expect(normalize({ user }).userKey).toBe(key);
    expect(normalize({ "sentry.interfaces.User": user }).userKey).toBe(key);
  });

  it("release, environment and platform are kept, with platform defaulting to other", () => {
    expect(normalize({ release: "shop@2.4.1", environment: "production", platform: "ruby" })).toMatchObject({
      release: "shop@2.4.1",
      environment: "production",
      platform: "ruby",
    });
    expect(normalize({ release: "", environment: 5 })).toMatchObject({ release: null, environment: "5", platform: "other" });
  });

  it("legacy interface names are read and renamed in the stored payload", () => {
    const event = normalize(JSON.parse(new TextDecoder().decode(readFixture("raven-js-2012-legacy-interfaces.json"))));
    expect(event.exceptions).toEqual([
      { type: "", value: "Once upon a midnight dreary", frames: [{ filename: "http://edgarallen.poe/nevermore/", lineno: 12, inApp: false }] },
    ]);
    expect(event.payload).toHaveProperty("exception");
    expect(event.payload).toHaveProperty("stacktrace");
    expect(event.payload).not.toHaveProperty(["sentry.interfaces.Exception"]);
  });

  it.each([
    ["as {values: […]}", { values: [{ type: "E", value: "v" }] }],
    ["as a bare list", [{ type: "E", value: "v" }]],
    ["as a single object", { type: "E", value: "v" }],
  ])("an exception sent %s is read", (_case, exception) => {
    expect(normalize({ exception }).exceptions).toEqual([{ type: "E", value: "v", frames: [] }]);
  });

  it("an exception without a stack takes its thread's stack (native crashes)", async () => {
    const [event] = await normalizeFixture("sentry-cocoa-crash-converted.json");
    expect(event.exceptions.at(-1)!.frames.length).toBeGreaterThan(0);
  });

  it.each([
    ["logentry with params", { logentry: { message: "Hello %s and %s", params: ["a", 2] } }, "Hello a and 2"],
    ["named params", { logentry: { message: "Hello %(who)s", params: { who: "you" } } }, "Hello you"],
    ["formatted wins", { message: { message: "Hello %s", params: ["a"], formatted: "Hi a" } }, "Hi a"],
    ["a plain message string", { message: "Hi there\nsecond line" }, "Hi there"],
    ["logentry over message", { logentry: { formatted: "from logentry" }, message: "from message" }, "from logentry"],
    ["brace templates are left alone", { message: { message: "Here is a new {foo}", params: { foo: "x" } } }, "Here is a new {foo}"],
  ])("a message event is titled by its message: %s", (_case, raw, title) => {
    expect(normalize(raw).title).toBe(title);
  });

  it("odd values in any field never make normalising throw", () => {
    const oddValues = [null, 0, -1, 1e308, "", "x", [], [null], {}, { values: null }, { frames: "x" }, true];
    let checked = 0;
    for (const name of fixtureNames.filter((file) => file.endsWith(".json"))) {
      const original = JSON.parse(new TextDecoder().decode(readFixture(name))) as Record<string, unknown>;
      for (const key of Object.keys(original)) {
        for (const odd of oddValues) {
          const result = normalizeEvent({ ...original, [key]: odd }, RECEIVED_AT);
          expect(result.ok).toBe(true);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("nested odd values in exceptions and frames never make normalising throw", () => {
    const oddValues = [null, 0, "", "x", [], {}, [1, "a", null], { values: "x" }];
    for (const odd of oddValues) {
      for (const raw of [
        { exception: { values: [odd, { type: odd, value: odd, stacktrace: odd }] } },
        { exception: [{ type: "E", stacktrace: { frames: [odd, { function: odd, filename: odd, in_app: odd, lineno: odd }] } }] },
        { threads: { values: [odd, { crashed: true, stacktrace: { frames: [odd] } }] }, exception: { values: [{ type: "E", thread_id: odd }] } },
        { logentry: odd, message: odd, fingerprint: odd, user: odd, level: odd, timestamp: odd },
        { logentry: { message: "%s %(a)s %%", params: odd }, fingerprint: [odd, "{{ default }}"] },
      ]) {
        expect(normalizeEvent(raw, RECEIVED_AT).ok).toBe(true);
      }
    }
  });

  it("the corpus meta lists the same files as the folder", () => {
    expect(Object.keys(fixtureMeta).sort()).toEqual(fixtureNames);
  });
});
