import type { ArrayElement } from "./array-element";
import { verifyChecksum } from "./checksum";
import { Cursor, fail, readAt, type FileContext } from "./cursor";

/** What the blocks of one extensible array share, from its header. */
export interface ArrayInfo {
  ctx: FileContext;
  headerAddress: number;
  what: string;
  clientId: number;
  elementSize: number;
  /** Bytes of the "offset in array" field of super and data blocks. */
  offsetSize: number;
  /** Elements per data block page; larger data blocks are paged. */
  pageElements: number;
  decode(raw: Uint8Array, count: number): ArrayElement[];
}

/** Signature, version 0, client id and owning header address open every block. */
function checkPrefix(c: Cursor, signature: string, a: ArrayInfo): void {
  c.signature(signature);
  if (c.u8() !== 0) fail(`${a.what}: unsupported ${signature} version`);
  if (c.u8() !== a.clientId) fail(`${a.what}: ${signature} client id differs from header`);
  if (c.addr(a.ctx.sb.sizeOfOffsets) !== a.headerAddress) fail(`${a.what}: ${signature} points to another header`);
}

export interface IndexBlock {
  elements: ArrayElement[];
  dataBlocks: (number | null)[];
  superBlocks: (number | null)[];
}

export function readIndexBlock(
  a: ArrayInfo,
  address: number,
  elementCount: number,
  dataBlockCount: number,
  superBlockCount: number,
): IndexBlock {
  const O = a.ctx.sb.sizeOfOffsets;
  const length = 6 + O + elementCount * a.elementSize + (dataBlockCount + superBlockCount) * O;
  const bytes = readAt(a.ctx, address, length + 4);
  const c = new Cursor(bytes);
  checkPrefix(c, "EAIB", a);
  verifyChecksum(bytes, length, `${a.what} index block`);
  const elements = a.decode(c.take(elementCount * a.elementSize), elementCount);
  const dataBlocks = Array.from({ length: dataBlockCount }, () => c.addr(O));
  const superBlocks = Array.from({ length: superBlockCount }, () => c.addr(O));
  return { elements, dataBlocks, superBlocks };
}

export interface SuperBlock {
  dataBlocks: (number | null)[];
  /** One bit per page of each data block (data block index * pages per block + page), first bit = 0x80. */
  pageInit: Uint8Array | null;
}

export function readSuperBlock(
  a: ArrayInfo,
  address: number,
  count: number,
  blockElements: number,
  arrayOffset: number,
): SuperBlock {
  const O = a.ctx.sb.sizeOfOffsets;
  const pages = blockElements > a.pageElements ? blockElements / a.pageElements : 0;
  const initSize = count * Math.ceil(pages / 8);
  const length = 6 + O + a.offsetSize + initSize + count * O;
  const bytes = readAt(a.ctx, address, length + 4);
  const c = new Cursor(bytes);
  checkPrefix(c, "EASB", a);
  if (c.uint(a.offsetSize) !== arrayOffset) fail(`${a.what}: super block at ${address} has an unexpected offset`);
  const pageInit = pages > 0 ? c.take(initSize) : null;
  const dataBlocks = Array.from({ length: count }, () => c.addr(O));
  verifyChecksum(bytes, length, `${a.what} super block at ${address}`);
  return { dataBlocks, pageInit };
}

/**
 * Reads a data block of `blockElements` elements, calling `emit` with the
 * index of the first element (within the block) of each run it decodes.
 * `arrayOffsets` lists the acceptable values of the block's stored offset.
 */
export function readDataBlock(
  a: ArrayInfo,
  address: number,
  blockElements: number,
  arrayOffsets: number[],
  pageInit: { bits: Uint8Array; first: number } | null,
  emit: (first: number, elements: ArrayElement[]) => void,
): void {
  const prefix = 6 + a.ctx.sb.sizeOfOffsets + a.offsetSize;
  const paged = blockElements > a.pageElements;
  if (paged && !pageInit) fail(`${a.what}: paged data block at ${address} outside a super block`);
  const inline = paged ? 0 : blockElements * a.elementSize;
  const bytes = readAt(a.ctx, address, prefix + inline + 4);
  const c = new Cursor(bytes);
  checkPrefix(c, "EADB", a);
  const stored = c.uint(a.offsetSize);
  if (!arrayOffsets.includes(stored)) fail(`${a.what}: data block at ${address} has unexpected offset ${stored}`);
  verifyChecksum(bytes, prefix + inline, `${a.what} data block at ${address}`);
  if (!paged) return emit(0, a.decode(bytes.subarray(prefix, prefix + inline), blockElements));

  // Pages follow the block's own checksum, each with a checksum of its own.
  const pageBytes = a.pageElements * a.elementSize;
  for (let p = 0; p < blockElements / a.pageElements; p++) {
    const bit = pageInit!.first + p;
    if ((pageInit!.bits[bit >> 3]! & (0x80 >> (bit & 7))) === 0) continue; // page never written
    const page = readAt(a.ctx, address + prefix + 4 + p * (pageBytes + 4), pageBytes + 4);
    verifyChecksum(page, pageBytes, `${a.what} data block page ${p} at ${address}`);
    emit(p * a.pageElements, a.decode(page, a.pageElements));
  }
}
