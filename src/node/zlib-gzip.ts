import { promisify } from "node:util";
import { crc32, gzip, inflate } from "node:zlib";
import type { Inflate } from "../core/direct/direct-reader";
import { storedGzip, type Gzip } from "../core/convert/gzip";

const gzipAsync = promisify(gzip);
const inflateAsync = promisify(inflate);

/**
 * Node's zlib runs on libuv's thread pool, so several chunk files compress
 * in parallel while the main thread reads and encodes (measured 3–5× faster
 * than fflate). Level 0 is stored framing with zlib's CRC-32.
 */
export const zlibGzip: Gzip = async (data, level) => {
  if (level === 0) return storedGzip(data, (d, seed) => crc32(d, seed));
  return new Uint8Array(await gzipAsync(data, { level }));
};

/**
 * HDF5 deflate chunks, decoded on the libuv pool (several at once). With the size known, into one buffer that
 * holds it all: zlib's default 16 KiB pieces cost a trip to the pool each and a copy to join them (a 10 MB
 * chunk: 610 trips; 80 such inflates took 2.2–7.5 s that way, 0.25–0.5 s in one piece), and their garbage
 * swelled the resident set. 64 bytes spare, so that a full buffer does not make zlib allocate another.
 * The answer is a view of zlib's own buffer (no copy), which the reader may reuse as a spare: so that buffer must
 * be the chunk's alone. Node hands out Buffers under 4 KiB from a shared slab (Buffer.poolSize / 2), so zlib's
 * buffer is never made smaller than that, and output in several pieces (size unknown) is copied out.
 */
export const zlibInflate: Inflate = async (data, _into, size) => {
  if (size === undefined) return new Uint8Array(await inflateAsync(data));
  const options = { maxOutputLength: Math.max(1, size), chunkSize: Math.max(OWN_BUFFER, size + 64) };
  const out = await inflateAsync(data, options);
  if (out.buffer.byteLength < OWN_BUFFER) return new Uint8Array(out); // not ours alone after all: a copy
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
};

/** The smallest Buffer node allocates on its own rather than in its shared slab. */
const OWN_BUFFER = Buffer.poolSize >>> 1;

/** Node's CRC-32 (several GB/s), for level 0's stored gzip written in place. */
export const zlibCrc32 = (data: Uint8Array, seed?: number): number => crc32(data, seed);
