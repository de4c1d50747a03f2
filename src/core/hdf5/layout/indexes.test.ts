import h5wasm, { type Dataset } from "h5wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { memorySource, type ByteSource } from "../byte-source";
import { readDatasetLayout, readSuperblock, type ChunkIndexKind } from "./index";
import {
  assemble,
  firstDifference,
  getDataset,
  objectAddress,
  openWithH5wasm,
  valueBytes,
} from "./layout.test-helpers";

/**
 * Files written by h5wasm's libhdf5 (2.0) with the newer format bounds,
 * where chunked datasets get the version-4/5 layout message and the index
 * that libhdf5 picks from the chunking and the maximum extent.
 */
interface Spec {
  name: string;
  shape: number[];
  chunks: number[];
  maxshape: (number | null)[];
  gzip: boolean;
  /** The index libhdf5 picks with v1.10+ bounds (v1.8 bounds always give a v1 B-tree). */
  index: ChunkIndexKind;
  /** Chunks expected in the listing (default: the whole grid). */
  count?: number;
  /** Changes after creation: grow, shrink or write parts. */
  modify?: (dataset: Dataset) => void;
}

const int16 = (n: number) => new Int16Array(n).map((_, i) => ((i * 7919) % 60000) - 29000);

const SPECS: Spec[] = [
  { name: "single", shape: [50, 3], chunks: [50, 3], maxshape: [50, 3], gzip: true, index: "single" },
  { name: "single_raw", shape: [50, 3], chunks: [50, 3], maxshape: [50, 3], gzip: false, index: "single" },
  { name: "fixed", shape: [100, 6], chunks: [10, 4], maxshape: [100, 6], gzip: true, index: "fixed-array" },
  { name: "fixed_raw", shape: [100, 6], chunks: [10, 4], maxshape: [100, 6], gzip: false, index: "fixed-array" },
  // 1500 chunks: more than one 1024-element page of the fixed array.
  { name: "fixed_paged", shape: [3000], chunks: [2], maxshape: [3000], gzip: false, index: "fixed-array" },
  {
    // Sized for 5000 chunks, pages 1 to 3 never written.
    name: "fixed_sparse",
    shape: [10],
    chunks: [1],
    maxshape: [5000],
    gzip: true,
    index: "fixed-array",
    count: 11,
    modify: (d) => {
      d.resize([5000]);
      d.write_slice([[4500, 4501]], new Int16Array([1234]));
    },
  },
  { name: "ext", shape: [1000, 3], chunks: [10, 2], maxshape: [null, 3], gzip: true, index: "extensible-array" },
  { name: "ext_dim1", shape: [3, 500], chunks: [2, 5], maxshape: [3, null], gzip: true, index: "extensible-array" },
  // 10000 chunks reach the array's separate super blocks.
  { name: "ext_super", shape: [20000], chunks: [2], maxshape: [null], gzip: true, index: "extensible-array" },
  {
    name: "ext_sparse",
    shape: [100],
    chunks: [10],
    maxshape: [null],
    gzip: true,
    index: "extensible-array",
    count: 11,
    modify: (d) => {
      d.resize([1000]);
      d.write_slice([[500, 510]], int16(10));
    },
  },
  {
    name: "ext_shrunk",
    shape: [100],
    chunks: [10],
    maxshape: [null],
    gzip: false,
    index: "extensible-array",
    count: 4,
    modify: (d) => d.resize([35]),
  },
  { name: "bt2", shape: [40, 30], chunks: [7, 11], maxshape: [null, null], gzip: false, index: "btree-v2" },
  // 10050 filtered records: a tree two levels deep.
  { name: "bt2_deep", shape: [400, 300], chunks: [3, 4], maxshape: [null, null], gzip: true, index: "btree-v2" },
];

type H5Module = Awaited<typeof h5wasm.ready>;

function writeFile(module: H5Module, libver: "v108" | "v110" | "latest"): Uint8Array {
  const path = `/indexes-${libver}.h5`;
  const file = new h5wasm.File(path, "w", { libver });
  for (const s of SPECS) {
    const data = int16(s.shape.reduce((a, b) => a * b, 1));
    const compression = s.gzip ? { compression: "gzip" as const } : {};
    const options = { name: s.name, data, shape: s.shape, dtype: "<h", chunks: s.chunks, maxshape: s.maxshape };
    const dataset = file.create_dataset({ ...options, ...compression });
    s.modify?.(dataset);
  }
  file.create_dataset({ name: "empty_contiguous", data: new Float32Array(0), shape: [0], dtype: "<f4" });
  const empty = { data: new Float32Array(0), shape: [0], dtype: "<f4", chunks: [10], maxshape: [null] };
  file.create_dataset({ name: "empty_chunked", ...empty });
  file.close();
  return module.FS.readFile(path);
}

describe.each(["v108", "v110", "latest"] as const)("files written with libver %s", (libver) => {
  let src: ByteSource;
  /** The same file behind a 512-byte user block: every address must move by 512. */
  let shifted: ByteSource;
  let file: Awaited<ReturnType<typeof openWithH5wasm>>;
  beforeAll(async () => {
    const bytes = writeFile(await h5wasm.ready, libver);
    src = memorySource(`indexes-${libver}.h5`, bytes);
    const padded = new Uint8Array(512 + bytes.length);
    padded.set(bytes, 512);
    shifted = memorySource(`shifted-${libver}.h5`, padded);
    file = await openWithH5wasm(bytes);
  });

  it("has a checksummed superblock of version 2 (v1.8 bounds) or 3", () => {
    expect(readSuperblock(src)).toEqual({
      version: libver === "v108" ? 2 : 3,
      sizeOfOffsets: 8,
      sizeOfLengths: 8,
      baseAddress: 0,
    });
  });

  it.each(SPECS)("$name: index, chunk list and rebuilt values match h5wasm", (spec) => {
    const dataset = getDataset(file, spec.name);
    const info = readDatasetLayout(src, objectAddress(dataset));
    expect(info.shape).toEqual(dataset.shape);
    expect(info.dtype).toEqual({ class: 0, size: 2, littleEndian: true, signed: true });
    const layout = info.layout;
    if (layout.kind !== "chunked" || !layout.chunks) throw new Error(`unexpected ${layout.kind}`);
    expect(layout.index).toBe(libver === "v108" ? "btree-v1" : spec.index);
    expect(layout.chunkShape).toEqual(dataset.metadata.chunks);
    expect(layout.filters.map((f) => f.id)).toEqual(dataset.filters.map((f) => f.id));
    const grid = info.shape.reduce((n, d, i) => n * Math.ceil(d / layout.chunkShape[i]!), 1);
    expect(layout.chunks.length).toBe(spec.count ?? grid);
    expect(layout.storedBytes).toBe(layout.chunks.reduce((sum, c) => sum + c.size, 0));
    if (!spec.gzip)
      expect(layout.chunks.every((c) => c.size === layout.chunkShape.reduce((a, b) => a * b, 2))).toBe(true);
    const rebuilt = assemble(src, layout.chunks, info.shape, layout.chunkShape, 2, layout.filters);
    expect(firstDifference(rebuilt, valueBytes(dataset))).toBe(-1);
    const moved = readDatasetLayout(shifted, objectAddress(dataset)).layout;
    expect(moved).toEqual({ ...layout, chunks: layout.chunks.map((c) => ({ ...c, address: c.address + 512 })) });
  });

  it("reports a never-written contiguous dataset with a null address", () => {
    const info = readDatasetLayout(src, objectAddress(getDataset(file, "empty_contiguous")));
    expect(info.layout).toEqual({ kind: "contiguous", address: null, size: 0 });
    expect(info.dtype).toEqual({ class: 1, size: 4, littleEndian: true, signed: false });
  });

  it("reports a chunked dataset without allocated index as having no chunks", () => {
    const info = readDatasetLayout(src, objectAddress(getDataset(file, "empty_chunked")));
    expect(info.layout).toMatchObject({ kind: "chunked", chunks: [], storedBytes: 0 });
  });
});

describe("extensible array with paged data blocks", () => {
  it("lists 140000 chunks, including those in pages of 2048-element data blocks", async () => {
    const module = await h5wasm.ready;
    const file = new h5wasm.File("/paged.h5", "w", { libver: "latest" });
    const data = new Int8Array(140_000).map((_, i) => (i % 251) - 125);
    file.create_dataset({ name: "d", data, shape: [data.length], dtype: "<b", chunks: [1], maxshape: [null] });
    file.close();
    const bytes = module.FS.readFile("/paged.h5");
    const dataset = getDataset(await openWithH5wasm(bytes), "d");
    const src = memorySource("paged.h5", bytes);
    const layout = readDatasetLayout(src, objectAddress(dataset)).layout;
    if (layout.kind !== "chunked" || !layout.chunks) throw new Error("not chunked");
    expect(layout.index).toBe("extensible-array");
    expect(layout.chunks).toHaveLength(140_000);
    const rebuilt = assemble(src, layout.chunks, [data.length], [1], 1, layout.filters);
    expect(firstDifference(rebuilt, valueBytes(dataset))).toBe(-1);
  });
});
