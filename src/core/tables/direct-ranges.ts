import type { Inflate } from "../direct/direct-reader";
import { samplesType, swapBytes, unshuffle } from "../direct/samples";
import type { ByteSource } from "../hdf5/byte-source";
import type { ChunkRef, StorageLayout } from "../hdf5/layout";
import type { Samples } from "../hdf5/rows";
import { datasetLayout } from "../inspect/stored-size";
import type { PlannedRead, Range } from "./plan-reads";
import { H5T } from "./read-slab";
import type { Stored } from "./read-ranges";
import { SpareBuffers } from "./spare-buffers";

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
 * boundaries and while the caller writes. In the page a chunk goes to a pool worker and back, so more must be on
 * their way: with 3 the pool's two workers waited ~45 % of the Parquet export (V8's profiler), with 5 ~35 %
 * (page export 1.9–2.6 s against 2.5–3.4 s with 4, load 8–10; peak PSS 814–950 MB against 803–862).
 */
const CHUNKS_AHEAD = 5;
/** Spare buffers kept per column for chunk reads and for their inflated bytes (spare-buffers.ts). */
const SPARE_BUFFERS = 6;

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
  /**
   * The caller is done with a result (it copied what it needed): the chunk it is a view of may be reused for another
   * once out of the cache. A result never released is simply collected.
   */
  release?(samples: Samples): void;
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
  const inputs = new SpareBuffers(SPARE_BUFFERS);
  /** Stored chunks differ in size: read buffers fit the largest, so that any spare serves any chunk. */
  let largestStored = 0;
  for (const c of byIndex.values()) largestStored = Math.max(largestStored, c.size);
  const outputs = new SpareBuffers(SPARE_BUFFERS);
  /** Buffers an inflate made the chunk's final bytes in: only these are the column's own to reuse. */
  const inflated = new WeakSet<ArrayBuffer>();
  /** Whether the source reads into a buffer handed to it (else the spare inputs would only be allocated). */
  let readsInto = true;
  /** Elements [0, n) of chunk k, decoded (n the chunk's rows: all of it). */
  const decode = async (k: number, n: number): Promise<Uint8Array> => {
    const chunk = byIndex.get(k)!;
    const input = readsInto ? (inputs.take(chunk.size) ?? new ArrayBuffer(largestStored)) : undefined;
    let bytes = await readAsync(chunk.address, chunk.size, input);
    if (bytes.length < chunk.size) throw new Error(`${source.name}: the file ends inside a chunk of ${ds.path}`);
    if (input && bytes.buffer !== input) readsInto = false;
    const wanted = prefixes && n < chunkRows ? n * size : undefined;
    for (let i = pipeline.length - 1; i >= 0; i--) {
      if (pipeline[i] !== DEFLATE) {
        bytes = unshuffle(bytes, size);
        continue;
      }
      // Every output buffer holds a whole chunk and a byte (zlib then finds the stream's end without another
      // buffer), so that any spare serves any chunk; the pages a prefix leaves untouched cost nothing.
      const spare = outputs.take(chunkBytes + 1) ?? new ArrayBuffer(chunkBytes + 1);
      const out = await direct.inflate(bytes, new Uint8Array(spare), chunkBytes, wanted);
      if (out.buffer !== spare) outputs.give(spare);
      // Only the column's own buffer goes round again: an inflater may answer in one of its own (e.g. node's shared
      // pool of small Buffers), whose other bytes belong to others.
      if (i === 0 && out.buffer === spare) inflated.add(spare);
      if (bytes.buffer === input) inputs.give(input);
      bytes = out;
    }
    if (bytes.length < (wanted ?? chunkBytes))
      throw new Error(`${source.name}: a chunk of ${ds.path} at byte ${chunk.address} decodes short`);
    return bytes;
  };
  /**
   * A decoded chunk (or one on its way) with the elements it holds from its start. Its buffer becomes a spare once
   * it is out of the cache (`dropped`) and no read's view of it is still to be used (`users`: see release).
   */
  interface Decoded {
    rows: number;
    bytes: Promise<Uint8Array>;
    users: number;
    dropped: boolean;
    done?: Uint8Array;
  }
  const recycle = (entry: Decoded) => {
    const buffer = entry.done?.buffer as ArrayBuffer | undefined;
    if (entry.dropped && entry.users === 0 && buffer && inflated.has(buffer)) outputs.give(buffer);
  };
  const decoded = new Map<number, Decoded>();
  /** Views handed out (fetch within one chunk) and the chunk each is of, until released. */
  const lent = new WeakMap<Samples, Decoded>();
  /** The last chunks read, most recent last: the next batch of rows usually starts inside the one this ended in. */
  const recent: number[] = [];
  /** A declared plan: the elements wanted of each chunk, and the chunks in the order the reads will want them. */
  let wanted: Map<number, number> | null = null;
  let order: number[] = [];
  let next = 0; // the place in `order` of the next chunk not yet read
  const drop = (k: number) => {
    const entry = decoded.get(k)!;
    decoded.delete(k);
    entry.dropped = true;
    recycle(entry);
  };
  const start = (k: number, rows: number) => {
    if (decoded.has(k)) drop(k);
    const entry: Decoded = { rows, bytes: decode(k, rows), users: 0, dropped: false };
    entry.bytes.then(
      (bytes) => {
        entry.done = bytes;
        recycle(entry);
      },
      () => decoded.get(k) === entry && decoded.delete(k),
    );
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
    for (const k of [...decoded.keys()]) if (!keep.has(k)) drop(k);
  };
  /** Chunk k decoded at least through element `through` (counted from its start), taken by one more user. */
  const chunk = (k: number, through: number): Decoded => {
    let entry = decoded.get(k);
    if (!entry || entry.rows < through) entry = start(k, Math.max(through, wanted?.get(k) ?? chunkRows));
    entry.users++;
    const at = recent.indexOf(k);
    if (at >= 0) recent.splice(at, 1);
    recent.push(k);
    if (recent.length > KEPT_CHUNKS) recent.shift();
    const planned = order.indexOf(k, next);
    if (planned >= 0) next = planned + 1;
    lookAhead();
    return entry;
  };
  const release = (entry: Decoded) => {
    entry.users--;
    recycle(entry);
  };
  const fetch: ElementFetch = async (start, end) => {
    const first = Math.floor(start / chunkRows);
    const last = Math.floor((end - 1) / chunkRows);
    if (first === last) {
      // Within one chunk (most reads): a view of it, not a copy, lent until released.
      const entry = chunk(first, end - first * chunkRows);
      let bytes: Uint8Array;
      try {
        bytes = await entry.bytes;
      } catch (e) {
        release(entry);
        throw e;
      }
      const part = bytes.subarray((start - first * chunkRows) * size, (end - first * chunkRows) * size);
      if (part.byteOffset % size) {
        release(entry);
        return typed(part.slice());
      }
      const view = typed(part);
      lent.set(view, entry);
      return view;
    }
    const out = new Uint8Array((end - start) * size);
    const jobs: Promise<void>[] = [];
    for (let k = first; k <= last; k++) {
      const r0 = k * chunkRows;
      const to = Math.min(end, r0 + chunkRows);
      const entry = chunk(k, to - r0);
      jobs.push(
        entry.bytes
          .then((bytes) => {
            const from = Math.max(start, r0);
            out.set(bytes.subarray((from - r0) * size, (to - r0) * size), (from - start) * size);
          })
          .finally(() => release(entry)),
      );
    }
    await Promise.all(jobs);
    return typed(out);
  };
  fetch.release = (samples) => {
    const entry = lent.get(samples);
    if (!entry) return;
    lent.delete(samples);
    release(entry);
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
    if (!order.length) {
      inputs.clear();
      outputs.clear();
    }
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
    fetch.release?.(samples);
  }
}
