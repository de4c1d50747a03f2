import type { Samples } from "../hdf5/rows";
import type { DatasetDtype } from "../hdf5/layout";

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type SamplesConstructor = new (buffer: ArrayBuffer, byteOffset?: number, length?: number) => Samples;

/** The typed array for an HDF5 integer or float type, or null for anything else. */
export function samplesType(dtype: DatasetDtype): SamplesConstructor | null {
  if (dtype.class === 1) return dtype.size === 8 ? Float64Array : dtype.size === 4 ? Float32Array : null;
  if (dtype.class !== 0) return null;
  switch (dtype.size) {
    case 1:
      return dtype.signed ? Int8Array : Uint8Array;
    case 2:
      return dtype.signed ? Int16Array : Uint16Array;
    case 4:
      return dtype.signed ? Int32Array : Uint32Array;
    case 8:
      return dtype.signed ? BigInt64Array : BigUint64Array;
    default:
      return null;
  }
}

/** Reverses the bytes of each element in place (big-endian data on a little-endian host). */
export function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i + size <= bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}

/** HDF5's shuffle filter stores byte 0 of every element, then byte 1, …; this puts them back (into `into` if it fits). */
export function unshuffle(input: Uint8Array, size: number, into?: Uint8Array): Uint8Array {
  if (size <= 1) return input;
  const count = Math.floor(input.length / size);
  const out = into && into.length >= input.length ? into.subarray(0, input.length) : new Uint8Array(input.length);
  if (size !== 2 || !unshuffle16Words(input, count, out)) {
    for (let j = 0; j < size; j++) {
      const plane = input.subarray(j * count, (j + 1) * count);
      for (let i = 0, o = j; i < count; i++, o += size) out[o] = plane[i]!;
    }
  }
  // Bytes past the last whole element are left unshuffled by HDF5.
  out.set(input.subarray(count * size), count * size);
  return out;
}

/**
 * Two-byte unshuffle a word at a time: 4 elements from each plane make 2 words of output. ~3× the byte loop
 * (3.2 against 1.0 GB/s in Node), which matters for int16 recordings: a Blosc(zstd) block decodes at ~600 MB/s.
 * Only where words line up and the host is little-endian; false leaves the work to the byte loop.
 */
function unshuffle16Words(input: Uint8Array, count: number, out: Uint8Array): boolean {
  if (!LITTLE_ENDIAN_HOST || count % 4 !== 0 || input.byteOffset % 4 !== 0 || out.byteOffset % 4 !== 0) return false;
  const lo = new Uint32Array(input.buffer, input.byteOffset, count / 4);
  const hi = new Uint32Array(input.buffer, input.byteOffset + count, count / 4);
  const words = new Uint32Array(out.buffer, out.byteOffset, count / 2);
  for (let k = 0; k < lo.length; k++) {
    const a = lo[k]!;
    const b = hi[k]!;
    words[2 * k] = (a & 0xff) | ((b & 0xff) << 8) | ((a & 0xff00) << 8) | ((b & 0xff00) << 16);
    words[2 * k + 1] = ((a >>> 16) & 0xff) | (((b >>> 16) & 0xff) << 8) | ((a >>> 24) << 16) | ((b >>> 24) << 24);
  }
  return true;
}

/**
 * Blosc's bit shuffle undone (c-blosc's bitunshuffle, after the bitshuffle library): the input holds one row per
 * bit of the element (byte j's bit k is row 8j + k), bit i of a row (least significant first) belonging to element
 * i. Only whole groups of 8 elements are shuffled: a block whose element count is not a multiple of 8 is stored as
 * it is, and so are the bytes past the last whole element.
 */
export function bitUnshuffle(input: Uint8Array, size: number, out: Uint8Array): void {
  const count = Math.floor(input.length / size);
  if (count % 8 !== 0) {
    out.set(input);
    return;
  }
  const rows = count / 8; // bytes per row: one for each group of 8 elements
  for (let j = 0; j < size; j++) {
    const first = 8 * j * rows;
    for (let g = 0; g < rows; g++) {
      // Byte g of the 8 rows of byte j, an 8 × 8 bit matrix, is transposed (bitshuffle's TRANS_BIT_8X8, in two
      // 32-bit halves): byte m then holds byte j of element 8g + m.
      const r = first + g;
      let lo = input[r]! | (input[r + rows]! << 8) | (input[r + 2 * rows]! << 16) | (input[r + 3 * rows]! << 24);
      let hi =
        input[r + 4 * rows]! |
        (input[r + 5 * rows]! << 8) |
        (input[r + 6 * rows]! << 16) |
        (input[r + 7 * rows]! << 24);
      let t = (lo ^ (lo >>> 7)) & 0x00aa00aa;
      lo ^= t ^ (t << 7);
      t = (hi ^ (hi >>> 7)) & 0x00aa00aa;
      hi ^= t ^ (t << 7);
      t = (lo ^ (lo >>> 14)) & 0x0000cccc;
      lo ^= t ^ (t << 14);
      t = (hi ^ (hi >>> 14)) & 0x0000cccc;
      hi ^= t ^ (t << 14);
      t = (lo ^ ((lo >>> 28) | (hi << 4))) & 0xf0f0f0f0;
      lo ^= t;
      hi ^= t >>> 4;
      const o = 8 * g * size + j;
      out[o] = lo;
      out[o + size] = lo >>> 8;
      out[o + 2 * size] = lo >>> 16;
      out[o + 3 * size] = lo >>> 24;
      out[o + 4 * size] = hi;
      out[o + 5 * size] = hi >>> 8;
      out[o + 6 * size] = hi >>> 16;
      out[o + 7 * size] = hi >>> 24;
    }
  }
  out.set(input.subarray(count * size), count * size);
}
