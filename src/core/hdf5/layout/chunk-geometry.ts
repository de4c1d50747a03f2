import type { ChunkRef } from "./types";

/** What every chunk index reader needs to know about the dataset. */
export interface ChunkGeometry {
  shape: number[];
  maxShape: (number | null)[];
  /** Chunk dimensions of the dataset (without the element-size dimension). */
  chunkShape: number[];
  elementSize: number;
  /** Bytes of one unfiltered chunk. */
  chunkBytes: number;
}

/** Chunks per dimension needed to cover `extent`. */
export function chunksPerDim(extent: number[], chunkShape: number[]): number[] {
  return extent.map((n, i) => Math.ceil(n / chunkShape[i]!));
}

/** Row-major coordinates of linear index `index` in a grid of `counts` (the first dimension may be unbounded). */
export function unravel(index: number, counts: number[]): number[] {
  const out = new Array<number>(counts.length);
  let rest = index;
  for (let i = counts.length - 1; i > 0; i--) {
    out[i] = rest % counts[i]!;
    rest = Math.floor(rest / counts[i]!);
  }
  if (counts.length > 0) out[0] = rest;
  return out;
}

/** Chunk coordinates ("scaled" offsets) to element offsets. */
export function toOffset(scaled: number[], chunkShape: number[]): number[] {
  return scaled.map((s, i) => s * chunkShape[i]!);
}

/**
 * Whether a chunk at `offset` holds any element of the current extent.
 * Fixed and extensible arrays are sized by the maximum extent, and B-trees
 * may keep chunks of a dataset that later shrank, so some entries lie outside.
 */
export function insideExtent(offset: number[], shape: number[]): boolean {
  return offset.every((o, i) => o < shape[i]!);
}

/** Keeps the chunks inside the extent, in row-major order of their offsets. */
export function finishChunks(chunks: ChunkRef[], shape: number[]): ChunkRef[] {
  return chunks
    .filter((chunk) => insideExtent(chunk.offset, shape))
    .sort((a, b) => {
      for (let i = 0; i < a.offset.length; i++) {
        const d = a.offset[i]! - b.offset[i]!;
        if (d !== 0) return d;
      }
      return 0;
    });
}
