import { Readable } from "node:stream";
import zlib from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeBody, readLimited, type DecodedBody } from "@/lib/ingest/decode-body";
import { parseEnvelope } from "@/lib/ingest/envelope-parser";
import type { Decompress } from "@/lib/ingest/runtime";
import { DEFAULT_LIMITS, type ContentEncoding, type IngestLimits } from "@/lib/ingest/types";
import { decompressWithWebStreams, decompressWithZlib, readFixture, streamOf } from "./sentry-fixtures";

const MiB = 1024 * 1024;

/** 200 MiB of zeros behind an envelope header, gzipped as it streams (about 200 KiB). */
async function gzipBomb(prefix: string, zeroMiB: number): Promise<Uint8Array> {
  async function* zeros() {
    yield Buffer.from(prefix);
    const chunk = Buffer.alloc(MiB);
    for (let i = 0; i < zeroMiB; i += 1) yield chunk;
  }
  const parts: Buffer[] = [];
  for await (const part of Readable.from(zeros()).pipe(zlib.createGzip({ level: 1 }))) parts.push(part as Buffer);
  return new Uint8Array(Buffer.concat(parts));
}

/** The host's decompressor, counting what it inflates. */
function countingDecompress(): { decompress: Decompress; inflated: () => number } {
  let inflated = 0;
  const decompress: Decompress = (encoding, input) =>
    decompressWithZlib(encoding, input).pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          inflated += chunk.byteLength;
          controller.enqueue(chunk);
        },
      }),
    );
  return { decompress, inflated: () => inflated };
}

const readAll = (body: DecodedBody, limit = 1000 * MiB) => readLimited(body, limit, "body");

describe("decoding request bodies", () => {
  let bomb: Uint8Array;
  beforeAll(async () => {
    bomb = await gzipBomb('{}\n{"type":"attachment"}\n', 200);
  });

  it("a gzip bomb is refused with 413 long before it is inflated", async () => {
    expect(bomb.byteLength).toBeLessThan(2 * MiB);
    const { decompress, inflated } = countingDecompress();
    const decoded = decodeBody(bomb, ["gzip"], DEFAULT_LIMITS, decompress);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(await readAll(decoded.value)).toEqual({
      ok: false,
      error: { kind: "too-large", limitBytes: DEFAULT_LIMITS.maxDecompressedBytes, what: "decompressed body" },
    });
    expect(inflated()).toBeLessThan(DEFAULT_LIMITS.maxDecompressedBytes + 4 * MiB);
  });

  it("a gzip bomb sent as an envelope is refused with 413 while the envelope is parsed", async () => {
    const limits: IngestLimits = { ...DEFAULT_LIMITS, maxDecompressedBytes: 10 * MiB };
    const { decompress, inflated } = countingDecompress();
    const decoded = decodeBody(bomb, ["gzip"], limits, decompress);
    const parsed = decoded.ok ? await parseEnvelope(decoded.value, limits) : decoded;
    expect(parsed).toMatchObject({ ok: false, error: { kind: "too-large", limitBytes: 10 * MiB } });
    expect(inflated()).toBeLessThan(14 * MiB);
  });

  it("a body over the raw cap is refused with 413 before anything is read", () => {
    const limits: IngestLimits = { ...DEFAULT_LIMITS, maxBodyBytes: 10 };
    expect(decodeBody(new Uint8Array(11), [], limits, decompressWithZlib)).toEqual({
      ok: false,
      error: { kind: "too-large", limitBytes: 10, what: "request body" },
    });
  });

  it("a streamed body over the raw cap is refused with 413 and not read to its end", async () => {
    const limits: IngestLimits = { ...DEFAULT_LIMITS, maxBodyBytes: 1000 };
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(300));
      },
    }, { highWaterMark: 0 });
    const decoded = decodeBody(endless, [], limits, decompressWithZlib);
    expect(decoded.ok && (await readAll(decoded.value))).toEqual({
      ok: false,
      error: { kind: "too-large", limitBytes: 1000, what: "request body" },
    });
    expect(pulled).toBeLessThanOrEqual(5);
  });

  it("the raw cap counts compressed bytes, as received", async () => {
    const gzipped = new Uint8Array(zlib.gzipSync(readFixture("node-gzip.envelope")));
    const limits: IngestLimits = { ...DEFAULT_LIMITS, maxBodyBytes: gzipped.byteLength - 1 };
    const streamed = decodeBody(streamOf(gzipped.subarray(0, 100), gzipped.subarray(100)), ["gzip"], limits, decompressWithZlib);
    expect(streamed.ok && (await readAll(streamed.value))).toMatchObject({
      ok: false,
      error: { kind: "too-large", what: "request body" },
    });
    const fits = decodeBody(gzipped, ["gzip"], { ...limits, maxBodyBytes: gzipped.byteLength }, decompressWithZlib);
    const read = fits.ok ? await readAll(fits.value) : fits;
    expect(read.ok && Buffer.compare(read.value, readFixture("node-gzip.envelope"))).toBe(0);
  });

  it.each([
    ["gzip", (bytes: Uint8Array) => zlib.gzipSync(bytes)],
    ["deflate", (bytes: Uint8Array) => zlib.deflateSync(bytes)],
    ["br", (bytes: Uint8Array) => zlib.brotliCompressSync(bytes)],
  ] as const)("a %s body is decoded to the bytes the SDK wrote", async (encoding, compress) => {
    const original = readFixture("spotlight-react-huge-breadcrumbs.envelope");
    const decoded = decodeBody(new Uint8Array(compress(original)), [encoding as ContentEncoding], DEFAULT_LIMITS, decompressWithZlib);
    const read = decoded.ok ? await readAll(decoded.value) : decoded;
    expect(read.ok && Buffer.compare(read.value, original)).toBe(0);
  });

  it("stacked encodings are undone in reverse order", async () => {
    const original = readFixture("node.envelope");
    const body = new Uint8Array(zlib.brotliCompressSync(zlib.gzipSync(original)));
    const decoded = decodeBody(body, ["gzip", "br"], DEFAULT_LIMITS, decompressWithZlib);
    const read = decoded.ok ? await readAll(decoded.value) : decoded;
    expect(read.ok && Buffer.compare(read.value, original)).toBe(0);
  });

  it("the Web platform's DecompressionStream works as the decompressor too", async () => {
    const original = readFixture("node-gzip.envelope");
    const decoded = decodeBody(new Uint8Array(zlib.gzipSync(original)), ["gzip"], DEFAULT_LIMITS, decompressWithWebStreams);
    const read = decoded.ok ? await readAll(decoded.value) : decoded;
    expect(read.ok && Buffer.compare(read.value, original)).toBe(0);
  });

  it("an encoding the host cannot decode is refused as unsupported", () => {
    expect(decodeBody(new Uint8Array(3), ["br"], DEFAULT_LIMITS, decompressWithWebStreams)).toEqual({
      ok: false,
      error: { kind: "unsupported-encoding", encoding: "br" },
    });
  });

  const gzipped = zlib.gzipSync(Buffer.from('{"message":"hello"}'.repeat(1000)));
  it.each([
    ["bytes that are not gzip at all", new Uint8Array(Buffer.from("this is not gzip"))],
    ["gzip with its middle overwritten", Uint8Array.from(gzipped, (byte, index) => (index > 20 && index < 60 ? 0xff : byte))],
    ["gzip cut short", new Uint8Array(gzipped.subarray(0, gzipped.byteLength >> 1))],
  ])("corrupt compressed data (%s) is refused as malformed", async (_case, body) => {
    for (const decompress of [decompressWithZlib, decompressWithWebStreams]) {
      const decoded = decodeBody(body, ["gzip"], DEFAULT_LIMITS, decompress);
      const read = decoded.ok ? await readAll(decoded.value) : decoded;
      expect(read).toEqual({ ok: false, error: { kind: "malformed", detail: "the gzip body could not be decompressed" } });
    }
  });

  it("a body whose stream breaks (client gone) is refused as malformed", async () => {
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("socket hang up"));
      },
    });
    const decoded = decodeBody(broken, [], DEFAULT_LIMITS, decompressWithZlib);
    expect(decoded.ok && (await readAll(decoded.value))).toEqual({
      ok: false,
      error: { kind: "malformed", detail: "the request body could not be read" },
    });
  });

  it("no body reads as empty", async () => {
    const decoded = decodeBody(null, [], DEFAULT_LIMITS, decompressWithZlib);
    const read = decoded.ok ? await readAll(decoded.value) : decoded;
    expect(read.ok && read.value.byteLength).toBe(0);
  });

  it("reading a whole body stops with 413 at the caller's cap", async () => {
    expect(await readLimited(streamOf("abc", "def"), 5, "event")).toEqual({
      ok: false,
      error: { kind: "too-large", limitBytes: 5, what: "event" },
    });
  });
});
