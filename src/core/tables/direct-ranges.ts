import type { Inflate } from "../direct/direct-reader";
import { samplesType, swapBytes, unshuffle } from "../direct/samples";
import type { ByteSource } from "../hdf5/byte-source";
import type { ChunkRef, StorageLayout } from "../hdf5/layout";
import type { Samples } from "../hdf5/rows";
import { datasetLayout } from "../inspect/stored-size";
import type { PlannedRead, Range } from "./plan-reads";
import { H5T } from "./read-slab";
import type { Stored } from "./read-ranges";

/**
 * The big ragged columns (50 M spike times in 10 MB deflate chunks) read straight from the file's bytes: the
 * chunks the planned reads need are inflated off the thread (Node's zlib on the libuv pool, the page's inflate
 * workers), several at once, instead of one after another inside h5wasm. Only plain 1-D numbers in the layouts
 * the direct reader knows (contiguous; chunked with deflate and shuffle); anything else stays with h5wasm.
 */

/** Where a file's bytes come from and how deflate chunks are decoded: what the direct path needs. */
export interface DirectSource {
  source: ByteSource;
  inflate: Inflate;
}

/** Planned reads in flight at once: each a chunk or a few, decoded in parallel by the inflater. */
const READS_IN_FLIGHT = 3;
/** Decoded chunks kept for the next reads of a column (a batch boundary inside a chunk inflates it once). */
const KEPT_CHUNKS = 2;
/**
 * Chunks of a declared plan (ElementFetch.plan) decoded ahead of the reads: the inflater stays busy across batch
 * boundaries and while the caller writes (at most this many decoded and not yet read: 30 MB of the bench's chunks).
 */
const CHUNKS_AHEAD = 3;

/**
 * A reader of elements [start, end) as a typed array, or null when this dataset needs h5wasm. A result within one
 * chunk is a view of the decoded chunk: use it before awaiting anything else.
 */
export interface ElementFetch {
  (start: number, end: number): Promise<Samples>;
  /**
   * Declares every range the reads to come will take, in the order they come (an export's rows): the chunks are
   * decoded ahead in that order, each only as far as its last wanted element. Reads outside the plan still work.
   */
  plan?(ranges: readonly Range[]): void;
}

export function directFetch(stored: Stored, direct: DirectSource): ElementFetch | null {
  const { meta, inner, ds } = stored;
  if (inner.length || (meta.type !== H5T.INTEGER && meta.type !== H5T.FLOAT)) return null;
  const info = datasetLayout(direct.source, ds);
  if (!info || info.shape.length !== 1 || info.shape[0] !== stored.length) return null;
  const Type = samplesType(info.dtype);
  const { source } = direct;
  if (!Type || !source.readAsync) return null;
  const readAsync = source.readAsync.bind(source);
  const size = info.dtype.size;
  const swap = !info.dtype.littleEndian && size > 1;
  const typed = (bytes: Uint8Array): Samples => {
    if (swap) swapBytes(bytes, size);
    return new Type(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.length / size);
  };
  const { layout } = info;
  if (layout.kind === "contiguous") {
    const base = layout.address;
    if (base === null || layout.size < stored.length * size) return null;
    return async (start, end) => {
      const bytes = await readAsync(base + start * size, (end - start) * size);
      if (bytes.length < (end - start) * size) throw new Error(`${source.name}: the file ends inside ${ds.path}`);
      return typed(bytes.byteOffset % size ? bytes.slice() : bytes);
    };
  }
  const chunks = chunkList(layout, stored.length);
  if (!chunks) return null;
  const { chunkRows, byIndex, pipeline } = chunks;
  const chunkBytes = chunkRows * size;
  // Deflate alone writes the chunk's bytes in order, so its output can stop at the last wanted byte; after shuffle
  // every byte of an element is in another quarter of the chunk.
  const prefixes = pipeline.length === 1 && pipeline[0] === DEFLATE;
  /** Elements [0, n) of chunk k, decoded (n the chunk's rows: all of it). */
  const decode = async (k: number, n: number): Promise<Uint8Array> => {
    const chunk = byIndex.get(k)!;
    let bytes = await readAsync(chunk.address, chunk.size);
    if (bytes.length < chunk.size) throw new Error(`${source.name}: the file ends inside a chunk of ${ds.path}`);
    const wanted = prefixes && n < chunkRows ? n * size : undefined;
    for (let i = pipeline.length - 1; i >= 0; i--)
      bytes =
        pipeline[i] === DEFLATE ? await direct.inflate(bytes, undefined, chunkBytes, wanted) : unshuffle(bytes, size);
    if (bytes.length < (wanted ?? chunkBytes))
      throw new Error(`${source.name}: a chunk of ${ds.path} at byte ${chunk.address} decodes short`);
    return bytes;
  };
  /** Decoded chunks (or on their way), each with the elements it holds from its start. */
  const decoded = new Map<number, { rows: number; bytes: Promise<Uint8Array> }>();
  /** The last chunks read, most recent last: the next batch of rows usually starts inside the one this ended in. */
  const recent: number[] = [];
  /** A declared plan: the elements wanted of each chunk, and the chunks in the order the reads will want them. */
  let wanted: Map<number, number> | null = null;
  let order: number[] = [];
  let next = 0; // the place in `order` of the next chunk not yet read
  const start = (k: number, rows: number) => {
    const entry = { rows, bytes: decode(k, rows) };
    entry.bytes.catch(() => decoded.get(k) === entry && decoded.delete(k));
    decoded.set(k, entry);
    return entry;
  };
  /** Starts the next planned chunks, and lets go of chunks neither recent nor planned next. */
  const lookAhead = () => {
    const keep = new Set(recent);
    for (let i = next; i < Math.min(order.length, next + CHUNKS_AHEAD); i++) {
      const k = order[i]!;
      keep.add(k);
      if (!decoded.has(k)) start(k, wanted!.get(k)!);
    }
    for (const k of decoded.keys()) if (!keep.has(k)) decoded.delete(k);
  };
  /** Chunk k decoded at least through element `through` (counted from its start). */
  const chunk = (k: number, through: number): Promise<Uint8Array> => {
    let entry = decoded.get(k);
    if (!entry || entry.rows < through) entry = start(k, Math.max(through, wanted?.get(k) ?? chunkRows));
    const at = recent.indexOf(k);
    if (at >= 0) recent.splice(at, 1);
    recent.push(k);
    if (recent.length > KEPT_CHUNKS) recent.shift();
    const planned = order.indexOf(k, next);
    if (planned >= 0) next = planned + 1;
    lookAhead();
    return entry.bytes;
  };
  const fetch: ElementFetch = async (start, end) => {
    const first = Math.floor(start / chunkRows);
    const last = Math.floor((end - 1) / chunkRows);
    if (first === last) {
      // Within one chunk (most reads): a view of it, not a copy.
      const bytes = await chunk(first, end - first * chunkRows);
      const part = bytes.subarray((start - first * chunkRows) * size, (end - first * chunkRows) * size);
      return typed(part.byteOffset % size ? part.slice() : part);
    }
    const out = new Uint8Array((end - start) * size);
    const jobs: Promise<void>[] = [];
    for (let k = first; k <= last; k++) {
      const r0 = k * chunkRows;
      const to = Math.min(end, r0 + chunkRows);
      jobs.push(
        chunk(k, to - r0).then((bytes) => {
          const from = Math.max(start, r0);
          out.set(bytes.subarray((from - r0) * size, (to - r0) * size), (from - start) * size);
        }),
      );
    }
    await Promise.all(jobs);
    return typed(out);
  };
  fetch.plan = (ranges) => {
    wanted = new Map();
    order = [];
    next = 0;
    for (const [s, e] of ranges) {
      for (let k = Math.floor(s / chunkRows); e > s && k <= Math.floor((e - 1) / chunkRows); k++) {
        const through = Math.min(e - k * chunkRows, chunkRows);
        if (order[order.length - 1] !== k) order.push(k);
        wanted.set(k, Math.max(wanted.get(k) ?? 0, through));
      }
    }
    // Chunks decoded before the plan that stop short of it are decoded again when read (chunk()).
    lookAhead();
  };
  return fetch;
}

const DEFLATE = 1;
const SHUFFLE = 2;

/** A 1-D chunked layout's chunks by index, when every one is written and filtered only by deflate and shuffle. */
function chunkList(layout: StorageLayout, length: number) {
  if (layout.kind !== "chunked" || !layout.chunks || layout.chunkShape.length !== 1) return null;
  const chunkRows = layout.chunkShape[0]!;
  const pipeline = layout.filters.map((f) => f.id);
  if (!chunkRows || pipeline.some((id) => id !== DEFLATE && id !== SHUFFLE)) return null;
  const byIndex = new Map<number, ChunkRef>();
  for (const c of layout.chunks) {
    // A chunk some filter skipped, or an unwritten one (the fill value only HDF5 knows): h5wasm reads those.
    if (c.filterMask !== 0) return null;
    byIndex.set(c.offset[0]! / chunkRows, c);
  }
  for (let k = 0; k < Math.ceil(length / chunkRows); k++) if (!byIndex.has(k)) return null;
  return { chunkRows, byIndex, pipeline };
}

/** Runs the planned reads a few at a time, handing each one's values to `use` in plan order. */
export async function fetchPlanned(
  reads: PlannedRead[],
  fetch: ElementFetch,
  use: (read: PlannedRead, samples: Samples) => void,
): Promise<void> {
  const pending: Promise<Samples>[] = [];
  let next = 0;
  const launch = () => {
    while (next < reads.length && pending.length < READS_IN_FLIGHT) {
      const read = reads[next++]!;
      const p = fetch(read.start, read.end);
      p.catch(() => undefined); // told when awaited, in order; never as an unhandled rejection
      pending.push(p);
    }
  };
  launch();
  for (const read of reads) {
    const samples = await pending.shift()!;
    launch();
    use(read, samples);
  }
}
