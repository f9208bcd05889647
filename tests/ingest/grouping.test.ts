import { describe, expect, it } from "vitest";
import { normalizeEvent } from "@/lib/ingest/normalize-event";
import { expectedEventsOf, fixtureNames, parseFixture } from "./sentry-fixtures";

const RECEIVED_AT = new Date("2026-11-26T12:00:00Z");

async function payloadOf(name: string): Promise<Record<string, unknown>> {
  const parsed = await parseFixture(name);
  if (!parsed.ok) throw new Error(`${name}: ${JSON.stringify(parsed.error)}`);
  return parsed.value.events[0];
}

function keyOf(payload: unknown): string {
  const normalized = normalizeEvent(payload, RECEIVED_AT);
  if (!normalized.ok) throw new Error(JSON.stringify(normalized.error));
  return normalized.value.groupingKey;
}

const clone = <T>(value: T): T => structuredClone(value);
type Frame = Record<string, unknown>;
const framesOf = (payload: Record<string, unknown>, index = -1): Frame[] => {
  type Values = Array<{ stacktrace: { frames: Frame[] } }>;
  const exception = payload.exception as Values | { values: Values };
  const values = Array.isArray(exception) ? exception : exception.values;
  return values.at(index)!.stacktrace.frames;
};

describe("grouping events into errors", () => {
  it("the same error sent through different encodings groups together (raven-go JSON and base64+zlib)", async () => {
    expect(keyOf(await payloadOf("raven-go.store.b64zlib"))).toBe(keyOf(await payloadOf("raven-go.store.json")));
  });

  it("a repeat of an error with other line numbers, ids and times groups with the first", async () => {
    for (const name of ["python.store.json", "node.envelope", "ruby-cause-chain.envelope", "glitchtip-js-unix-timestamp.json", "sentry-cocoa-cordova-exception.json"]) {
      const original = await payloadOf(name);
      const repeat = clone(original);
      repeat.event_id = "ffffffffffffffffffffffffffffffff";
      repeat.timestamp = 1800000000;
      for (const frame of framesOf(repeat)) {
        frame.lineno = Number(frame.lineno ?? 0) + 17;
        frame.colno = 3;
        frame.context_line = "changed";
      }
      expect(keyOf(repeat)).toBe(keyOf(original));
    }
  });

  it("a changed in-app function makes a different error", async () => {
    const original = await payloadOf("python.store.json");
    const changed = clone(original);
    const frames = framesOf(changed);
    frames.findLast((frame) => frame.in_app === true)!.function = "somewhere_else";
    expect(keyOf(changed)).not.toBe(keyOf(original));
  });

  it("a changed frame outside the app does not split the error", async () => {
    const original = await payloadOf("node.envelope");
    const changed = clone(original);
    const outside = framesOf(changed).find((frame) => frame.in_app === false)!;
    outside.function = "differentInternal";
    expect(keyOf(changed)).toBe(keyOf(original));
  });

  it("browser file URLs group without host, query string, hash or content hash", async () => {
    const original = await payloadOf("browser.envelope");
    const redeployed = clone(original);
    for (const frame of framesOf(redeployed)) {
      frame.filename = String(frame.filename).replace(/^http:\/\/[^/]+/, "https://cdn.example.com") + "?v=8f3a9b2c1d#top";
      frame.abs_path = frame.filename;
    }
    expect(keyOf(redeployed)).toBe(keyOf(original));
  });

  it("an exception without frames groups by its type and value with numbers and ids blanked", async () => {
    const original = await payloadOf("spotlight-angular-http-error.envelope");
    const other = clone(original);
    const value = (other.exception as { values: Array<{ value: string }> }).values[0];
    value.value = value.value.replace("5001", "5002").replace(": 0 ", ": 503 ");
    expect(keyOf(other)).toBe(keyOf(original));
    expect(keyOf(original)).toMatch(/^exception:/);
    value.value = "Http failure response for https://localhost:5001/api/other: 0 Unknown Error";
    expect(keyOf(other)).not.toBe(keyOf(original));
  });

  it("a frameless exception's UUIDs and hex ids do not split it", () => {
    const base = { exception: { values: [{ type: "NotFound", value: "order 8f14e45f-ceea-467a-9575-3c2c3b5d2f1a missing, trace 0a1b2c3d4e5f6071" }] } };
    const other = { exception: { values: [{ type: "NotFound", value: "order 00000000-1111-2222-3333-444444444444 missing, trace ffee0011ddcc2233" }] } };
    expect(keyOf(other)).toBe(keyOf(base));
  });

  it("message events group by their template, not the filled-in params", () => {
    const one = { logentry: { message: "User %s logged in", params: ["ann"], formatted: "User ann logged in" } };
    const two = { logentry: { message: "User %s logged in", params: ["bob"], formatted: "User bob logged in" } };
    expect(keyOf(one)).toBe(keyOf(two));
    expect(keyOf(one)).toBe("message:User %s logged in");
  });

  it("frames without any in_app flag all count, as in Sentry", async () => {
    const original = await payloadOf("sentry-native-exception.envelope");
    const changed = clone(original);
    framesOf(changed).at(-1)!.function = "another_function";
    expect(keyOf(original)).toMatch(/^stack:/);
    expect(keyOf(changed)).not.toBe(keyOf(original));
  });

  it("a custom fingerprint decides the group", async () => {
    const original = await payloadOf("glitchtip-python-fingerprint.json");
    expect(keyOf(original)).toBe('fingerprint:["foo"]');
    const otherError = clone(await payloadOf("glitchtip-python-zero-division.json"));
    otherError.fingerprint = ["foo"];
    expect(keyOf(otherError)).toBe(keyOf(original));
  });

  it("fingerprint entries are stringified", () => {
    expect(keyOf({ message: "x", fingerprint: ["a", 1, true, null, { b: 2 }] })).toBe('fingerprint:["a","1","true"]');
  });

  it("a fingerprint of only {{ default }} is the default grouping", async () => {
    const elixir = await payloadOf("glitchtip-elixir-error.json");
    const withoutFingerprint = clone(elixir);
    delete withoutFingerprint.fingerprint;
    expect(keyOf(elixir)).toBe(keyOf(withoutFingerprint));
    expect(keyOf({ ...withoutFingerprint, fingerprint: ["{{default}}"] })).toBe(keyOf(withoutFingerprint));
  });

  it("{{ default }} next to other entries expands to the default key", async () => {
    const python = await payloadOf("python.store.json");
    const defaultKey = keyOf(python);
    const tenantA = keyOf({ ...python, fingerprint: ["{{ default }}", "tenant-a"] });
    const tenantB = keyOf({ ...python, fingerprint: ["{{ default }}", "tenant-b"] });
    expect(tenantA).toBe(`fingerprint:${JSON.stringify([defaultKey, "tenant-a"])}`);
    expect(tenantA).not.toBe(tenantB);
  });

  it("an empty fingerprint is ignored", async () => {
    const ruby = await payloadOf("ruby.envelope");
    expect(ruby.fingerprint).toEqual([]);
    expect(keyOf(ruby)).toMatch(/^stack:/);
  });

  it("the key is the same every time for the same event", async () => {
    for (const name of fixtureNames.filter((file) => expectedEventsOf(file).length > 0)) {
      const payload = await payloadOf(name);
      expect(keyOf(clone(payload))).toBe(keyOf(payload));
    }
  });

  it("every distinct error of the corpus gets its own group; only empty events share one", async () => {
    const byKey = new Map<string, string[]>();
    let events = 0;
    for (const name of fixtureNames) {
      const parsed = await parseFixture(name);
      if (!parsed.ok) throw new Error(name);
      parsed.value.events.forEach((payload, index) => {
        const key = keyOf(payload);
        events += 1;
        byKey.set(key, [...(byKey.get(key) ?? []), `${name}#${index}`]);
      });
    }
    const shared = [...byKey.entries()].filter(([, names]) => names.length > 1);
    expect(Object.fromEntries(shared)).toEqual({
      "title:<unlabeled event>": [
        "glitchtip-go-very-small.json#0",
        "sentry-java-native-with-attachment.envelope#0",
        "sentry-java-two-events-large.envelope#0",
        "sentry-java-two-events-large.envelope#1",
        "sentry-native-0.1.2-minimal.json#0",
        "sentry-php-toplevel-stacktrace.envelope#0",
        "sentry-rust-event-attachment.envelope#0",
      ],
      [keyOf(await payloadOf("raven-go.store.json"))]: ["raven-go.store.b64zlib#0", "raven-go.store.json#0"],
    });
    expect(byKey.size).toBe(events - 6 - 1);
  });
});
