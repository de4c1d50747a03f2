import type { Dataset } from "h5wasm";
import { availableFilters, pluginsFor } from "./h5";
import { hdf5Reason, isHdf5Stack, plainMessage } from "./hdf5-error";

export type Samples =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

/** Full-width blocks of rows of a 1-D or 2-D numeric dataset. */
export interface RowReader {
  readonly rows: number;
  readonly width: number;
  /** Rows per stored chunk (1 for contiguous data): reads aligned to it decode each chunk once. */
  readonly rowsPerChunk: number;
  /**
   * Rows and columns of a stored chunk; absent for contiguous data, where any row or column is a fine place
   * to cut. A conversion reads stripes of whole chunk columns, so that no chunk is decoded twice, and counts
   * a chunk's rows kept across blocks in its memory.
   */
  readonly chunkShape?: readonly [number, number];
  /** Bytes per sample as stored, for sizing blocks (absent: taken as 8). */
  readonly sampleBytes?: number;
  /**
   * Rows [start, end), all columns, row-major; or only columns [c0, c1) where
   * the reader can (previews: a few channels of a wide recording need not
   * land whole in memory). Conversions read full width.
   */
  read(start: number, end: number, columns?: [number, number]): Samples;
  /**
   * The same without blocking, where the reader can overlap I/O and decoding.
   * Calls move forward, each after the previous resolved; a reader with
   * `rowsPerChunk` 1 may overwrite a result at the call after next (it
   * recycles two buffers), so use it or copy it before then.
   */
  readAsync?(start: number, end: number): Promise<Samples>;
  /**
   * Rows [start, end) of columns [c0, c1) (default all) channel by channel
   * (column c0 + i at i·(end−start)), for wide recordings. Calls come one
   * after the previous resolved, moving forward through the rows of one
   * column range; a new range may start again from any row. The block may be
   * overwritten by the call after next, so use it (or copy it) before asking
   * for the one after the following. With `free` (resolving when the caller
   * is done with the previous block), the reader holds one block instead of
   * two: it may decode ahead, but fills the block only once `free` resolved.
   */
  readChannelMajor?(start: number, end: number, columns?: [number, number], free?: Promise<unknown>): Promise<Samples>;
}

/** The general path: h5wasm's hyperslab reads, any layout and filter HDF5 can decode. */
export function h5RowReader(ds: Dataset, fileName: string): RowReader {
  const shape = ds.shape ?? [];
  const rows = shape[0] ?? 0;
  const width = shape.length > 1 ? shape[1]! : 1;
  const chunks = ds.metadata.chunks;
  pluginsFor(ds);
  const missing = ds.filters.find((f) => !availableFilters.has(f.id));
  return {
    rows,
    width,
    // Contiguous data has no chunk boundary to respect: any row is a fine place to cut.
    rowsPerChunk: chunks ? chunks[0]! : 1,
    chunkShape: chunks ? [chunks[0]!, chunks[1] ?? 1] : undefined,
    sampleBytes: ds.metadata.size,
    read(start, end, columns = [0, width]) {
      if (missing)
        throw new Error(
          `${fileName}: ${ds.path} needs the HDF5 filter "${missing.name || "unknown"}" (id ${missing.id}), which is not available here`,
        );
      const ranges: [number, number][] = shape.length > 1 ? [[start, end], columns] : [[start, end]];
      let out;
      try {
        out = ds.slice(ranges);
      } catch (e) {
        throw new Error(`${fileName}: cannot read ${ds.path} rows ${start}–${end}: ${describeReadError(e)}`, {
          cause: e,
        });
      }
      return out as Samples;
    },
  };
}

/** HDF5's reason in plain words: a damaged chunk and a missing filter are told apart (hdf5-error.ts). */
function describeReadError(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return isHdf5Stack(text) ? hdf5Reason(text) : plainMessage(e);
}
