import { Module, type Dataset, type Metadata } from "h5wasm";
import { pluginsFor } from "../hdf5/h5";

/** HDF5 type classes (H5T_class_t) as h5wasm's metadata numbers them. */
export const H5T = {
  INTEGER: 0,
  FLOAT: 1,
  TIME: 2,
  STRING: 3,
  BITFIELD: 4,
  OPAQUE: 5,
  COMPOUND: 6,
  REFERENCE: 7,
  ENUM: 8,
  VLEN: 9,
  ARRAY: 10,
} as const;

/** Whether values of this type hold pointers HDF5 allocated during the read (to be reclaimed after decoding). */
export function holdsVlen(meta: Metadata): boolean {
  if (meta.vlen || meta.type === H5T.VLEN) return true;
  if (meta.type === H5T.COMPOUND) return meta.compound_type!.members.some(holdsVlen);
  if (meta.type === H5T.ARRAY) return holdsVlen(meta.array_type!);
  return false;
}

/**
 * Bytes one read may take at most. Module._malloc takes a 32-bit size (a request of 2^32 bytes or more keeps its low
 * bits: a small block written past, the heap corrupted), and a read this big would not fit a browser's memory anyway.
 */
export const MAX_READ_BYTES = 1 << 30;

/** Throws a one-line error (the reader puts the file, table and column in front) for a read beyond MAX_READ_BYTES. */
export function checkReadSize(bytes: number): void {
  if (bytes > MAX_READ_BYTES)
    throw new Error(`needs ${bytes} bytes for one read; more than this tool reads at once (${MAX_READ_BYTES})`);
}

/**
 * Reads the hyperslab `start`/`count` (one entry per dimension) of a dataset as raw bytes in HDF5's memory layout,
 * and hands them to `decode` while any variable-length data they point to is still allocated. Not h5wasm's
 * `slice`: that decodes fixed-length strings as Windows-1252 cut at the first NUL, drops enum and compound
 * member names and leaves references as bytes — the table rules (spec §3) decode the bytes themselves.
 */
export function readSlab<T>(
  ds: Dataset,
  meta: Metadata,
  start: number[],
  count: number[],
  decode: (bytes: Uint8Array, elements: number) => T,
): T {
  const elements = count.reduce((a, b) => a * b, 1);
  if (elements === 0) return decode(new Uint8Array(0), 0);
  const nbytes = meta.size * elements;
  checkReadSize(nbytes);
  pluginsFor(ds);
  const ptr = Module._malloc(nbytes);
  if (!ptr) throw new Error(`${ds.path}: cannot allocate ${nbytes} bytes to read rows`);
  const bigCount = count.map(BigInt);
  const vlen = holdsVlen(meta);
  let read = false;
  try {
    Module.get_dataset_data(
      ds.file_id,
      ds.path,
      bigCount,
      start.map(BigInt),
      count.map(() => 1n),
      BigInt(ptr),
    );
    read = true;
    // A copy: HEAPU8 is replaced when the WebAssembly memory grows, and the block is freed below.
    return decode(Module.HEAPU8.slice(ptr, ptr + nbytes), elements);
  } finally {
    if (vlen && read) Module.reclaim_vlen_memory_count(ds.file_id, ds.path, "", BigInt(ptr), bigCount);
    Module._free(ptr);
  }
}
