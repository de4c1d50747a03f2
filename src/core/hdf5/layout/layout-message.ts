import { Cursor, type FileContext } from "./cursor";

/** Chunk index types of the version-4 Data Layout message (version 3 always means a v1 B-tree). */
export const INDEX_BTREE_V1 = 0;
export const INDEX_SINGLE = 1;
export const INDEX_IMPLICIT = 2;
export const INDEX_FIXED_ARRAY = 3;
export const INDEX_EXTENSIBLE_ARRAY = 4;
export const INDEX_BTREE_V2 = 5;

export interface ChunkedLayoutMessage {
  kind: "chunked";
  version: number;
  /** Chunk dimensions as stored: the dataset's dimensions plus a last one equal to the element size. */
  dims: number[];
  indexType: number;
  /** HDF5 address of the index (or of the data, for single-chunk and implicit); null = nothing allocated. */
  indexAddress: number | null;
  /** Version 4 flags: bit 0 = edge chunks left unfiltered, bit 1 = single chunk is filtered. */
  flags: number;
  /** Single-chunk index with filters: stored size and filter mask of the chunk. */
  single?: { size: number; filterMask: number };
}

export type LayoutMessage =
  | { kind: "contiguous"; address: number | null; size: number }
  | { kind: "compact"; size: number }
  | ChunkedLayoutMessage
  | { kind: "virtual" }
  | { kind: "unknown"; reason: string };

/**
 * Decodes Data Layout message versions 3, 4 and 5; older versions are
 * reported as unknown. Version 5 (libhdf5 2.0) has the version-4 encoding;
 * it only widens the stored size of filtered chunks inside the index
 * structures, which their readers take from the element/record size.
 */
export function parseLayoutMessage(ctx: FileContext, data: Uint8Array): LayoutMessage {
  const O = ctx.sb.sizeOfOffsets;
  const L = ctx.sb.sizeOfLengths;
  const c = new Cursor(data);
  const version = c.u8();
  if (version < 3 || version > 5) return { kind: "unknown", reason: `layout message version ${version}` };
  const layoutClass = c.u8();
  switch (layoutClass) {
    case 0:
      return { kind: "compact", size: c.u16() };
    case 1: {
      const address = c.addr(O);
      return { kind: "contiguous", address, size: c.uint(L) };
    }
    case 2:
      return version === 3 ? chunkedV3(c, O) : chunkedV4(c, O, L, version);
    case 3:
      return { kind: "virtual" };
    default:
      return { kind: "unknown", reason: `layout class ${layoutClass}` };
  }
}

function chunkedV3(c: Cursor, O: number): ChunkedLayoutMessage {
  const rank = c.u8();
  const indexAddress = c.addr(O);
  const dims = Array.from({ length: rank }, () => c.u32());
  return {
    kind: "chunked",
    version: 3,
    dims,
    indexType: INDEX_BTREE_V1,
    indexAddress,
    flags: 0,
  };
}

function chunkedV4(
  c: Cursor,
  O: number,
  L: number,
  version: number,
): ChunkedLayoutMessage | { kind: "unknown"; reason: string } {
  const flags = c.u8();
  const rank = c.u8();
  const dimBytes = c.u8();
  const dims = Array.from({ length: rank }, () => c.uint(dimBytes));
  const indexType = c.u8();
  let single: ChunkedLayoutMessage["single"];
  switch (indexType) {
    case INDEX_SINGLE:
      if (flags & 0x02) single = { size: c.uint(L), filterMask: c.u32() };
      break;
    case INDEX_IMPLICIT:
      break;
    case INDEX_FIXED_ARRAY:
      c.skip(1); // page size bits; the array header repeats it
      break;
    case INDEX_EXTENSIBLE_ARRAY:
      c.skip(5); // creation parameters; the array header repeats them
      break;
    case INDEX_BTREE_V2:
      c.skip(6); // node size, split and merge percentages; the tree header repeats them
      break;
    default:
      return { kind: "unknown", reason: `chunk index type ${indexType}` };
  }
  const indexAddress = c.addr(O);
  return {
    kind: "chunked",
    version,
    dims,
    indexType,
    indexAddress,
    flags,
    ...(single ? { single } : {}),
  };
}
