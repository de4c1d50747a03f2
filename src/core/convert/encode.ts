import type { Samples } from "../hdf5/rows";

/**
 * One column of a row-major block to big-endian float64 microvolts:
 * value = ((float64(raw) · scale) + offset) · unit, one rounding per
 * operation (spec §3). One loop per source type keeps each loop
 * monomorphic; the byte swap runs over a native float64 scratch array.
 */

type Encoder<T> = (
  src: T,
  width: number,
  column: number,
  rows: number,
  scale: number,
  offset: number,
  unit: number,
  out: Float64Array,
) => void;

const f64: Encoder<Float64Array> = (src, width, column, rows, scale, offset, unit, out) => {
  for (let r = 0, i = column; r < rows; r++, i += width) out[r] = (src[i]! * scale + offset) * unit;
};
const f32: Encoder<Float32Array> = (src, width, column, rows, scale, offset, unit, out) => {
  for (let r = 0, i = column; r < rows; r++, i += width) out[r] = (src[i]! * scale + offset) * unit;
};
const i16: Encoder<Int16Array> = (src, width, column, rows, scale, offset, unit, out) => {
  for (let r = 0, i = column; r < rows; r++, i += width) out[r] = (src[i]! * scale + offset) * unit;
};
const u16: Encoder<Uint16Array> = (src, width, column, rows, scale, offset, unit, out) => {
  for (let r = 0, i = column; r < rows; r++, i += width) out[r] = (src[i]! * scale + offset) * unit;
};
const i32: Encoder<Int32Array> = (src, width, column, rows, scale, offset, unit, out) => {
  for (let r = 0, i = column; r < rows; r++, i += width) out[r] = (src[i]! * scale + offset) * unit;
};
const u32: Encoder<Uint32Array> = (src, width, column, rows, scale, offset, unit, out) => {
  for (let r = 0, i = column; r < rows; r++, i += width) out[r] = (src[i]! * scale + offset) * unit;
};
const i8: Encoder<Int8Array> = (src, width, column, rows, scale, offset, unit, out) => {
  for (let r = 0, i = column; r < rows; r++, i += width) out[r] = (src[i]! * scale + offset) * unit;
};
const u8: Encoder<Uint8Array> = (src, width, column, rows, scale, offset, unit, out) => {
  for (let r = 0, i = column; r < rows; r++, i += width) out[r] = (src[i]! * scale + offset) * unit;
};
// Number(bigint) rounds to nearest, ties to even, as NumPy's int64 → float64 does.
const i64: Encoder<BigInt64Array> = (src, width, column, rows, scale, offset, unit, out) => {
  for (let r = 0, i = column; r < rows; r++, i += width) out[r] = (Number(src[i]!) * scale + offset) * unit;
};
const u64: Encoder<BigUint64Array> = (src, width, column, rows, scale, offset, unit, out) => {
  for (let r = 0, i = column; r < rows; r++, i += width) out[r] = (Number(src[i]!) * scale + offset) * unit;
};

/** Writes the scaled column into `out` (native float64, length ≥ rows). */
export function scaleColumn(
  src: Samples,
  width: number,
  column: number,
  rows: number,
  scale: number,
  offset: number,
  unit: number,
  out: Float64Array,
): void {
  if (src instanceof Float64Array) f64(src, width, column, rows, scale, offset, unit, out);
  else if (src instanceof Int16Array) i16(src, width, column, rows, scale, offset, unit, out);
  else if (src instanceof Float32Array) f32(src, width, column, rows, scale, offset, unit, out);
  else if (src instanceof Int32Array) i32(src, width, column, rows, scale, offset, unit, out);
  else if (src instanceof Uint16Array) u16(src, width, column, rows, scale, offset, unit, out);
  else if (src instanceof Uint32Array) u32(src, width, column, rows, scale, offset, unit, out);
  else if (src instanceof Int8Array) i8(src, width, column, rows, scale, offset, unit, out);
  else if (src instanceof Uint8Array) u8(src, width, column, rows, scale, offset, unit, out);
  else if (src instanceof BigInt64Array) i64(src, width, column, rows, scale, offset, unit, out);
  else u64(src, width, column, rows, scale, offset, unit, out);
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Copies native float64 values into `target` as big-endian bytes. */
export function toBigEndian(values: Float64Array, count: number, target: Uint8Array): void {
  const src = new Uint32Array(values.buffer, values.byteOffset, count * 2);
  const dst = new Uint32Array(target.buffer, target.byteOffset, count * 2);
  if (!LITTLE_ENDIAN_HOST) {
    dst.set(src);
    return;
  }
  for (let i = 0; i < src.length; i += 2) {
    const lo = src[i]!;
    const hi = src[i + 1]!;
    dst[i] = ((hi & 0xff) << 24) | ((hi & 0xff00) << 8) | ((hi >>> 8) & 0xff00) | (hi >>> 24);
    dst[i + 1] = ((lo & 0xff) << 24) | ((lo & 0xff00) << 8) | ((lo >>> 8) & 0xff00) | (lo >>> 24);
  }
}

/** Encodes one channel of a block as the bytes of a chunk file (before gzip). */
export function encodeColumn(
  src: Samples,
  width: number,
  column: number,
  rows: number,
  scale: number,
  offset: number,
  unit: number,
  scratch: Float64Array,
): Uint8Array {
  scaleColumn(src, width, column, rows, scale, offset, unit, scratch);
  const bytes = new Uint8Array(rows * 8);
  toBigEndian(scratch, rows, bytes);
  return bytes;
}
