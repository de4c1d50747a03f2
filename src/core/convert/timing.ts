import type { RowReader } from "../hdf5/rows";
import type { ElectricalSeries } from "../nwb/model";

/** One output chunk of a series: sample indices and the microsecond times that name its files. */
export interface Chunk {
  first: number;
  last: number;
  start: number;
  end: number;
}

export interface Timing {
  rate: number;
  segments: number;
  chunks: Chunk[];
  /** trunc(t(0)·1e6) and trunc(t(n−1)·1e6), for the channel metadata. */
  start: number;
  end: number;
}

export const micros = (t: number): number => Math.trunc(t * 1e6);

export function samplesPerChunk(chunkMb: number): number {
  const n = Math.floor((chunkMb * 2 ** 20) / 8);
  if (!(n >= 1)) throw new Error(`chunk size ${chunkMb} MiB holds no sample`);
  return n;
}

/** Rate from the first timestamps (spec §4): 1 / median of the first ≤ 9 differences. */
export function inferRate(ts: ArrayLike<number>): number {
  const k = Math.min(10, ts.length);
  if (k < 2) throw new Error("a series with timestamps needs at least 2 samples to infer its rate");
  const diffs: number[] = [];
  for (let i = 1; i < k; i++) diffs.push(ts[i]! - ts[i - 1]!);
  diffs.sort((a, b) => a - b);
  const mid = diffs.length >> 1;
  const median = diffs.length % 2 ? diffs[mid]! : (diffs[mid - 1]! + diffs[mid]!) / 2;
  if (!(median > 0))
    throw new Error(`its first timestamps do not increase (median step ${median} s), so no rate can be inferred`);
  return 1 / median;
}

export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Rate-based series: one segment, chunks by arithmetic. */
export function rateTiming(series: ElectricalSeries, rate: number, S: number, perChunk: number): Timing {
  const n = series.shape[0];
  const t = (i: number) => series.startingTime + i / rate + S;
  const chunks: Chunk[] = [];
  for (let first = 0; first < n; first += perChunk) {
    const last = Math.min(n, first + perChunk) - 1;
    chunks.push({ first, last, start: micros(t(first)), end: micros(t(last)) });
  }
  return { rate, segments: n ? 1 : 0, chunks, start: micros(t(0)), end: micros(t(n - 1)) };
}

const SCAN_ROWS = 1 << 20;

/**
 * Timestamp-based series: one pass over the timestamps in blocks, cutting
 * segments where a step exceeds two sample periods and chunks every
 * `perChunk` samples from each segment's start.
 */
export function timestampTiming(series: ElectricalSeries, ts: RowReader, S: number, perChunk: number): Timing {
  const n = ts.rows;
  if (n !== series.shape[0]) throw new Error(`${series.path}: ${n} timestamps for ${series.shape[0]} samples`);
  const head = Array.from(ts.read(0, Math.min(10, n)) as ArrayLike<number>, Number);
  const inferred = inferRate(head);
  let rate: number;
  if (series.rate !== null) {
    if (Math.abs(inferred - series.rate) > 0.02 * series.rate)
      throw new Error(
        `${series.path}: its rate ${series.rate} Hz and its timestamps (${inferred} Hz) disagree by more than 2 %`,
      );
    rate = series.rate;
  } else rate = roundHalfEven(inferred);
  const gap = (1 / rate) * 2;
  const chunks: Chunk[] = [];
  let segments = 0;
  let first = 0;
  let tFirst = 0;
  let prev = 0;
  let start = 0;
  for (let a = 0; a < n; a += SCAN_ROWS) {
    const block = ts.read(a, Math.min(n, a + SCAN_ROWS)) as Float64Array;
    for (let j = 0; j < block.length; j++) {
      const i = a + j;
      const t = Number(block[j]) + S;
      if (i === 0) {
        segments = 1;
        tFirst = t;
        start = micros(t);
      } else if (t - prev > gap) {
        chunks.push({ first, last: i - 1, start: micros(tFirst), end: micros(prev) });
        segments++;
        first = i;
        tFirst = t;
      } else if (i - first === perChunk) {
        chunks.push({ first, last: i - 1, start: micros(tFirst), end: micros(prev) });
        first = i;
        tFirst = t;
      }
      prev = t;
    }
  }
  if (n > 0) chunks.push({ first, last: n - 1, start: micros(tFirst), end: micros(prev) });
  return { rate, segments, chunks, start, end: micros(prev) };
}
