import { fail } from "./cursor";

/**
 * Bob Jenkins' lookup3 `hashlittle` with initial value 0, the checksum on
 * every version-2 HDF5 metadata block. Checking it is what lets the reader
 * throw on a misparsed or corrupt block instead of returning wrong offsets.
 */
export function lookup3(bytes: Uint8Array): number {
  let a = (0xdeadbeef + bytes.length) | 0;
  let b = a;
  let c = a;
  const word = (i: number) => bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
  const rot = (x: number, k: number) => (x << k) | (x >>> (32 - k));

  let i = 0;
  let left = bytes.length;
  while (left > 12) {
    a = (a + word(i)) | 0;
    b = (b + word(i + 4)) | 0;
    c = (c + word(i + 8)) | 0;
    // mix(a, b, c)
    a = (a - c) | 0;
    a ^= rot(c, 4);
    c = (c + b) | 0;
    b = (b - a) | 0;
    b ^= rot(a, 6);
    a = (a + c) | 0;
    c = (c - b) | 0;
    c ^= rot(b, 8);
    b = (b + a) | 0;
    a = (a - c) | 0;
    a ^= rot(c, 16);
    c = (c + b) | 0;
    b = (b - a) | 0;
    b ^= rot(a, 19);
    a = (a + c) | 0;
    c = (c - b) | 0;
    c ^= rot(b, 4);
    b = (b + a) | 0;
    i += 12;
    left -= 12;
  }
  if (left === 0) return c >>> 0;

  // The tail adds its bytes as if the last block were zero-padded to 12.
  const tail = new Uint8Array(12);
  tail.set(bytes.subarray(i));
  const t = (k: number) => tail[k]! | (tail[k + 1]! << 8) | (tail[k + 2]! << 16) | (tail[k + 3]! << 24);
  a = (a + t(0)) | 0;
  b = (b + t(4)) | 0;
  c = (c + t(8)) | 0;
  // final(a, b, c)
  c ^= b;
  c = (c - rot(b, 14)) | 0;
  a ^= c;
  a = (a - rot(c, 11)) | 0;
  b ^= a;
  b = (b - rot(a, 25)) | 0;
  c ^= b;
  c = (c - rot(b, 16)) | 0;
  a ^= c;
  a = (a - rot(c, 4)) | 0;
  b ^= a;
  b = (b - rot(a, 14)) | 0;
  c ^= b;
  c = (c - rot(b, 24)) | 0;
  return c >>> 0;
}

/** Verifies that the 4 bytes after `bytes[0, end)` hold the lookup3 checksum of that range. */
export function verifyChecksum(bytes: Uint8Array, end: number, what: string): void {
  if (end + 4 > bytes.length) fail(`${what}: block too short for its checksum`);
  const stored = (bytes[end]! | (bytes[end + 1]! << 8) | (bytes[end + 2]! << 16) | (bytes[end + 3]! << 24)) >>> 0;
  const computed = lookup3(bytes.subarray(0, end));
  if (stored !== computed) fail(`${what}: checksum mismatch (stored ${stored}, computed ${computed})`);
}
