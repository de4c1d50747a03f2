import type { Samples } from "../hdf5/rows";

const TILE = 64;

/**
 * A row-major block of a wide recording turned channel-major, in cache-sized
 * tiles. Reading one channel of a 384-wide block strides 768 bytes per
 * sample and touches a cache line per sample, 384 times over; after one
 * transpose each channel is a contiguous run (measured: 70 ms per 100 MB
 * block, against 1.7 s more for strided encoding over a 460 MB recording).
 * Elements move as raw bits (8-byte types as two 32-bit halves), so nothing
 * is converted; one function per element size keeps each loop monomorphic.
 */
export function channelMajor(block: Samples, rows: number, width: number): Samples {
  const out = new (block.constructor as new (n: number) => Samples)(rows * width);
  const n = rows * width;
  const { buffer, byteOffset } = block;
  switch (block.BYTES_PER_ELEMENT) {
    case 1:
      t8(new Uint8Array(buffer, byteOffset, n), new Uint8Array(out.buffer), rows, width);
      break;
    case 2:
      t16(new Uint16Array(buffer, byteOffset, n), new Uint16Array(out.buffer), rows, width);
      break;
    case 4:
      t32(new Uint32Array(buffer, byteOffset, n), new Uint32Array(out.buffer), rows, width);
      break;
    default:
      t64(new Uint32Array(buffer, byteOffset, n * 2), new Uint32Array(out.buffer), rows, width);
  }
  return out;
}

// Within a tile, walk each column down the rows: the writes are sequential.
function t8(src: Uint8Array, dst: Uint8Array, rows: number, width: number): void {
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let c = 0; c < width; c++)
      for (let r = r0, s = r0 * width + c, d = c * rows + r0; r < r1; r++, s += width, d++) dst[d] = src[s]!;
  }
}

function t16(src: Uint16Array, dst: Uint16Array, rows: number, width: number): void {
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let c = 0; c < width; c++)
      for (let r = r0, s = r0 * width + c, d = c * rows + r0; r < r1; r++, s += width, d++) dst[d] = src[s]!;
  }
}

function t32(src: Uint32Array, dst: Uint32Array, rows: number, width: number): void {
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let c = 0; c < width; c++)
      for (let r = r0, s = r0 * width + c, d = c * rows + r0; r < r1; r++, s += width, d++) dst[d] = src[s]!;
  }
}

function t64(src: Uint32Array, dst: Uint32Array, rows: number, width: number): void {
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let c = 0; c < width; c++)
      for (let r = r0, s = (r0 * width + c) * 2, d = (c * rows + r0) * 2; r < r1; r++, s += width * 2, d += 2) {
        dst[d] = src[s]!;
        dst[d + 1] = src[s + 1]!;
      }
  }
}

/**
 * Copies a row-major tile (rows × cols, row stride `srcStride` elements)
 * into a channel-major block (column stride `dstStride`), as raw bits.
 * Used to drop decoded chunks straight into channel-major order.
 */
export function copyTileToChannelMajor(
  src: Uint8Array,
  srcStride: number,
  dst: Uint8Array,
  dstStride: number,
  rows: number,
  cols: number,
  elementSize: number,
): void {
  const s = src.byteOffset;
  const d = dst.byteOffset;
  if (elementSize === 2 && s % 2 === 0 && d % 2 === 0)
    tile16(
      new Uint16Array(src.buffer, s, src.length / 2),
      srcStride,
      new Uint16Array(dst.buffer, d, dst.length / 2),
      dstStride,
      rows,
      cols,
    );
  else if (elementSize === 4 && s % 4 === 0 && d % 4 === 0)
    tile32(
      new Uint32Array(src.buffer, s, src.length / 4),
      srcStride,
      new Uint32Array(dst.buffer, d, dst.length / 4),
      dstStride,
      rows,
      cols,
    );
  else tileBytes(src, srcStride, dst, dstStride, rows, cols, elementSize);
}

function tile16(src: Uint16Array, ss: number, dst: Uint16Array, ds: number, rows: number, cols: number): void {
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let c = 0; c < cols; c++)
      for (let r = r0, i = r0 * ss + c, o = c * ds + r0; r < r1; r++, i += ss, o++) dst[o] = src[i]!;
  }
}

function tile32(src: Uint32Array, ss: number, dst: Uint32Array, ds: number, rows: number, cols: number): void {
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let c = 0; c < cols; c++)
      for (let r = r0, i = r0 * ss + c, o = c * ds + r0; r < r1; r++, i += ss, o++) dst[o] = src[i]!;
  }
}

function tileBytes(
  src: Uint8Array,
  ss: number,
  dst: Uint8Array,
  ds: number,
  rows: number,
  cols: number,
  size: number,
): void {
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let c = 0; c < cols; c++)
      for (let r = r0; r < r1; r++) {
        const i = (r * ss + c) * size;
        const o = (c * ds + r) * size;
        for (let b = 0; b < size; b++) dst[o + b] = src[i + b]!;
      }
  }
}
