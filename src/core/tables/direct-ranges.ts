import type { Inflate } from "../direct/direct-reader";
import { samplesType, swapBytes, unshuffle } from "../direct/samples";
import type { ByteSource } from "../hdf5/byte-source";
import type { ChunkRef, StorageLayout } from "../hdf5/layout";
import type { Samples } from "../hdf5/rows";
import { datasetLayout } from "../inspect/stored-size";
import type { PlannedRead } from "./plan-reads";
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

/** A reader of elements [start, end) as a typed array, or null when this dataset needs h5wasm. */
export type ElementFetch = (start: number, end: number) => Promise<Samples>;

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
  const decode = async (chunk: ChunkRef): Promise<Uint8Array> => {
    let bytes = await readAsync(chunk.address, chunk.size);
    if (bytes.length < chunk.size) throw new Error(`${source.name}: the file ends inside a chunk of ${ds.path}`);
    for (let i = pipeline.length - 1; i >= 0; i--)
      bytes = pipeline[i] === DEFLATE ? await direct.inflate(bytes, undefined, chunkBytes) : unshuffle(bytes, size);
    if (bytes.length < chunkBytes)
      throw new Error(`${source.name}: a chunk of ${ds.path} at byte ${chunk.address} decodes short`);
    return bytes;
  };
  // The last chunks decoded stay a moment: the next batch of rows usually starts inside the chunk this one ended in.
  const recent = new Map<number, Promise<Uint8Array>>();
  const chunk = (k: number): Promise<Uint8Array> => {
    let bytes = recent.get(k);
    if (bytes) recent.delete(k);
    else bytes = decode(byIndex.get(k)!);
    recent.set(k, bytes);
    while (recent.size > KEPT_CHUNKS) recent.delete(recent.keys().next().value!);
    bytes.catch(() => recent.delete(k));
    return bytes;
  };
  return async (start, end) => {
    const first = Math.floor(start / chunkRows);
    const last = Math.floor((end - 1) / chunkRows);
    if (first === last) {
      // Within one chunk (most reads): a view of it, not a copy.
      const bytes = await chunk(first);
      const part = bytes.subarray((start - first * chunkRows) * size, (end - first * chunkRows) * size);
      return typed(part.byteOffset % size ? part.slice() : part);
    }
    const out = new Uint8Array((end - start) * size);
    const jobs: Promise<void>[] = [];
    for (let k = first; k <= last; k++) {
      const r0 = k * chunkRows;
      jobs.push(
        chunk(k).then((bytes) => {
          const from = Math.max(start, r0);
          const to = Math.min(end, r0 + chunkRows);
          out.set(bytes.subarray((from - r0) * size, (to - r0) * size), (from - start) * size);
        }),
      );
    }
    await Promise.all(jobs);
    return typed(out);
  };
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
