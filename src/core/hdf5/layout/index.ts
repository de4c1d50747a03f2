/**
 * Pure-TypeScript reader of the HDF5 structures that locate a dataset's raw
 * bytes (superblock, object header, dataspace/datatype/filter/layout messages
 * and chunk indexes), so bulk reads can bypass h5wasm.
 */
export { readDatasetLayout } from "./dataset-layout";
export { readSuperblock } from "./superblock";
export { LayoutFormatError } from "./cursor";
export type {
  ChunkIndexKind,
  ChunkRef,
  DatasetDtype,
  DatasetLayoutInfo,
  FilterInfo,
  StorageLayout,
  SuperblockInfo,
} from "./types";
