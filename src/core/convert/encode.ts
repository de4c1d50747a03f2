import type { Samples } from "../hdf5/rows";

/**
 * One column of a row-major block to big-endian float64 microvolts:
 * value = ((float64(raw) · scale) + offset) · unit, one rounding per
 * operation (spec §3), as native float64 — for previews. The pipeline
 * writes big-endian bytes directly (encode-be.ts). One loop per source
 * type keeps each loop monomorphic.
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
