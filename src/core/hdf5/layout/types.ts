/** Public result types of the HDF5 layout reader. */

export interface SuperblockInfo {
  version: number;
  /** Bytes per file address ("size of offsets"): 2, 4 or 8. */
  sizeOfOffsets: number;
  /** Bytes per length field ("size of lengths"): 2, 4 or 8. */
  sizeOfLengths: number;
  /** Absolute file position that HDF5 addresses are relative to (the superblock's position, as libhdf5 uses it). */
  baseAddress: number;
}

export interface FilterInfo {
  id: number;
  name: string;
  /** Bit 0 set = optional filter (may have been skipped for a chunk, see ChunkRef.filterMask). */
  flags: number;
  clientData: number[];
}

export interface ChunkRef {
  /** Position of the chunk's first element, in elements per dataset dimension. */
  offset: number[];
  /** Absolute byte position in the file (base address already added). */
  address: number;
  /** Stored (possibly filtered) size in bytes. */
  size: number;
  /**
   * Bit i set = filter i of the pipeline was NOT applied to this chunk
   * (also set for partial edge chunks of datasets whose layout keeps them unfiltered).
   */
  filterMask: number;
}

/** How a chunked dataset indexes its chunks (Data Layout message v3 always uses "btree-v1"). */
export type ChunkIndexKind = "btree-v1" | "single" | "implicit" | "fixed-array" | "extensible-array" | "btree-v2";

export type StorageLayout =
  /** address null = storage never allocated: every element reads as the fill value. Address is absolute. */
  | { kind: "contiguous"; address: number | null; size: number }
  | { kind: "compact"; size: number }
  | {
      kind: "chunked";
      /** Chunk dimensions of the dataset only (the element-size dimension is in elementSize). */
      chunkShape: number[];
      elementSize: number;
      filters: FilterInfo[];
      index: ChunkIndexKind;
      /** null = this index type is not supported by the reader (never a guess); [] = no chunk written yet. */
      chunks: ChunkRef[] | null;
      /** Sum of chunk sizes when chunks are known. */
      storedBytes: number | null;
    }
  | { kind: "virtual" | "unknown" };

export interface DatasetDtype {
  /** HDF5 datatype class: 0 fixed-point, 1 float, 2 time, 3 string, 4 bitfield, 5 opaque, 6 compound, 7 reference, 8 enum, 9 vlen, 10 array. */
  class: number;
  size: number;
  littleEndian: boolean;
  /** Two's-complement integer (fixed-point class only; false for floats, as in h5wasm). */
  signed: boolean;
}

export interface DatasetLayoutInfo {
  layout: StorageLayout;
  shape: number[];
  dtype: DatasetDtype;
  filters: FilterInfo[];
}
