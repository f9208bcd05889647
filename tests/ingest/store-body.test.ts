import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseStoreBody } from "@/lib/ingest/store-body";
import { DEFAULT_LIMITS, type IngestLimits } from "@/lib/ingest/types";
import { decompressWithZlib, readFixture, streamOf } from "./sentry-fixtures";

const encode = (text: string) => new TextEncoder().encode(text);
const parse = (body: Uint8Array | ReadableStream<Uint8Array>, limits: IngestLimits = DEFAULT_LIMITS) =>
  parseStoreBody(body, limits, decompressWithZlib);

describe("store bodies", () => {
  it("a JSON event becomes a one-event envelope", async () => {
    const parsed = await parse(readFixture("python.store.json"));
    expect(parsed.ok && parsed.value).toMatchObject({ header: { fields: {} }, problems: [], problemCount: 0 });
    expect(parsed.ok && parsed.value.events).toHaveLength(1);
  });

  it("a streamed JSON event is read the same", async () => {
    const bytes = readFixture("go.store.json");
    expect(await parse(streamOf(bytes.subarray(0, 10), bytes.subarray(10)))).toEqual(await parse(bytes));
  });

  it("raven-go's base64 of zlib-deflated JSON reads as the same event as its JSON", async () => {
    const legacy = await parse(readFixture("raven-go.store.b64zlib"));
    const json = await parse(readFixture("raven-go.store.json"));
    expect(legacy.ok).toBe(true);
    expect(legacy).toEqual(json);
  });

  it("base64 with line breaks and leading spaces is accepted", async () => {
    const wrapped = `  ${zlib.deflateSync(Buffer.from('{"message":"hi"}')).toString("base64").replace(/(.{8})/g, "$1\n")}`;
    const parsed = await parse(encode(wrapped));
    expect(parsed.ok && parsed.value.events).toEqual([{ message: "hi" }]);
  });

  it.each([
    ["an empty body", "  \n", "the event body is empty"],
    ["a JSON array", "[]", "the event is neither JSON nor base64 of zlib-deflated JSON"],
    ["cut JSON", '{"message":', "the event is not a JSON object"],
    ["text that is not base64", "hello world!", "the event is neither JSON nor base64 of zlib-deflated JSON"],
    ["base64 that is not deflated", Buffer.from("plain text").toString("base64"), "the deflate body could not be decompressed"],
  ])("%s is refused as malformed", async (_case, body, detail) => {
    expect(await parse(encode(body))).toEqual({ ok: false, error: { kind: "malformed", detail } });
  });

  it("base64 of deflated JSON that is not an object is refused as malformed", async () => {
    const body = encode(zlib.deflateSync(Buffer.from("[1,2,3]")).toString("base64"));
    expect(await parse(body)).toEqual({ ok: false, error: { kind: "malformed", detail: "the event is not a JSON object" } });
  });

  it("an event over the event cap is refused with 413, sent plain or streamed", async () => {
    const limits = { ...DEFAULT_LIMITS, maxEventBytes: 100 };
    const big = encode(JSON.stringify({ message: "x".repeat(200) }));
    const tooLarge = { ok: false, error: { kind: "too-large", limitBytes: 100, what: "event" } };
    expect(await parse(big, limits)).toEqual(tooLarge);
    expect(await parse(streamOf(big), limits)).toEqual(tooLarge);
  });

  it("a deflated event that inflates past the event cap is stopped with 413", async () => {
    const limits = { ...DEFAULT_LIMITS, maxEventBytes: 64 * 1024 };
    const body = encode(zlib.deflateSync(Buffer.from(`{"message":"${"x".repeat(10 * 1024 * 1024)}"}`)).toString("base64"));
    expect(body.byteLength).toBeLessThan(limits.maxEventBytes);
    expect(await parse(body, limits)).toMatchObject({ ok: false, error: { kind: "too-large", limitBytes: 64 * 1024 } });
  });

  it("a transaction sent to /store is skipped, not stored", async () => {
    const parsed = await parse(encode('{"type":"transaction","spans":[]}'));
    expect(parsed.ok && parsed.value).toMatchObject({ events: [], skipped: { count: 1, types: ["transaction"] } });
  });
});
