import type { Decompress } from "./runtime";
import type { ContentEncoding, IngestLimits, IngestRejection, Result } from "./types";

/** Bytes handed to a decompressor at a time when the body arrived whole. */
const SLICE_BYTES = 64 * 1024;

/** The rejections this module puts into streams, so readers can tell them from other errors. */
const issuedRejections = new WeakSet<object>();

function issue(rejection: IngestRejection): IngestRejection {
  issuedRejections.add(rejection);
  return rejection;
}

function isIssuedRejection(reason: unknown): reason is IngestRejection {
  return typeof reason === "object" && reason !== null && issuedRejections.has(reason);
}

function tooLarge(limitBytes: number, what: string): IngestRejection {
  return { kind: "too-large", limitBytes, what };
}

/** A decoded body: the bytes themselves when they arrived whole and unencoded, else a stream. */
export type DecodedBody = Uint8Array | ReadableStream<Uint8Array>;

/**
 * The body's decoded bytes. The raw cap (maxBodyBytes) is counted on the bytes as
 * received and the decompressed cap on each decoder's output, both while streaming, so nothing
 * is inflated past the cap. A failed read of the returned stream rejects with an
 * IngestRejection; read it with readChunk or readLimited to get that as a Result.
 */
export function decodeBody(
  body: Uint8Array | ReadableStream<Uint8Array> | null,
  encodings: readonly ContentEncoding[],
  limits: IngestLimits,
  decompress: Decompress,
): Result<DecodedBody> {
  if (body instanceof Uint8Array && body.byteLength > limits.maxBodyBytes) {
    return { ok: false, error: tooLarge(limits.maxBodyBytes, "request body") };
  }
  // The common case, a whole uncompressed body, is already within every cap: no stream at all.
  if (!(body instanceof ReadableStream) && encodings.length === 0) return { ok: true, value: body ?? new Uint8Array(0) };
  const failures: { first: IngestRejection | null } = { first: null };
  const fail = (rejection: IngestRejection) => {
    failures.first ??= issue(rejection);
    return failures.first;
  };
  let stream = limitStream(
    toStream(body),
    limits.maxBodyBytes,
    "request body",
    (reason) =>
      isIssuedRejection(reason) ? reason : fail({ kind: "malformed", detail: "the request body could not be read" }),
    fail,
  );
  for (const encoding of [...encodings].reverse()) {
    let decoded: ReadableStream<Uint8Array>;
    try {
      decoded = decompress(encoding, stream);
    } catch {
      return { ok: false, error: { kind: "unsupported-encoding", encoding } };
    }
    stream = limitStream(
      decoded,
      limits.maxDecompressedBytes,
      "decompressed body",
      (reason) =>
        failures.first ??
        (isIssuedRejection(reason)
          ? reason
          : fail({ kind: "malformed", detail: `the ${encoding} body could not be decompressed` })),
      fail,
    );
  }
  return { ok: true, value: stream };
}

function toStream(body: Uint8Array | ReadableStream<Uint8Array> | null): ReadableStream<Uint8Array> {
  if (body instanceof ReadableStream) return body;
  const bytes = body ?? new Uint8Array(0);
  let offset = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= bytes.byteLength) return controller.close();
        controller.enqueue(bytes.subarray(offset, offset + SLICE_BYTES));
        offset += SLICE_BYTES;
      },
    },
    { highWaterMark: 0 },
  );
}

/** Passes chunks on demand only (no read-ahead) and stops the source once past the cap. */
function limitStream(
  source: ReadableStream<Uint8Array>,
  limitBytes: number,
  what: string,
  describeFailure: (reason: unknown) => IngestRejection,
  fail: (rejection: IngestRejection) => IngestRejection,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let total = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (reason) {
          controller.error(describeFailure(reason));
          return;
        }
        if (chunk.done) return controller.close();
        total += chunk.value.byteLength;
        if (total > limitBytes) {
          const rejection = fail(tooLarge(limitBytes, what));
          controller.error(rejection);
          reader.cancel(rejection).catch(() => {});
          return;
        }
        controller.enqueue(chunk.value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** The next chunk (null at the end), or the rejection the stream failed with. */
export async function readChunk(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<Result<Uint8Array | null>> {
  try {
    const chunk = await reader.read();
    return { ok: true, value: chunk.done ? null : chunk.value };
  } catch (reason) {
    const error: IngestRejection = isIssuedRejection(reason)
      ? reason
      : { kind: "malformed", detail: "the request body could not be read" };
    return { ok: false, error };
  }
}

/** The whole body in one buffer, refused with too-large (and a stream cancelled) past the cap. */
export async function readLimited(body: DecodedBody, limitBytes: number, what: string): Promise<Result<Uint8Array>> {
  if (body instanceof Uint8Array) {
    return body.byteLength > limitBytes ? { ok: false, error: tooLarge(limitBytes, what) } : { ok: true, value: body };
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const next = await readChunk(reader);
    if (!next.ok) return next;
    if (next.value === null) break;
    total += next.value.byteLength;
    if (total > limitBytes) {
      reader.cancel().catch(() => {});
      return { ok: false, error: tooLarge(limitBytes, what) };
    }
    chunks.push(next.value);
  }
  return { ok: true, value: concatBytes(chunks, total) };
}

export function concatBytes(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
