import { directRowReader, type ChunkDecode, type Inflate } from "./direct/direct-reader";
import type { FileSet } from "./hdf5/file-set";
import { h5RowReader, type RowReader } from "./hdf5/rows";
import { datasetLayout } from "./inspect/stored-size";
import { dataset } from "./nwb/h5-values";
import type { DatasetLocation } from "./nwb/model";

export type ReadPath = "auto" | "h5wasm";

/**
 * Row readers for datasets of a file set. With an inflater and path "auto",
 * common layouts are read straight from the file's bytes (measured faster:
 * see bench/), Blosc's too with a Blosc decoder; everything else, and path
 * "h5wasm", goes through h5wasm.
 */
export function openRows(
  set: FileSet,
  options: { inflate?: Inflate; blosc?: ChunkDecode; path?: ReadPath } = {},
): (location: DatasetLocation) => RowReader {
  return (location) => {
    const ds = dataset(set.file(location.file), location.path);
    if (!ds) throw new Error(`${location.file}: no dataset at ${location.path}`);
    if (options.inflate && options.path !== "h5wasm") {
      const source = set.source(location.file);
      const info = datasetLayout(source, ds);
      const sameShape = info && JSON.stringify(info.shape) === JSON.stringify(ds.shape);
      const direct = sameShape
        ? directRowReader(source, info, { inflate: options.inflate, blosc: options.blosc })
        : null;
      if (direct) return direct;
    }
    return h5RowReader(ds, location.file);
  };
}

/** Synchronous h5wasm readers: planning (timestamps) and previews. */
export const h5Rows = (set: FileSet) => openRows(set);
