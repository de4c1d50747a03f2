import { readBtreeV1Chunks } from "./btree1";
import { readBtreeV2Chunks } from "./btree2";
import { chunksPerDim, finishChunks, toOffset, unravel, type ChunkGeometry } from "./chunk-geometry";
import type { FileContext } from "./cursor";
import { readExtensibleArrayChunks } from "./extensible-array";
import { readFixedArrayChunks } from "./fixed-array";
import {
  INDEX_BTREE_V1,
  INDEX_BTREE_V2,
  INDEX_EXTENSIBLE_ARRAY,
  INDEX_FIXED_ARRAY,
  INDEX_IMPLICIT,
  INDEX_SINGLE,
  type ChunkedLayoutMessage,
} from "./layout-message";
import type { ChunkIndexKind, ChunkRef } from "./types";

export const INDEX_KINDS: Record<number, ChunkIndexKind> = {
  [INDEX_BTREE_V1]: "btree-v1",
  [INDEX_SINGLE]: "single",
  [INDEX_IMPLICIT]: "implicit",
  [INDEX_FIXED_ARRAY]: "fixed-array",
  [INDEX_EXTENSIBLE_ARRAY]: "extensible-array",
  [INDEX_BTREE_V2]: "btree-v2",
};

/**
 * Lists the chunks holding elements of the current extent, in row-major
 * order, with absolute addresses; [] when no storage was ever allocated;
 * null when the index is of a kind this reader does not decode.
 */
export function readChunks(
  ctx: FileContext,
  message: ChunkedLayoutMessage,
  geometry: ChunkGeometry,
): ChunkRef[] | null {
  const address = message.indexAddress;
  if (address === null) return [];
  switch (message.indexType) {
    case INDEX_BTREE_V1:
      return finishChunks(readBtreeV1Chunks(ctx, address, geometry), geometry.shape);
    case INDEX_SINGLE: {
      // The index address is the chunk itself, covering the whole dataset.
      const { size, filterMask } = message.single ?? { size: geometry.chunkBytes, filterMask: 0 };
      const chunk = { offset: geometry.shape.map(() => 0), address: ctx.sb.baseAddress + address, size, filterMask };
      return finishChunks([chunk], geometry.shape);
    }
    case INDEX_IMPLICIT: {
      const chunks = implicitChunks(ctx, address, geometry);
      return chunks && finishChunks(chunks, geometry.shape);
    }
    case INDEX_FIXED_ARRAY:
      return finishChunks(readFixedArrayChunks(ctx, address, geometry), geometry.shape);
    case INDEX_EXTENSIBLE_ARRAY:
      return finishChunks(readExtensibleArrayChunks(ctx, address, geometry), geometry.shape);
    case INDEX_BTREE_V2:
      return finishChunks(readBtreeV2Chunks(ctx, address, geometry), geometry.shape);
    default:
      return null;
  }
}

/**
 * Implicit index: unfiltered chunks allocated back to back for the whole
 * (fixed) maximum extent, in row-major order of their grid position.
 * Only the chunks overlapping the current extent are listed.
 */
function implicitChunks(ctx: FileContext, address: number, geometry: ChunkGeometry): ChunkRef[] | null {
  if (geometry.maxShape.some((m) => m === null)) return null; // libhdf5 never writes this; don't guess
  const maxGrid = chunksPerDim(geometry.maxShape as number[], geometry.chunkShape);
  const grid = chunksPerDim(geometry.shape, geometry.chunkShape);
  const total = grid.reduce((a, b) => a * b, 1);
  const chunks: ChunkRef[] = [];
  for (let i = 0; i < total; i++) {
    const scaled = unravel(i, grid);
    const position = scaled.reduce((acc, s, d) => acc * maxGrid[d]! + s, 0);
    const chunkAddress = ctx.sb.baseAddress + address + position * geometry.chunkBytes;
    const offset = toOffset(scaled, geometry.chunkShape);
    chunks.push({ offset, address: chunkAddress, size: geometry.chunkBytes, filterMask: 0 });
  }
  return chunks;
}
