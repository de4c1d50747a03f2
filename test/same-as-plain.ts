import { crc32 as zlibCrc32, gunzipSync } from "node:zlib";
import { expect } from "vitest";
import { crc32 } from "../src/core/sink/crc32";
import { encodeChunk, encodeChunkStoredGzip, type ColumnSpec } from "../src/core/convert/encode-be";

/**
 * For tests: level 0 through our own CRC (which picks the table loop or the WebAssembly kernel) must give the
 * bytes and CRC of the plain loop that Node's native CRC gets, and a member that decompresses to the samples.
 */
export function sameAsPlain(spec: ColumnSpec): void {
  const fast = encodeChunkStoredGzip(spec, crc32);
  const plain = encodeChunkStoredGzip(spec, (d, seed) => zlibCrc32(d, seed));
  expect(Buffer.from(fast.gz).equals(Buffer.from(plain.gz))).toBe(true);
  expect(fast.memberCrc).toBe(plain.memberCrc);
  expect(fast.memberCrc).toBe(zlibCrc32(fast.gz));
  expect(Buffer.from(gunzipSync(fast.gz)).equals(Buffer.from(encodeChunk(spec)))).toBe(true);
}
