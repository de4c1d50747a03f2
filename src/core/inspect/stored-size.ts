import type { Dataset } from "h5wasm";
import type { ByteSource } from "../hdf5/byte-source";
import { readDatasetLayout } from "../hdf5/layout";
import type { DatasetLayoutInfo } from "../hdf5/layout";

/**
 * The object header address of a dataset: h5wasm exposes no H5O call, but an
 * object reference (H5R_OBJECT) is exactly that address.
 */
export function objectAddress(ds: Dataset): number | null {
  try {
    // h5wasm hands the bytes back as a Uint8Array or a plain array, depending on the path taken.
    const ref = Uint8Array.from(ds.create_reference().ref_data as ArrayLike<number>);
    if (ref.length < 8) return null;
    return Number(new DataView(ref.buffer).getBigUint64(0, true));
  } catch {
    return null;
  }
}

/** The dataset's storage as the file describes it, or null where the reader cannot parse it. */
export function datasetLayout(source: ByteSource, ds: Dataset): DatasetLayoutInfo | null {
  const address = objectAddress(ds);
  if (address === null) return null;
  try {
    return readDatasetLayout(source, address);
  } catch {
    return null;
  }
}

/** Bytes a dataset occupies in its file, from the file's own layout; null where it cannot tell. */
export function storedSize(source: ByteSource, ds: Dataset): number | null {
  const info = datasetLayout(source, ds);
  if (!info) return null;
  const layout = info.layout;
  if (layout.kind === "contiguous") return layout.address === null ? 0 : layout.size;
  if (layout.kind === "compact") return layout.size;
  if (layout.kind === "chunked") return layout.storedBytes;
  return null;
}
