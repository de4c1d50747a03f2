import type { FileSet } from "./hdf5/file-set";
import { h5RowReader, type RowReader } from "./hdf5/rows";
import { dataset } from "./nwb/h5-values";
import type { DatasetLocation } from "./nwb/model";

/** Row readers for datasets of a file set, through h5wasm. */
export function h5Rows(set: FileSet): (location: DatasetLocation) => RowReader {
  return (location) => {
    const ds = dataset(set.file(location.file), location.path);
    if (!ds) throw new Error(`${location.file}: no dataset at ${location.path}`);
    return h5RowReader(ds, location.file);
  };
}
