import type { Samples } from "../hdf5/rows";
import { crc32 as ownCrc32, crc32Combine, crc32Shift, type Crc32 } from "../sink/crc32";
import { tableWriter } from "./encode-table";
import { f64Kernel } from "./encode-wasm";

/**
 * The hot path of the pipeline: one column of a block scaled to microvolts
 * (spec §3, one rounding per operation) and written as big-endian float64
 * straight into the bytes of the chunk file. At gzip level 0 those bytes
 * are already inside their stored deflate blocks, so each sample is
 * written once. One loop per source type keeps every loop monomorphic.
 */

type Writer<T> = (
  src: T,
  width: number,
  column: number,
  first: number,
  count: number,
  scale: number,
  offset: number,
  unit: number,
  out: DataView,
  at: number,
) => void;

const f64: Writer<Float64Array> = (src, width, column, first, count, scale, offset, unit, out, at) => {
  for (let r = 0, i = first * width + column; r < count; r++, i += width, at += 8)
    out.setFloat64(at, (src[i]! * scale + offset) * unit);
};
const f32: Writer<Float32Array> = (src, width, column, first, count, scale, offset, unit, out, at) => {
  for (let r = 0, i = first * width + column; r < count; r++, i += width, at += 8)
    out.setFloat64(at, (src[i]! * scale + offset) * unit);
};
const i16: Writer<Int16Array> = (src, width, column, first, count, scale, offset, unit, out, at) => {
  for (let r = 0, i = first * width + column; r < count; r++, i += width, at += 8)
    out.setFloat64(at, (src[i]! * scale + offset) * unit);
};
const u16: Writer<Uint16Array> = (src, width, column, first, count, scale, offset, unit, out, at) => {
  for (let r = 0, i = first * width + column; r < count; r++, i += width, at += 8)
    out.setFloat64(at, (src[i]! * scale + offset) * unit);
};
const i32: Writer<Int32Array> = (src, width, column, first, count, scale, offset, unit, out, at) => {
  for (let r = 0, i = first * width + column; r < count; r++, i += width, at += 8)
    out.setFloat64(at, (src[i]! * scale + offset) * unit);
};
const u32: Writer<Uint32Array> = (src, width, column, first, count, scale, offset, unit, out, at) => {
  for (let r = 0, i = first * width + column; r < count; r++, i += width, at += 8)
    out.setFloat64(at, (src[i]! * scale + offset) * unit);
};
const i8: Writer<Int8Array> = (src, width, column, first, count, scale, offset, unit, out, at) => {
  for (let r = 0, i = first * width + column; r < count; r++, i += width, at += 8)
    out.setFloat64(at, (src[i]! * scale + offset) * unit);
};
const u8: Writer<Uint8Array> = (src, width, column, first, count, scale, offset, unit, out, at) => {
  for (let r = 0, i = first * width + column; r < count; r++, i += width, at += 8)
    out.setFloat64(at, (src[i]! * scale + offset) * unit);
};
// Number(bigint) rounds to nearest, ties to even, as NumPy's int64 → float64 does.
const i64: Writer<BigInt64Array> = (src, width, column, first, count, scale, offset, unit, out, at) => {
  for (let r = 0, i = first * width + column; r < count; r++, i += width, at += 8)
    out.setFloat64(at, (Number(src[i]!) * scale + offset) * unit);
};
const u64: Writer<BigUint64Array> = (src, width, column, first, count, scale, offset, unit, out, at) => {
  for (let r = 0, i = first * width + column; r < count; r++, i += width, at += 8)
    out.setFloat64(at, (Number(src[i]!) * scale + offset) * unit);
};

function writerFor(src: Samples): Writer<Samples> {
  const w =
    src instanceof Float64Array
      ? f64
      : src instanceof Int16Array
        ? i16
        : src instanceof Float32Array
          ? f32
          : src instanceof Int32Array
            ? i32
            : src instanceof Uint16Array
              ? u16
              : src instanceof Uint32Array
                ? u32
                : src instanceof Int8Array
                  ? i8
                  : src instanceof Uint8Array
                    ? u8
                    : src instanceof BigInt64Array
                      ? i64
                      : u64;
  return w as Writer<Samples>;
}

export interface ColumnSpec {
  src: Samples;
  width: number;
  column: number;
  rows: number;
  scale: number;
  offset: number;
  unit: number;
}

/**
 * The least size of the buffers that files above level 0 are compressed into (worker/gzip-worker.ts): the browser
 * maps buffers this large apart and unmaps them when freed, where smaller ones stay resident in its pools.
 */
export const LEVEL1_BUFFER = 1 << 20;

/** The decompressed content of a chunk file: big-endian float64 µV, in `into` if it is large enough. */
export function encodeChunk(c: ColumnSpec, into?: Uint8Array): Uint8Array {
  const out = into && into.length >= c.rows * 8 ? into.subarray(0, c.rows * 8) : new Uint8Array(c.rows * 8);
  const view = new DataView(out.buffer, out.byteOffset, out.length);
  writerFor(c.src)(c.src, c.width, c.column, 0, c.rows, c.scale, c.offset, c.unit, view, 0);
  return out;
}

// Stored deflate blocks may hold up to 65,535 bytes; a multiple of 8 keeps samples whole within a block.
const BLOCK_SAMPLES = 8191;
const BLOCK_BYTES = BLOCK_SAMPLES * 8;

/** Bytes of the level-0 gzip member of a chunk of `rows` samples. */
export function storedGzipSize(rows: number): number {
  return 10 + Math.max(1, Math.ceil(rows / BLOCK_SAMPLES)) * 5 + rows * 8 + 8;
}

const FULL_BLOCK_SHIFT = crc32Shift(BLOCK_BYTES);

/**
 * A whole gzip member at level 0 (stored blocks), values written in place:
 * the fast path. `into` may be a reused buffer of at least the right size (`room` bytes more).
 * Returns the member and the CRC-32 of the member's own bytes (what a zip
 * entry records), assembled from the blocks' CRCs so no byte is read twice.
 */
export function encodeChunkStoredGzip(
  c: ColumnSpec,
  crc32: Crc32,
  into?: Uint8Array,
  room = 0,
): { gz: Uint8Array; memberCrc: number } {
  const dataBytes = c.rows * 8;
  const blocks = Math.max(1, Math.ceil(c.rows / BLOCK_SAMPLES));
  const size = storedGzipSize(c.rows);
  // `room` bytes are left free before the member, in the same buffer, for a sink's framing (OutputSink.headroom).
  const whole = into && into.length >= room + size ? into : new Uint8Array(room + size);
  const out = whole.subarray(room, room + size);
  const view = new DataView(out.buffer, out.byteOffset, out.length);
  out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  const write = writerFor(c.src);
  // Our own CRC is folded into the table loop of 16-bit sources; a native one (Node's zlib.crc32) reads
  // the bytes back faster than that loop can fold it (measured: 0.45 vs 0.7 ms per 125,000 int16 samples).
  const byTable = crc32 === ownCrc32 ? tableWriter(c) : null;
  const byWasm = crc32 === ownCrc32 && c.src instanceof Float64Array ? f64Kernel() : null;
  let at = 10;
  let crc = 0;
  let memberCrc = crc32(out.subarray(0, 10));
  for (let b = 0; b < blocks; b++) {
    const first = b * BLOCK_SAMPLES;
    const count = Math.min(BLOCK_SAMPLES, c.rows - first);
    const len = count * 8;
    out[at] = b === blocks - 1 ? 1 : 0;
    view.setUint16(at + 1, len, true);
    view.setUint16(at + 3, ~len & 0xffff, true);
    let blockCrc: number;
    if (byTable) blockCrc = byTable(first, count, view, at + 5);
    else if (byWasm) blockCrc = byWasm.block(c as ColumnSpec & { src: Float64Array }, first, count, out, at + 5);
    else {
      write(c.src, c.width, c.column, first, count, c.scale, c.offset, c.unit, view, at + 5);
      blockCrc = crc32(out.subarray(at + 5, at + 5 + len));
    }
    const shift = len === BLOCK_BYTES ? FULL_BLOCK_SHIFT : crc32Shift(len);
    crc = crc32Combine(crc, blockCrc, len, shift);
    memberCrc = crc32Combine(crc32(out.subarray(at, at + 5), memberCrc), blockCrc, len, shift);
    at += 5 + len;
  }
  view.setUint32(at, crc >>> 0, true);
  view.setUint32(at + 4, dataBytes >>> 0, true);
  memberCrc = crc32(out.subarray(at, at + 8), memberCrc);
  return { gz: out, memberCrc };
}

export { BLOCK_BYTES };

/** A column as native float64 µV (previews): the pipeline's own encoder, read back. */
export function columnValues(c: ColumnSpec): Float64Array {
  const bytes = encodeChunk(c);
  const view = new DataView(bytes.buffer);
  const out = new Float64Array(c.rows);
  for (let i = 0; i < c.rows; i++) out[i] = view.getFloat64(i * 8);
  return out;
}
