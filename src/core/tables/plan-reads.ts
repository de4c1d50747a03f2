/**
 * Which hyperslabs to read for a set of element ranges along a dataset's first dimension. HDF5 inflates a
 * compressed chunk each time a read touches it (its chunk cache is 1 MiB, smaller than the chunks of big ragged
 * columns), so ranges that meet in one chunk are always read together, and a read never starts inside a chunk an
 * earlier read already touched. Ranges in neighbouring chunks are read together too while the read stays modest;
 * chunks that no range needs are never read.
 */

/** Elements [start, end) along the first dimension. */
export type Range = [start: number, end: number];

export interface PlannedRead {
  start: number;
  end: number;
}

/** Keep one read under this many bytes unless a single chunk's needs make it bigger. */
export const READ_BUDGET = 16 << 20;
/** Contiguous data: ranges this close (bytes) are read as one, the gap read and dropped. */
const CONTIGUOUS_GAP = 64 << 10;

/**
 * Reads covering `ranges` (sorted by start, empty ones ignored), in order. `chunkRows` is the first dimension of the
 * dataset's chunks (null for contiguous data); `elementBytes` one element's bytes with its trailing dimensions.
 */
export function planReads(ranges: Range[], chunkRows: number | null, elementBytes: number): PlannedRead[] {
  const reads: PlannedRead[] = [];
  let current: PlannedRead | null = null;
  for (const [start, end] of ranges) {
    if (end <= start) continue;
    if (current && joins(current, start, end, chunkRows, elementBytes)) {
      current.end = Math.max(current.end, end);
      continue;
    }
    current = { start, end };
    reads.push(current);
  }
  return reads;
}

function joins(current: PlannedRead, start: number, end: number, chunkRows: number | null, elementBytes: number) {
  if (start <= current.end) return true; // overlapping or touching: nothing extra to read
  const bytes = (Math.max(end, current.end) - current.start) * elementBytes;
  if (chunkRows === null) return (start - current.end) * elementBytes <= CONTIGUOUS_GAP && bytes <= READ_BUDGET;
  const lastChunk = Math.floor((current.end - 1) / chunkRows);
  const nextChunk = Math.floor(start / chunkRows);
  if (nextChunk === lastChunk) return true; // the chunk is inflated once, by this read
  return nextChunk === lastChunk + 1 && bytes <= READ_BUDGET;
}

/** Ascending row positions as runs of consecutive rows. */
export function rowRuns(rows: ArrayLike<number>): Range[] {
  const runs: Range[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const last = runs[runs.length - 1];
    if (last && r === last[1]) last[1] = r + 1;
    else if (last && r < last[1])
      continue; // a repeat
    else runs.push([r, r + 1]);
  }
  return runs;
}
