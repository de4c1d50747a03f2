import { decodeElements, type ArrayElement } from "./array-element";
import { chunksPerDim, toOffset, unravel, type ChunkGeometry } from "./chunk-geometry";
import { verifyChecksum } from "./checksum";
import { Cursor, fail, readAt, type FileContext } from "./cursor";
import { readDataBlock, readIndexBlock, readSuperBlock, type ArrayInfo } from "./extensible-array-blocks";
import type { ChunkRef } from "./types";

/**
 * Lists the chunks of an extensible array index (one unlimited dimension).
 *
 * Elements live first in the index block, then in data blocks of growing
 * size grouped into "super blocks" s = 0, 1, …: super block s has
 * 2^floor(s/2) data blocks of 2^ceil(s/2) × (minimum) elements. The data
 * block addresses of the first super blocks sit in the index block, later
 * ones in separate super block structures.
 *
 * Element i is the chunk at row-major position i of the chunk grid of the
 * maximum extent, reordered so the unlimited dimension is the slowest
 * (libhdf5 moves it first and keeps the others in order).
 */
export function readExtensibleArrayChunks(
  ctx: FileContext,
  headerAddress: number,
  geometry: ChunkGeometry,
): ChunkRef[] {
  const O = ctx.sb.sizeOfOffsets;
  const L = ctx.sb.sizeOfLengths;
  const what = `${ctx.src.name}: extensible array at ${headerAddress}`;

  const unlimited = geometry.maxShape.flatMap((m, i) => (m === null ? [i] : []));
  if (unlimited.length !== 1) fail(`${what}: needs one unlimited dimension, found ${unlimited.length}`);
  const order = [unlimited[0]!, ...geometry.chunkShape.keys()].filter((d, i) => i === 0 || d !== unlimited[0]);
  const grid = chunksPerDim(
    geometry.maxShape.map((m) => m ?? 0),
    geometry.chunkShape,
  );
  const swizzledGrid = order.map((d) => grid[d]!);

  const bytes = readAt(ctx, headerAddress, 12 + 6 * L + O + 4);
  const h = new Cursor(bytes);
  h.signature("EAHD");
  if (h.u8() !== 0) fail(`${what}: unsupported header version`);
  const clientId = h.u8();
  const elementSize = h.u8();
  const maxElementBits = h.u8();
  const indexBlockElements = h.u8();
  const minBlockElements = h.u8();
  const minSuperBlockPointers = h.u8();
  const pageBits = h.u8();
  h.skip(4 * L); // super and data block counts and sizes
  const maxIndexSet = h.uint(L); // one past the highest element ever set
  h.skip(L); // elements realized
  const indexBlockAddress = h.addr(O);
  verifyChecksum(bytes, h.pos, `${what} header`);
  if (indexBlockAddress === null || maxIndexSet === 0) return [];

  const superBlockCount = 1 + maxElementBits - Math.log2(minBlockElements);
  const superBlocksInIndex = 2 * Math.log2(minSuperBlockPointers);
  if (
    !Number.isInteger(superBlockCount) ||
    !Number.isInteger(superBlocksInIndex) ||
    superBlocksInIndex > superBlockCount
  ) {
    fail(`${what}: inconsistent creation parameters`);
  }
  const a: ArrayInfo = {
    ctx,
    headerAddress,
    what,
    clientId,
    elementSize,
    offsetSize: Math.ceil(maxElementBits / 8),
    pageElements: 2 ** pageBits,
    decode: (raw, n) => decodeElements(raw, n, elementSize, clientId, O, geometry.chunkBytes),
  };

  const chunks: ChunkRef[] = [];
  const emit = (first: number, elements: ArrayElement[]) => {
    elements.forEach((e, k) => {
      if (e.address === null || first + k >= maxIndexSet) return;
      const swizzled = unravel(first + k, swizzledGrid);
      const scaled = new Array<number>(order.length);
      order.forEach((d, i) => (scaled[d] = swizzled[i]!));
      const address = ctx.sb.baseAddress + e.address;
      chunks.push({ offset: toOffset(scaled, geometry.chunkShape), address, size: e.size, filterMask: e.filterMask });
    });
  };

  const dataBlocksInIndex = 2 * (minSuperBlockPointers - 1);
  const index = readIndexBlock(
    a,
    indexBlockAddress,
    indexBlockElements,
    dataBlocksInIndex,
    superBlockCount - superBlocksInIndex,
  );
  emit(0, index.elements);

  let start = 0; // first element of super block s, counted after the index block's elements
  let firstDataBlock = 0; // index among all data blocks of super block s's first data block
  for (let s = 0; s < superBlockCount && indexBlockElements + start < maxIndexSet; s++) {
    const count = 2 ** Math.floor(s / 2);
    const blockElements = 2 ** Math.ceil(s / 2) * minBlockElements;
    let dataBlocks: (number | null)[] = [];
    let pageInit: Uint8Array | null = null;
    if (s < superBlocksInIndex) {
      dataBlocks = index.dataBlocks.slice(firstDataBlock, firstDataBlock + count);
    } else {
      const address = index.superBlocks[s - superBlocksInIndex]!;
      if (address !== null) ({ dataBlocks, pageInit } = readSuperBlock(a, address, count, blockElements, start));
    }
    dataBlocks.forEach((address, d) => {
      const blockStart = start + d * blockElements;
      if (address === null || indexBlockElements + blockStart >= maxIndexSet) return;
      // libhdf5 stores the offset of blocks listed in the index block as if
      // d counted from the array's first data block; accept either form.
      const quirk = start + (firstDataBlock + d) * blockElements;
      const offsets = s < superBlocksInIndex ? [blockStart, quirk] : [blockStart];
      const pages = pageInit && { bits: pageInit, first: (d * blockElements) / a.pageElements };
      readDataBlock(a, address, blockElements, offsets, pages, (first, elements) =>
        emit(indexBlockElements + blockStart + first, elements),
      );
    });
    start += count * blockElements;
    firstDataBlock += count;
  }
  return chunks;
}
