import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openEnvelope, parseEnvelope } from "@/lib/ingest/envelope-parser";
import { parseStoreBody } from "@/lib/ingest/store-body";
import { DEFAULT_LIMITS, type IngestLimits } from "@/lib/ingest/types";
import {
  FIXTURES_DIR,
  decompressWithZlib,
  endpointOf,
  expectedEventsOf,
  fixtureMeta,
  fixtureNames,
  parseFixture,
  readFixture,
  streamOf,
} from "./sentry-fixtures";

const encode = (text: string) => new TextEncoder().encode(text);
const readMalformed = (name: string) => new Uint8Array(readFileSync(new URL(`malformed/${name}`, FIXTURES_DIR)));

describe("envelopes of the corpus", () => {
  const envelopes = fixtureNames.filter((name) => endpointOf(name) === "envelope");

  it.each(envelopes)("%s: event items are kept, every other item is read past", async (name) => {
    const parsed = await parseFixture(name);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const items = fixtureMeta[name].items ?? [];
    const others = items.filter((item) => item.type !== "event");
    expect(parsed.value.events).toHaveLength(expectedEventsOf(name).length);
    expect(parsed.value.problems).toEqual([]);
    expect(parsed.value.skipped.count).toBe(others.length);
    expect(parsed.value.skipped.types).toEqual([...new Set(others.map((item) => item.type))]);
    expect(parsed.value.skipped.bytes).toBe(others.reduce((sum, item) => sum + item.payload_bytes, 0));
  });

  it("the header's dsn, event id and sent_at are read", async () => {
    const parsed = await parseEnvelope(readFixture("sentry-php-toplevel-stacktrace.envelope"), DEFAULT_LIMITS);
    expect(parsed.ok && parsed.value.header).toMatchObject({
      dsn: "http://public@example.com/sentry/1",
      eventId: "fc9442f5aef34234bb22b9a615e30ccd",
      sentAt: "2020-08-18T22:47:15Z",
    });
  });

  it("an envelope header event id with dashes is read as 32 hex digits", async () => {
    const parsed = await parseEnvelope(readFixture("sentry-rust-event-attachment.envelope"), DEFAULT_LIMITS);
    expect(parsed.ok && parsed.value.header.eventId).toBe("22d00b3fd1b14b5d8d2049d138cd8a9c");
  });

  it("the header can be read alone, to check the key before the items", async () => {
    let pulls = 0;
    const bytes = readFixture("sentry-php-chained-exceptions.envelope");
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        const start = (pulls - 1) * 64;
        if (start >= bytes.byteLength) controller.close();
        else controller.enqueue(bytes.subarray(start, start + 64));
      },
    }, { highWaterMark: 0 });
    const opened = await openEnvelope(stream, DEFAULT_LIMITS);
    expect(opened.ok && opened.value.header.dsn).toMatch(/^http/);
    expect(pulls).toBeLessThan(Math.ceil(bytes.byteLength / 64));
    const items = opened.ok ? await opened.value.readItems() : null;
    expect(items?.ok && items.value.events).toHaveLength(1);
  });
});

describe("envelope framing", () => {
  const limits: IngestLimits = { ...DEFAULT_LIMITS };

  it.each([
    ["an empty body", "", "the envelope is empty"],
    ["a header that is not JSON", "not json\n", "the envelope header is not a JSON object"],
    ["a header that is a JSON array", "[1]\n", "the envelope header is not a JSON object"],
    ["an item header that is not JSON", '{}\n{"type":\n{}', "item 0: the item header is not a JSON object"],
    ["an item header without a type", '{}\n{"length":2}\n{}', "item 0: the item header has no type"],
    ["a negative length", '{}\n{"type":"event","length":-1}\n{}', "item 0 (event): the length is not a byte count"],
    ["a body that ends inside an item", '{}\n{"type":"attachment","length":10}\nabc', "item 0 (attachment): the body ends 7 bytes into a 10-byte item"],
  ])("%s is refused as malformed", async (_case, body, detail) => {
    expect(await parseEnvelope(encode(body), limits)).toEqual({ ok: false, error: { kind: "malformed", detail } });
  });

  it("a header line alone is an envelope with nothing in it", async () => {
    const parsed = await parseEnvelope(encode('{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc"}'), limits);
    expect(parsed.ok && parsed.value.events).toEqual([]);
  });

  it("an item with a length may hold newlines; one without ends at the newline or the end", async () => {
    const body =
      '{}\n{"type":"attachment","length":6}\na\nb\nc\n\n{"type":"event"}\n{"message":"one"}\n' +
      '{"type":"event","length":17}\n{"message":"two"}\n{"type":"event"}\n{"message":"three"}';
    const parsed = await parseEnvelope(encode(body), limits);
    expect(parsed.ok && parsed.value.events).toEqual([{ message: "one" }, { message: "two" }, { message: "three" }]);
  });

  it("the same envelope parses the same in one-byte chunks", async () => {
    for (const name of ["spotlight-node-text-attachment.envelope", "glitchtip-django-message-client-report.envelope", "spotlight-empty-attachments.envelope"]) {
      const bytes = readFixture(name);
      const whole = await parseEnvelope(bytes, limits);
      const chunks = Array.from(bytes, (byte) => new Uint8Array([byte]));
      expect(await parseEnvelope(streamOf(...chunks), limits)).toEqual(whole);
    }
  });

  it("a bad event item is reported and the good ones are kept", async () => {
    const body = '{}\n{"type":"event"}\n{"message":"good"}\n{"type":"event"}\n{"message":\n{"type":"event"}\n[1,2]\n';
    const parsed = await parseEnvelope(encode(body), limits);
    expect(parsed.ok && parsed.value).toMatchObject({
      events: [{ message: "good" }],
      problemCount: 2,
      problems: [
        { itemIndex: 1, itemType: "event", detail: "item 1 (event): the event is not a JSON object" },
        { itemIndex: 2, itemType: "event", detail: "item 2 (event): the event is not a JSON object" },
      ],
    });
  });

  it("an event item that is a transaction is skipped, not stored", async () => {
    const parsed = await parseEnvelope(encode('{}\n{"type":"event"}\n{"type":"transaction","spans":[]}\n'), limits);
    expect(parsed.ok && parsed.value).toMatchObject({ events: [], skipped: { count: 1, types: ["transaction"] } });
  });

  it("the `error` item type is read as an event", async () => {
    const parsed = await parseEnvelope(encode('{}\n{"type":"error"}\n{"message":"x"}\n'), limits);
    expect(parsed.ok && parsed.value.events).toEqual([{ message: "x" }]);
  });

  it("an event item over the event cap fails the request with 413, with or without a length", async () => {
    const small: IngestLimits = { ...limits, maxEventBytes: 100 };
    const big = JSON.stringify({ message: "x".repeat(200) });
    for (const body of [`{}\n{"type":"event","length":${big.length}}\n${big}\n`, `{}\n{"type":"event"}\n${big}\n`]) {
      expect(await parseEnvelope(encode(body), small)).toEqual({
        ok: false,
        error: { kind: "too-large", limitBytes: 100, what: "event" },
      });
    }
  });

  it("a large attachment is read past under the event cap, never kept", async () => {
    const small: IngestLimits = { ...limits, maxEventBytes: 100 };
    const body = `{}\n{"type":"attachment","length":5000}\n${"a".repeat(5000)}\n{"type":"attachment"}\n${"b".repeat(5000)}\n`;
    const parsed = await parseEnvelope(encode(body), small);
    expect(parsed.ok && parsed.value.skipped).toEqual({ count: 2, bytes: 10000, types: ["attachment"] });
  });

  it("an envelope past the decompressed cap is refused with 413 while it is read", async () => {
    const small: IngestLimits = { ...limits, maxDecompressedBytes: 1000 };
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(pulled === 1 ? encode('{}\n{"type":"attachment"}\n') : new Uint8Array(100).fill(0x61));
      },
    }, { highWaterMark: 0 });
    expect(await parseEnvelope(endless, small)).toEqual({
      ok: false,
      error: { kind: "too-large", limitBytes: 1000, what: "decompressed envelope" },
    });
    expect(pulled).toBeLessThan(20);
  });
});

describe("broken envelopes from sentry-java", () => {
  it("an event item with cut JSON is reported, and its attachments are still read past", async () => {
    const parsed = await parseEnvelope(readMalformed("sentry-java-event-attachment-bad-event-json.txt"), DEFAULT_LIMITS);
    expect(parsed.ok && parsed.value).toMatchObject({
      events: [],
      problemCount: 1,
      problems: [{ itemIndex: 0, itemType: "event" }],
      skipped: { count: 2, types: ["attachment"] },
    });
  });

  // A declared length that is not followed by a newline leaves no trustworthy place where the
  // next item starts; like Relay, the whole envelope is refused with a detail naming the item.
  it("a session whose declared length is wrong makes the envelope malformed", async () => {
    const parsed = await parseEnvelope(readMalformed("sentry-java-session-wrong-length.txt"), DEFAULT_LIMITS);
    expect(parsed).toEqual({
      ok: false,
      error: { kind: "malformed", detail: "item 0 (session): the declared length 85 is not followed by a newline" },
    });
  });
});

describe("cut-off bodies", () => {
  const offsets = (length: number) => [...new Set([0, 1, 2, 17, Math.floor(length / 3), Math.floor(length / 2), length - 2, length - 1])].filter((offset) => offset >= 0 && offset < length);

  it.each(fixtureNames)("%s cut at several places yields a value or a refusal, never an exception", async (name) => {
    const bytes = readFixture(name);
    for (const offset of offsets(bytes.byteLength)) {
      const cut = bytes.slice(0, offset);
      const parsed =
        endpointOf(name) === "store"
          ? await parseStoreBody(cut, DEFAULT_LIMITS, decompressWithZlib)
          : await parseEnvelope(cut, DEFAULT_LIMITS);
      expect(typeof parsed.ok).toBe("boolean");
      if (!parsed.ok) expect(parsed.error.kind).toBe("malformed");
    }
  });
});
