import type { Samples } from "../hdf5/rows";
import type { DatasetDtype } from "../hdf5/layout";

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
  for (let j = 0; j < size; j++) {
    const plane = input.subarray(j * count, (j + 1) * count);
    for (let i = 0, o = j; i < count; i++, o += size) out[o] = plane[i]!;
  }
  // Bytes past the last whole element are left unshuffled by HDF5.
  out.set(input.subarray(count * size), count * size);
  return out;
}
