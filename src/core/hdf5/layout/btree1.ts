import type { ChunkGeometry } from "./chunk-geometry";
import { Cursor, fail, readAt, type FileContext } from "./cursor";
import type { ChunkRef } from "./types";

/** Deeper than any real tree; guards against cycles in a corrupt file. */
const MAX_LEVEL = 64;

/**
 * Lists the chunks of a version-1 B-tree (node type 1, raw data chunks).
 * Each key holds chunk size (u32), filter mask (u32) and rank+1 element
 * offsets (u64, the last being the byte offset within an element, always 0);
 * key i describes child i, and level-0 children are the chunks themselves.
 */
export function readBtreeV1Chunks(ctx: FileContext, rootAddress: number, geometry: ChunkGeometry): ChunkRef[] {
  const rank = geometry.chunkShape.length;
  const O = ctx.sb.sizeOfOffsets;
  const keySize = 8 + 8 * (rank + 1);
  const chunks: ChunkRef[] = [];
  const visited = new Set<number>();

  const visit = (address: number, expectedLevel: number | null): void => {
    if (visited.has(address)) fail(`${ctx.src.name}: B-tree node ${address} reached twice`);
    visited.add(address);
    const head = new Cursor(readAt(ctx, address, 8));
    head.signature("TREE");
    const type = head.u8();
    const level = head.u8();
    const entries = head.u16();
    if (type !== 1) fail(`${ctx.src.name}: B-tree node ${address} has type ${type}, expected raw data chunks`);
    if (level > MAX_LEVEL || (expectedLevel !== null && level !== expectedLevel)) {
      fail(`${ctx.src.name}: B-tree node ${address} at unexpected level ${level}`);
    }
    // Siblings are skipped: the walk reaches every node from the root.
    const bodySize = 2 * O + entries * (keySize + O) + keySize;
    const c = new Cursor(readAt(ctx, address + 8, bodySize), 2 * O);
    const children: number[] = [];
    for (let i = 0; i < entries; i++) {
      const size = c.u32();
      const filterMask = c.u32();
      const offset = Array.from({ length: rank }, () => c.uint(8));
      c.skip(8); // offset within the element dimension
      const child = c.addr(O);
      if (child === null) fail(`${ctx.src.name}: B-tree node ${address} has an undefined child`);
      if (level === 0) {
        chunks.push({
          offset,
          address: ctx.sb.baseAddress + child,
          size,
          filterMask,
        });
      } else {
        children.push(child);
      }
    }
    // The children lie anywhere in the file (written as the data grew): over a link, fetched together, not
    // one round trip each. A child is read as large as this node (siblings hold as many entries, at most).
    if (children.length > 1) ctx.src.gather?.(children.map((a) => [ctx.sb.baseAddress + a, 8 + bodySize]));
    for (const child of children) visit(child, level - 1);
  };

  visit(rootAddress, null);
  return chunks;
}
