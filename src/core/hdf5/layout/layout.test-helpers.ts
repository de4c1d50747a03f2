/**
 * Test-only helpers (not a test file itself): open files with h5wasm to get
 * ground truth, and rebuild a dataset's bytes from the chunks the layout
 * reader lists, decoding deflate (with fflate, independent of libhdf5) and shuffle.
 */
import h5wasm, { type Dataset, type File as H5File } from "h5wasm";
import { unzlibSync } from "fflate";
import type { ByteSource } from "../byte-source";
import type { ChunkRef, FilterInfo } from "./types";

/** The project's own copies of the shared fixtures (test/fixtures: nwb/ and perf/), so these run without ../shared. */
export const FIXTURES = decodeURIComponent(new URL("../../../../test/fixtures", import.meta.url).pathname);

/**
 * Copies bytes into h5wasm's in-memory file system and opens them read-only. Each under a name of its own: the test
 * files of a vitest worker share one h5wasm (vitest.config.ts) but evaluate this module each anew, and HDF5 hands
 * back the file already open under a name instead of opening the new bytes.
 */
export async function openWithH5wasm(bytes: Uint8Array): Promise<H5File> {
  const module = await h5wasm.ready;
  const path = `/layout-test-${crypto.randomUUID()}.h5`;
  module.FS.writeFile(path, bytes);
  return new h5wasm.File(path, "r");
}

/** The object header address inside an object reference (h5wasm returns a plain array despite its typing). */
export function objectAddress(dataset: Dataset): number {
  const raw = Uint8Array.from(dataset.create_reference().ref_data);
  return Number(new DataView(raw.buffer).getBigUint64(0, true));
}

export function getDataset(file: H5File, path: string): Dataset {
  const entity = file.get(path);
  if (!(entity instanceof h5wasm.Dataset)) throw new Error(`${path} is not a dataset`);
  return entity;
}

/** Raw bytes of a numeric dataset's value as h5wasm reads it. */
export function valueBytes(dataset: Dataset): Uint8Array {
  const value = dataset.value;
  if (!ArrayBuffer.isView(value)) throw new Error(`${dataset.path} has no typed array value`);
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

export function readBytes(src: ByteSource, position: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  if (src.read(position, length, out) !== length) throw new Error("short read");
  return out;
}

function unshuffle(bytes: Uint8Array, elementSize: number): Uint8Array {
  const count = Math.floor(bytes.length / elementSize);
  const out = new Uint8Array(bytes.length);
  for (let b = 0; b < elementSize; b++) {
    for (let i = 0; i < count; i++) out[i * elementSize + b] = bytes[b * count + i]!;
  }
  out.set(bytes.subarray(count * elementSize), count * elementSize); // leftover bytes stay as stored
  return out;
}

/** Undoes deflate and shuffle (the only filters these tests decode), last filter first. */
export function decodeChunk(raw: Uint8Array, filters: FilterInfo[], mask: number, elementSize: number): Uint8Array {
  let bytes = raw;
  for (let i = filters.length - 1; i >= 0; i--) {
    if (mask & (1 << i)) continue;
    const id = filters[i]!.id;
    if (id === 1) bytes = unzlibSync(bytes);
    else if (id === 2) bytes = unshuffle(bytes, elementSize);
    else throw new Error(`test cannot decode filter ${id}`);
  }
  return bytes;
}

/**
 * Rebuilds the dataset's row-major bytes from its chunks: each chunk holds
 * a full chunkShape block, of which only the part inside `shape` is copied.
 */
export function assemble(
  src: ByteSource,
  chunks: ChunkRef[],
  shape: number[],
  chunkShape: number[],
  elementSize: number,
  filters: FilterInfo[],
): Uint8Array {
  const out = new Uint8Array(shape.reduce((a, b) => a * b, elementSize));
  const rank = shape.length;
  for (const chunk of chunks) {
    const data = decodeChunk(readBytes(src, chunk.address, chunk.size), filters, chunk.filterMask, elementSize);
    const chunkBytes = chunkShape.reduce((a, b) => a * b, elementSize);
    if (data.length !== chunkBytes) throw new Error(`chunk at ${chunk.offset} decodes to ${data.length} bytes`);
    const valid = chunkShape.map((c, d) => Math.min(c, shape[d]! - chunk.offset[d]!));
    const run = valid[rank - 1]! * elementSize;
    const rows = valid.slice(0, -1).reduce((a, b) => a * b, 1);
    for (let r = 0; r < rows; r++) {
      // Coordinates of this run inside the chunk (all but the last dimension).
      const within = new Array<number>(rank).fill(0);
      let rest = r;
      for (let d = rank - 2; d >= 0; d--) {
        within[d] = rest % valid[d]!;
        rest = Math.floor(rest / valid[d]!);
      }
      let from = 0;
      let to = 0;
      for (let d = 0; d < rank; d++) {
        from = from * chunkShape[d]! + within[d]!;
        to = to * shape[d]! + chunk.offset[d]! + within[d]!;
      }
      out.set(data.subarray(from * elementSize, from * elementSize + run), to * elementSize);
    }
  }
  return out;
}

/**
 * Index of the first differing byte, -1 if equal: `toEqual` on megabyte
 * arrays is very slow, and a position says more than a diff of bytes.
 */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}
