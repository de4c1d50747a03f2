import type { Dataset, Metadata } from "h5wasm";
import { decodeElements, decodeIntegers, nest, samplesToCells, typedElements, type ReferenceNamer } from "./decode";
import type { CellValue } from "./model";
import { isNumberList, type NumberList } from "./number-list";
import { fetchPlanned, type ElementFetch } from "./direct-ranges";
import { planReads, type PlannedRead, type Range } from "./plan-reads";
import { checkReadSize, readSlab } from "./read-slab";

/** A dataset read along its first dimension: one element is a row's value (its trailing dimensions nested). */
export interface Stored {
  ds: Dataset;
  meta: Metadata;
  /** Length of the first dimension. */
  length: number;
  /** Trailing dimensions of one element. */
  inner: number[];
}

export function stored(ds: Dataset): Stored {
  const meta = ds.metadata;
  const shape = meta.shape ?? [];
  return { ds, meta, length: shape[0] ?? 0, inner: shape.slice(1) };
}

const product = (dims: number[]) => dims.reduce((a, b) => a * b, 1);

/**
 * Ranges sorted by start (their original places kept) and the reads that cover them: h5wasm's reads coalesced
 * (plan-reads.ts), or, for the direct path, one read per chunk the ranges touch (`byChunk`).
 */
function planFor(source: Stored, ranges: Range[], byChunk = false) {
  const elementBytes = source.meta.size * product(source.inner);
  // One cell's values are one list: a range beyond what one read may take is an error before any read is planned.
  for (const [start, end] of ranges) checkReadSize((end - start) * elementBytes);
  const order = ranges.map((_, i) => i).sort((a, b) => ranges[a]![0] - ranges[b]![0]);
  const sorted = order.map((i) => ranges[i]!);
  const chunkRows = source.meta.chunks?.[0] ?? null;
  const reads = byChunk && chunkRows ? chunkReads(sorted, chunkRows) : planReads(sorted, chunkRows, elementBytes);
  const out: (CellValue[] | NumberList)[] = new Array(ranges.length);
  let next = 0; // the next sorted range to fill
  return {
    reads,
    /**
     * Hands out the ranges a read covers; `slice` gives elements [from, to) of the read (from its start).
     * Only the ranges' elements become cell values, not the gaps read between them.
     */
    fill(read: PlannedRead, slice: Slice) {
      for (; next < sorted.length && sorted[next]![0] < read.end; next++) {
        const [start, end] = sorted[next]!;
        out[order[next]!] = end <= start ? [] : slice(start - read.start, end - read.start);
      }
    },
    /** The lists, in the order the ranges were given (empty ranges past the last read included). */
    done(): (CellValue[] | NumberList)[] {
      for (let i = 0; i < out.length; i++) out[i] ??= [];
      return out;
    },
  };
}

/**
 * The elements of each range, read by planned hyperslabs (see plan-reads.ts): each touched chunk inflated once.
 * `ranges` need not be sorted; each comes back as its own list, in the order given.
 */
export function readRanges(source: Stored, ranges: Range[], names: ReferenceNamer): CellValue[][] {
  const plan = planFor(source, ranges);
  for (const read of plan.reads) plan.fill(read, readElements(source, read.start, read.end, names));
  return plan.done() as CellValue[][]; // readElements gives cell values only
}

/**
 * Reads of sorted ranges that never cross a chunk boundary unless one range does: the direct fetch hands back a read
 * within one chunk as a view of the decoded chunk, while a read across chunks is a copy (measured: 0.2 s of copies
 * for the bench's 4.9 M spike times when reads were coalesced across chunks). The fetch keeps the last chunks it
 * decoded, so each is still inflated once.
 */
function chunkReads(sorted: Range[], chunkRows: number): PlannedRead[] {
  const reads: PlannedRead[] = [];
  let current: (PlannedRead & { chunk: number }) | null = null;
  for (const [start, end] of sorted) {
    if (end <= start) continue;
    const chunk = Math.floor(start / chunkRows);
    const within = Math.floor((end - 1) / chunkRows) === chunk;
    if (current && within && current.chunk === chunk) {
      current.end = Math.max(current.end, end);
      continue;
    }
    current = { start, end, chunk: within ? chunk : -1 };
    reads.push(current);
  }
  return reads;
}

/**
 * The same, the reads going through `fetch` (the direct path: direct-ranges.ts), several at once. With
 * `numberLists`, a range of numbers comes back as a typed array copied out of its decoded chunk (number-list.ts), not
 * as cell values.
 */
export async function readRangesAsync(
  source: Stored,
  ranges: Range[],
  fetch: ElementFetch,
  numberLists = false,
): Promise<(CellValue[] | NumberList)[]> {
  const plan = planFor(source, ranges, true);
  await fetchPlanned(plan.reads, fetch, (read, samples) =>
    plan.fill(read, (from, to) => {
      const part = samples.subarray(from, to);
      return numberLists && isNumberList(part) ? part.slice() : samplesToCells(part);
    }),
  );
  return plan.done();
}

/** Elements of a read, [from, to) counted from its start, as cell values (or a typed view: readRangesAsync). */
type Slice = (from: number, to: number) => CellValue[] | NumberList;

/** Elements [start, end) read; each, sliced out, nested by the trailing dimensions. */
function readElements(source: Stored, start: number, end: number, names: ReferenceNamer): Slice {
  const { ds, meta, inner } = source;
  const width = product(inner);
  return readSlab(ds, meta, [start, ...inner.map(() => 0)], [end - start, ...inner], (bytes, n): Slice => {
    const typed = inner.length ? null : typedElements(bytes, n, meta);
    if (typed) return (from, to) => samplesToCells(typed.subarray(from, to));
    const flat = decodeElements(bytes, n, meta, names);
    if (inner.length === 0) return (from, to) => flat.slice(from, to);
    return (from, to) => {
      const out: CellValue[] = new Array(to - from);
      for (let i = from; i < to; i++) out[i - from] = nest(flat.slice(i * width, (i + 1) * width), inner);
      return out;
    };
  });
}

/**
 * Rows [start, end) of a one-value-per-row dataset in one read: numbers that fit a double as a Float64Array (NaN,
 * ±Inf as NaN: null), anything else as cell values. What filters and sorting read a column by, window by window.
 */
export function readSpan(
  source: Stored,
  start: number,
  end: number,
  names: ReferenceNamer,
): { numbers: Float64Array } | { cells: CellValue[] } {
  const { ds, meta, inner } = source;
  if (inner.length) return { cells: readRanges(source, [[start, end]], names)[0]! };
  return readSlab(ds, meta, [start], [end - start], (bytes, n) => {
    const typed = typedElements(bytes, n, meta);
    if (typed && !(typed instanceof BigInt64Array || typed instanceof BigUint64Array)) {
      const numbers = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const x = typed[i]!;
        numbers[i] = x - x === 0 ? x : NaN; // finite, else null
      }
      return { numbers };
    }
    return { cells: decodeElements(bytes, n, meta, names) };
  });
}

/** The value of each asked row (ascending positions), by coalesced reads. */
export function readRows(source: Stored, rows: ArrayLike<number>, names: ReferenceNamer): CellValue[] {
  const ranges: Range[] = Array.from(rows, (r) => [r, r + 1] as Range);
  return readRanges(source, ranges, names).map((v) => v[0] ?? null);
}

/**
 * For each position p of a VectorIndex, the range it selects in its target: [index[p−1], index[p]) with
 * index[−1] = 0. Only the entries those positions need are read. Throws on entries that go backwards or past
 * the target's end (`describe` names the column).
 */
export function indexRanges(
  index: Stored,
  positions: ArrayLike<number>,
  targetLength: number,
  describe: string,
): Range[] {
  const wanted: Range[] = Array.from(positions, (p) => [Math.max(0, p - 1), p + 1] as Range);
  const reads = planReads(mergeSorted(wanted), index.meta.chunks?.[0] ?? null, index.meta.size);
  // The entries read, block by block (ascending starts): no Map per entry (a Map holds 2^24 at most).
  const blocks = reads.map((read) => ({
    start: read.start,
    values: readSlab(index.ds, index.meta, [read.start], [read.end - read.start], (bytes, n) =>
      decodeIntegers(bytes, n, index.meta),
    ),
  }));
  const entry = (p: number) => {
    let lo = 0;
    let hi = blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (blocks[mid]!.start <= p) lo = mid;
      else hi = mid - 1;
    }
    return blocks[lo]!.values[p - blocks[lo]!.start]!;
  };
  return Array.from(positions, (p) => {
    const start = p === 0 ? 0 : entry(p - 1);
    const end = entry(p);
    if (!(start <= end && end <= targetLength && start >= 0))
      throw new Error(
        `${describe}: index ${index.ds.path} entry ${p} selects [${start}, ${end}) of ${targetLength} values`,
      );
    return [start, end] as Range;
  });
}

/** Ranges sorted by start, overlapping ones merged. */
function mergeSorted(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}
