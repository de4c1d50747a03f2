import type { Dataset } from "h5wasm";
import type { ByteSource } from "../hdf5/byte-source";

/** Bytes a dataset occupies in its file, from the file's own layout; null where it cannot tell. */
export function storedSize(_source: ByteSource, _ds: Dataset): number | null {
  return null;
}
