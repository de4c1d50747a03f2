import { toOffset, type ChunkGeometry } from "./chunk-geometry";
import { verifyChecksum } from "./checksum";
import { Cursor, fail, readAt, type FileContext } from "./cursor";
import type { ChunkRef } from "./types";

/** v2 B-tree record types for chunk indexes: plain chunks and filtered chunks. */
const TYPE_CHUNKS = 10;
const TYPE_FILTERED_CHUNKS = 11;

/** Bytes needed to store counts up to `max` (libhdf5's H5VM_limit_enc_size). */
function countWidth(max: number): number {
  return Math.floor(Math.log2(max) / 8) + 1;
}

/**
 * Lists the chunks of a version-2 B-tree index ("BTHD" header, "BTIN"
 * internal and "BTLF" leaf nodes). Records hold the chunk address, for
 * filtered chunks its size and filter mask, then the chunk's coordinates
 * (one u64 per dataset dimension, in chunks). Internal nodes keep records
 * too, and child pointers whose count fields have widths derived from how
 * many records fit in a node at each depth.
 */
export function readBtreeV2Chunks(ctx: FileContext, headerAddress: number, geometry: ChunkGeometry): ChunkRef[] {
  const O = ctx.sb.sizeOfOffsets;
  const L = ctx.sb.sizeOfLengths;
  const what = `${ctx.src.name}: v2 B-tree at ${headerAddress}`;
  const rank = geometry.chunkShape.length;

  const bytes = readAt(ctx, headerAddress, 16 + O + 2 + L + 4);
  const h = new Cursor(bytes);
  h.signature("BTHD");
  if (h.u8() !== 0) fail(`${what}: unsupported header version`);
  const type = h.u8();
  const nodeSize = h.u32();
  const recordSize = h.u16();
  const depth = h.u16();
  h.skip(2); // split and merge percentages
  const rootAddress = h.addr(O);
  const rootRecords = h.u16();
  h.uint(L); // total records
  verifyChecksum(bytes, h.pos, `${what} header`);
  if (type !== TYPE_CHUNKS && type !== TYPE_FILTERED_CHUNKS) fail(`${what}: record type ${type} is not a chunk index`);
  const filtered = type === TYPE_FILTERED_CHUNKS;
  const sizeWidth = recordSize - O - 8 * rank - 4;
  if (filtered ? sizeWidth < 1 || sizeWidth > 8 : recordSize !== O + 8 * rank) {
    fail(`${what}: record size ${recordSize} does not fit a rank-${rank} chunk index`);
  }
  if (rootAddress === null || rootRecords === 0) return [];

  // Per depth: the widths of a child pointer's "records in child" and
  // "records in child's subtree" fields, as libhdf5 derives them.
  const leafMax = Math.floor((nodeSize - 10) / recordSize);
  const recordsWidth = countWidth(leafMax);
  const cumulative = [leafMax];
  const totalWidth = [0];
  for (let d = 1; d <= depth; d++) {
    const pointerSize = O + recordsWidth + totalWidth[d - 1]!;
    const max = Math.floor((nodeSize - (10 + pointerSize)) / (recordSize + pointerSize));
    cumulative.push((max + 1) * cumulative[d - 1]! + max);
    totalWidth.push(countWidth(cumulative[d]!));
  }

  const chunks: ChunkRef[] = [];
  const record = (c: Cursor) => {
    const address = c.addr(O);
    const size = filtered ? c.uint(sizeWidth) : geometry.chunkBytes;
    const filterMask = filtered ? c.u32() : 0;
    const scaled = Array.from({ length: rank }, () => c.uint(8));
    if (address === null) return;
    chunks.push({
      offset: toOffset(scaled, geometry.chunkShape),
      address: ctx.sb.baseAddress + address,
      size,
      filterMask,
    });
  };

  const visit = (address: number, records: number, level: number): void => {
    const pointerSize = level > 0 ? O + recordsWidth + (level > 1 ? totalWidth[level - 1]! : 0) : 0;
    const length = 6 + records * recordSize + (level > 0 ? (records + 1) * pointerSize : 0);
    const node = readAt(ctx, address, length + 4);
    const c = new Cursor(node);
    c.signature(level > 0 ? "BTIN" : "BTLF");
    if (c.u8() !== 0) fail(`${what}: unsupported node version at ${address}`);
    if (c.u8() !== type) fail(`${what}: node at ${address} has another record type`);
    verifyChecksum(node, length, `${what} node at ${address}`);
    for (let i = 0; i < records; i++) record(c);
    if (level === 0) return;
    for (let i = 0; i <= records; i++) {
      const child = c.addr(O);
      const childRecords = c.uint(recordsWidth);
      if (level > 1) c.skip(totalWidth[level - 1]!);
      if (child === null) fail(`${what}: node at ${address} has an undefined child`);
      visit(child, childRecords, level - 1);
    }
  };
  visit(rootAddress, rootRecords, depth);
  return chunks;
}
