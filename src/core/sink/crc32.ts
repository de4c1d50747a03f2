/**
 * CRC-32 (IEEE 802.3, the one ZIP and gzip use) in plain JS, so it runs in a
 * browser worker too. Node callers can inject `zlib.crc32` where a `Crc32`
 * is accepted; it is several times faster.
 */

/** `seed` is the CRC of the bytes before `data`, so calls can be chained. */
export type Crc32 = (data: Uint8Array, seed?: number) => number;

const POLYNOMIAL = 0xedb88320; // reversed 0x04C11DB7: ZIP's CRC is LSB-first

/**
 * Slicing-by-8 tables: T[k][b] is the CRC contribution of byte `b` followed
 * by `k` zero bytes, which lets the loop fold 8 input bytes per step.
 * Separate arrays (not one 2 KiB array with offsets) keep V8's indexing fast.
 */
const [T0, T1, T2, T3, T4, T5, T6, T7] = makeTables();

function makeTables(): Uint32Array[] {
  const tables = Array.from({ length: 8 }, () => new Uint32Array(256));
  const first = tables[0];
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? POLYNOMIAL ^ (c >>> 1) : c >>> 1;
    first[n] = c;
  }
  for (let k = 1; k < 8; k++) {
    const prev = tables[k - 1];
    const table = tables[k];
    for (let n = 0; n < 256; n++) table[n] = (prev[n] >>> 8) ^ first[prev[n] & 0xff];
  }
  return tables;
}

export function crc32(data: Uint8Array, seed = 0): number {
  let c = ~seed;
  const n = data.length;
  let i = 0;
  // Bytes are read one at a time rather than through a Uint32Array view
  // because `data` may start at any byte offset.
  for (const end = n - 7; i < end; i += 8) {
    const lo = c ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
    c =
      T7[lo & 0xff] ^
      T6[(lo >>> 8) & 0xff] ^
      T5[(lo >>> 16) & 0xff] ^
      T4[lo >>> 24] ^
      T3[data[i + 4]] ^
      T2[data[i + 5]] ^
      T1[data[i + 6]] ^
      T0[data[i + 7]];
  }
  for (; i < n; i++) c = T0[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
