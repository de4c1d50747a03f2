import { decodeElements, type ArrayElement } from "./array-element";
import { chunksPerDim, toOffset, unravel, type ChunkGeometry } from "./chunk-geometry";
import { verifyChecksum } from "./checksum";
import { Cursor, fail, readAt, type FileContext } from "./cursor";
import type { ChunkRef } from "./types";

/**
 * Lists the chunks of a fixed array index ("FAHD" header, "FADB" data block).
 * Element i belongs to the chunk whose row-major position is i in the grid
 * of chunks covering the MAXIMUM extent (libhdf5 sizes the array for it).
 * Large arrays are split into pages after the data block, each with its own
 * checksum; pages never written are flagged in the block's bitmap.
 */
export function readFixedArrayChunks(ctx: FileContext, headerAddress: number, geometry: ChunkGeometry): ChunkRef[] {
  const O = ctx.sb.sizeOfOffsets;
  const L = ctx.sb.sizeOfLengths;
  const what = `${ctx.src.name}: fixed array at ${headerAddress}`;

  const headerBytes = readAt(ctx, headerAddress, 8 + L + O + 4);
  const h = new Cursor(headerBytes);
  h.signature("FAHD");
  if (h.u8() !== 0) fail(`${what}: unsupported header version`);
  const clientId = h.u8();
  const elementSize = h.u8();
  const pageBits = h.u8();
  const count = h.uint(L);
  const blockAddress = h.addr(O);
  verifyChecksum(headerBytes, h.pos, `${what} header`);

  const maxShape = geometry.maxShape.map((m) => m ?? fail(`${what}: unlimited dimension in a fixed array`));
  const grid = chunksPerDim(maxShape, geometry.chunkShape);
  const expected = grid.reduce((a, b) => a * b, 1);
  if (count !== expected) fail(`${what}: ${count} elements, but the maximum extent has ${expected} chunks`);
  if (blockAddress === null || count === 0) return [];

  const pageSize = 2 ** pageBits;
  const pages = count > pageSize ? Math.ceil(count / pageSize) : 0;
  const bitmapSize = Math.ceil(pages / 8);
  const prefixSize = 6 + O + bitmapSize;
  const inlineSize = pages > 0 ? 0 : count * elementSize;
  const block = readAt(ctx, blockAddress, prefixSize + inlineSize + 4);
  const b = new Cursor(block);
  b.signature("FADB");
  if (b.u8() !== 0) fail(`${what}: unsupported data block version`);
  if (b.u8() !== clientId) fail(`${what}: data block client id differs from header`);
  if (b.addr(O) !== headerAddress) fail(`${what}: data block points to another header`);
  const bitmap = b.take(bitmapSize);
  verifyChecksum(block, prefixSize + inlineSize, `${what} data block`);

  const chunks: ChunkRef[] = [];
  const emit = (first: number, elements: ArrayElement[]) => {
    elements.forEach((e, k) => {
      if (e.address === null) return;
      const offset = toOffset(unravel(first + k, grid), geometry.chunkShape);
      chunks.push({
        offset,
        address: ctx.sb.baseAddress + e.address,
        size: e.size,
        filterMask: e.filterMask,
      });
    });
  };
  const decode = (bytes: Uint8Array, n: number) =>
    decodeElements(bytes, n, elementSize, clientId, O, geometry.chunkBytes);

  if (pages === 0) {
    emit(0, decode(block.subarray(prefixSize, prefixSize + inlineSize), count));
    return chunks;
  }
  // Pages start after the block's own checksum.
  const pageBytes = pageSize * elementSize + 4;
  for (let p = 0; p < pages; p++) {
    if ((bitmap[p >> 3]! & (0x80 >> (p & 7))) === 0) continue; // page never written
    const n = p === pages - 1 ? count - p * pageSize : pageSize;
    const page = readAt(ctx, blockAddress + prefixSize + 4 + p * pageBytes, n * elementSize + 4);
    verifyChecksum(page, n * elementSize, `${what} page ${p}`);
    emit(p * pageSize, decode(page, n));
  }
  return chunks;
}
