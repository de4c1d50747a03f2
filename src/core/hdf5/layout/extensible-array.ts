import { decodeElements, type ArrayElement } from "./array-element";
import { chunksPerDim, toOffset, unravel, type ChunkGeometry } from "./chunk-geometry";
import { verifyChecksum } from "./checksum";
import { Cursor, fail, readAt, type FileContext } from "./cursor";
import type { ChunkRef } from "./types";

interface Header {
  clientId: number;
  elementSize: number;
  offsetSize: number;
  indexBlockElements: number;
  pageElements: number;
  /** One past the highest element index ever set. */
  maxIndexSet: number;
}

/**
 * Lists the chunks of an extensible array index (one unlimited dimension).
 * Elements live first in the index block, then in data blocks of growing
 * size grouped into "super blocks": the first super blocks' data block
 * addresses sit in the index block, later ones in separate "EASB" blocks.
 * Element i is the chunk at row-major position i of a grid whose slowest
 * dimension is the unlimited one (libhdf5 moves it first, keeping the rest in order).
 */
export function readExtensibleArrayChunks(ctx: FileContext, headerAddress: number, geometry: ChunkGeometry): ChunkRef[] {
  const O = ctx.sb.sizeOfOffsets;
  const L = ctx.sb.sizeOfLengths;
  const what = `${ctx.src.name}: extensible array at ${headerAddress}`;
  const unlimited = geometry.maxShape.flatMap((m, i) => (m === null ? [i] : []));
  if (unlimited.length !== 1) fail(`${what}: needs exactly one unlimited dimension, found ${unlimited.length}`);
  const u = unlimited[0]!;
  const order = [u, ...geometry.chunkShape.keys()].filter((d, i) => i === 0 || d !== u);
  const grid = chunksPerDim(geometry.maxShape.map((m) => m ?? 0), geometry.chunkShape);
  const swizzledGrid = order.map((d) => grid[d]!);

  const bytes = readAt(ctx, headerAddress, 12 + 6 * L + O + 4);
  const h = new Cursor(bytes);
  h.signature("EAHD");
  if (h.u8() !== 0) fail(`${what}: unsupported header version`);
  const clientId = h.u8();
  const elementSize = h.u8();
  const maxElementBits = h.u8();
  const indexBlockElements = h.u8();
  const dataBlockMinElements = h.u8();
  const superBlockMinPointers = h.u8();
  const pageBits = h.u8();
  h.skip(4 * L); // super/data block counts and sizes
  const maxIndexSet = h.uint(L);
  h.skip(L); // elements realized
  const indexBlockAddress = h.addr(O);
  verifyChecksum(bytes, h.pos, `${what} header`);
  if (indexBlockAddress === null || maxIndexSet === 0) return [];
  const hdr: Header = {
    clientId,
    elementSize,
    offsetSize: Math.ceil(maxElementBits / 8),
    indexBlockElements,
    pageElements: 2 ** pageBits,
    maxIndexSet,
  };

  const chunks: ChunkRef[] = [];
  const emit = (first: number, elements: ArrayElement[]) => {
    elements.forEach((e, k) => {
      if (e.address === null || first + k >= maxIndexSet) return;
      const swizzled = unravel(first + k, swizzledGrid);
      const scaled = new Array<number>(order.length);
      order.forEach((d, i) => (scaled[d] = swizzled[i]!));
      const offset = toOffset(scaled, geometry.chunkShape);
      chunks.push({ offset, address: ctx.sb.baseAddress + e.address, size: e.size, filterMask: e.filterMask });
    });
  };
  const decode = (raw: Uint8Array, n: number) => decodeElements(raw, n, elementSize, clientId, O, geometry.chunkBytes);

  // Super block s holds 2^floor(s/2) data blocks of 2^ceil(s/2) * minimum elements each.
  const superBlocks = 1 + maxElementBits - Math.log2(dataBlockMinElements);
  const inIndexBlock = 2 * Math.log2(superBlockMinPointers);
  const indexDataBlocks = 2 * (superBlockMinPointers - 1);
  const indexSuperBlocks = superBlocks - inIndexBlock;
  if (!Number.isInteger(superBlocks) || !Number.isInteger(inIndexBlock) || indexSuperBlocks < 0) {
    fail(`${what}: inconsistent creation parameters`);
  }

  const ib = readAt(ctx, indexBlockAddress, 6 + O + indexBlockElements * elementSize + (indexDataBlocks + indexSuperBlocks) * O + 4);
  const c = new Cursor(ib);
  checkPrefix(c, "EAIB", hdr, headerAddress, O, what);
  verifyChecksum(ib, ib.length - 4, `${what} index block`);
  emit(0, decode(c.take(indexBlockElements * elementSize), indexBlockElements));
  const dataBlockAddresses = Array.from({ length: indexDataBlocks }, () => c.addr(O));
  const superBlockAddresses = Array.from({ length: indexSuperBlocks }, () => c.addr(O));

  let startIndex = 0; // element index (after the index block's) of super block s
  let startDataBlock = 0;
  for (let s = 0; s < superBlocks && indexBlockElements + startIndex < maxIndexSet; s++) {
    const count = 2 ** Math.floor(s / 2);
    const elements = 2 ** Math.ceil(s / 2) * dataBlockMinElements;
    let addresses: (number | null)[];
    let pageInit: Uint8Array | null = null;
    if (s < inIndexBlock) {
      addresses = dataBlockAddresses.slice(startDataBlock, startDataBlock + count);
    } else {
      const address = superBlockAddresses[s - inIndexBlock]!;
      if (address === null) addresses = [];
      else ({ addresses, pageInit } = readSuperBlock(ctx, address, count, elements, hdr, headerAddress, startIndex, what));
    }
    addresses.forEach((address, d) => {
      const blockOffset = startIndex + d * elements;
      if (address === null || indexBlockElements + blockOffset >= maxIndexSet) return;
      const read = (n: number, raw: Uint8Array, first: number) => emit(indexBlockElements + first, decode(raw, n));
      readDataBlock(ctx, address, elements, blockOffset, d, pageInit, hdr, headerAddress, what, read);
    });
    startIndex += count * elements;
    startDataBlock += count;
  }
  return chunks;
}

function checkPrefix(c: Cursor, signature: string, hdr: Header, headerAddress: number, O: number, what: string): void {
  c.signature(signature);
  if (c.u8() !== 0) fail(`${what}: unsupported ${signature} version`);
  if (c.u8() !== hdr.clientId) fail(`${what}: ${signature} client id differs from header`);
  if (c.addr(O) !== headerAddress) fail(`${what}: ${signature} points to another header`);
}

function readSuperBlock(
  ctx: FileContext,
  address: number,
  count: number,
  elements: number,
  hdr: Header,
  headerAddress: number,
  startIndex: number,
  what: string,
): { addresses: (number | null)[]; pageInit: Uint8Array | null } {
  const O = ctx.sb.sizeOfOffsets;
  const pages = elements > hdr.pageElements ? elements / hdr.pageElements : 0;
  const initSize = count * Math.ceil(pages / 8);
  const bytes = readAt(ctx, address, 6 + O + hdr.offsetSize + initSize + count * O + 4);
  const c = new Cursor(bytes);
  checkPrefix(c, "EASB", hdr, headerAddress, O, what);
  if (c.uint(hdr.offsetSize) !== startIndex) fail(`${what}: super block at ${address} has an unexpected offset`);
  const pageInit = pages > 0 ? c.take(initSize) : null;
  const addresses = Array.from({ length: count }, () => c.addr(O));
  verifyChecksum(bytes, c.pos, `${what} super block at ${address}`);
  return { addresses, pageInit };
}

function readDataBlock(
  ctx: FileContext,
  address: number,
  elements: number,
  blockOffset: number,
  indexInSuperBlock: number,
  pageInit: Uint8Array | null,
  hdr: Header,
  headerAddress: number,
  what: string,
  read: (n: number, raw: Uint8Array, first: number) => void,
): void {
  const O = ctx.sb.sizeOfOffsets;
  const prefix = 6 + O + hdr.offsetSize;
  const paged = elements > hdr.pageElements;
  if (paged && !pageInit) fail(`${what}: paged data block outside a super block`);
  const inline = paged ? 0 : elements * hdr.elementSize;
  const bytes = readAt(ctx, address, prefix + inline + 4);
  const c = new Cursor(bytes);
  checkPrefix(c, "EADB", hdr, headerAddress, O, what);
  if (c.uint(hdr.offsetSize) !== blockOffset) fail(`${what}: data block at ${address} has an unexpected offset`);
  verifyChecksum(bytes, prefix + inline, `${what} data block at ${address}`);
  if (!paged) return read(elements, bytes.subarray(prefix, prefix + inline), blockOffset);

  // Pages follow the block's checksum; the super block flags the written ones
  // in one bit string indexed by (data block * pages per block + page).
  const pages = elements / hdr.pageElements;
  const pageBytes = hdr.pageElements * hdr.elementSize;
  for (let p = 0; p < pages; p++) {
    const bit = indexInSuperBlock * pages + p;
    if ((pageInit![bit >> 3]! & (0x80 >> (bit & 7))) === 0) continue;
    const page = readAt(ctx, address + prefix + 4 + p * (pageBytes + 4), pageBytes + 4);
    verifyChecksum(page, pageBytes, `${what} data block page at ${address}/${p}`);
    read(hdr.pageElements, page.subarray(0, pageBytes), blockOffset + p * hdr.pageElements);
  }
}
