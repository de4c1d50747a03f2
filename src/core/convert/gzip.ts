import type { Crc32 } from "../sink/crc32";
import { deflateReady, gzipLevel } from "./deflate-wasm";

/** Compresses one chunk file; may run elsewhere (Node's zlib pool, a worker). */
export type Gzip = (data: Uint8Array, level: number) => Promise<Uint8Array>;

const MAX_STORED = 65535;

/**
 * Level 0 as a plain framing job: gzip header, deflate "stored" blocks of at
 * most 65,535 bytes, CRC-32 and length. Far faster than running a
 * compressor at level 0, and any gzip reader accepts it.
 */
export function storedGzip(data: Uint8Array, crc32: Crc32): Uint8Array {
  const blocks = Math.max(1, Math.ceil(data.length / MAX_STORED));
  const out = new Uint8Array(10 + blocks * 5 + data.length + 8);
  out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  let at = 10;
  for (let b = 0; b < blocks; b++) {
    const from = b * MAX_STORED;
    const len = Math.min(MAX_STORED, data.length - from);
    out[at] = b === blocks - 1 ? 1 : 0;
    out[at + 1] = len & 0xff;
    out[at + 2] = len >>> 8;
    out[at + 3] = ~len & 0xff;
    out[at + 4] = (~len >>> 8) & 0xff;
    out.set(data.subarray(from, from + len), at + 5);
    at += 5 + len;
  }
  const view = new DataView(out.buffer);
  view.setUint32(at, crc32(data) >>> 0, true);
  view.setUint32(at + 4, data.length >>> 0, true);
  return out;
}

/** In-page gzip: stored framing at level 0, flate2 in WebAssembly above (deflate-wasm.ts). */
export function pageGzip(crc32: Crc32): Gzip {
  return async (data, level) => {
    if (level === 0) return storedGzip(data, crc32);
    await deflateReady();
    return gzipLevel(data, level);
  };
}

export function checkLevel(level: number): number {
  if (!Number.isInteger(level) || level < 0 || level > 9) throw new Error(`gzip level must be 0–9, got ${level}`);
  return level;
}
