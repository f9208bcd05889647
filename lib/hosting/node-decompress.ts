import { Duplex } from "node:stream";
import zlib from "node:zlib";
import type { Decompress } from "@/lib/ingest/runtime";

// Node 20's DecompressionStream has no brotli, so the host supplies zlib's streams.
export const decompressWithZlib: Decompress = (encoding, input) => {
  const transform =
    encoding === "gzip" ? zlib.createGunzip() : encoding === "br" ? zlib.createBrotliDecompress() : zlib.createInflate();
  return input.pipeThrough(Duplex.toWeb(transform) as unknown as TransformStream<Uint8Array, Uint8Array>);
};
