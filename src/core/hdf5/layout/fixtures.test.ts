import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { openNodeSource, type NodeFileSource } from "../../../node/file-source";
import { memorySource } from "../byte-source";
import { readDatasetLayout, readSuperblock, type ChunkRef, type DatasetLayoutInfo } from "./index";
import {
  FIXTURES,
  assemble,
  firstDifference,
  getDataset,
  objectAddress,
  openWithH5wasm,
  readBytes,
  valueBytes,
} from "./layout.test-helpers";

const opened: NodeFileSource[] = [];
afterAll(() => opened.forEach((s) => s.close()));

/** Opens a fixture both ways: h5wasm for ground truth, a Node ByteSource for the reader. */
async function load(name: string, path: string) {
  const file = await openWithH5wasm(readFileSync(`${FIXTURES}/${name}`));
  const dataset = getDataset(file, path);
  const src = openNodeSource(`${FIXTURES}/${name}`);
  opened.push(src);
  return { dataset, src, info: readDatasetLayout(src, objectAddress(dataset)) };
}

function expectSameDtype(info: DatasetLayoutInfo, dataset: ReturnType<typeof getDataset>) {
  expect(info.shape).toEqual(dataset.shape);
  expect(info.dtype.size).toBe(dataset.metadata.size);
  expect(info.dtype.signed).toBe(dataset.metadata.signed);
  expect(info.dtype.littleEndian).toBe(dataset.metadata.littleEndian);
}

describe("superblock of pynwb files", () => {
  it("reads version 0 with 8-byte offsets and lengths", () => {
    const src = memorySource("sine2.nwb", readFileSync(`${FIXTURES}/nwb/sine2.nwb`));
    expect(readSuperblock(src)).toEqual({ version: 0, sizeOfOffsets: 8, sizeOfLengths: 8, baseAddress: 0 });
  });
});

describe("contiguous datasets", () => {
  const cases: [string, string][] = [
    ["nwb/sine2.nwb", "/acquisition/TestElectricalSeries/data"],
    ["nwb/gaps4.nwb", "/acquisition/Gappy/data"],
    ["nwb/gaps4.nwb", "/acquisition/Gappy/timestamps"],
    ["nwb/tables.nwb", "/units/waveform_mean"],
    ["nwb/twoseries.nwb", "/acquisition/SeriesB/data"],
    ["nwb/subset6.nwb", "/processing/ecephys/LFP/LFP/data"],
    ["perf/template384.nwb", "/acquisition/ElectricalSeriesAP/data"],
    ["perf/template384.nwb", "/general/extracellular_ephys/electrodes/x"],
  ];
  it.each(cases)("%s %s: bytes at the address equal h5wasm's value", async (name, path) => {
    const { dataset, src, info } = await load(name, path);
    expectSameDtype(info, dataset);
    expect(info.filters).toEqual([]);
    const layout = info.layout;
    if (layout.kind !== "contiguous" || layout.address === null) throw new Error(`unexpected ${layout.kind}`);
    const expected = valueBytes(dataset);
    expect(layout.size).toBe(expected.length);
    expect(firstDifference(readBytes(src, layout.address, layout.size), expected)).toBe(-1);
  });
});

describe("gzip-chunked dataset (intan32)", () => {
  it("lists every chunk of the v1 B-tree; inflated chunks rebuild h5wasm's value", async () => {
    const { dataset, src, info } = await load("nwb/intan32.nwb", "/acquisition/ElectricalSeriesRaw/data");
    expectSameDtype(info, dataset);
    const layout = info.layout;
    if (layout.kind !== "chunked" || !layout.chunks) throw new Error(`unexpected ${layout.kind}`);
    expect(layout.index).toBe("btree-v1");
    expect(layout.chunkShape).toEqual(dataset.metadata.chunks);
    expect(layout.elementSize).toBe(2);
    expect(layout.filters.map((f) => f.id)).toEqual(dataset.filters.map((f) => f.id));
    expect(layout.filters[0]).toMatchObject({ id: 1, name: "deflate" });
    expect(layout.chunks.map((c) => c.offset[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => i * 8192));
    expect(layout.storedBytes).toBe(layout.chunks.reduce((s, c) => s + c.size, 0));
    const rebuilt = assemble(src, layout.chunks, info.shape, layout.chunkShape, 2, layout.filters);
    expect(firstDifference(rebuilt, valueBytes(dataset))).toBe(-1);
  });

  it("drops B-tree chunks that lie beyond the dataset's extent", async () => {
    // Shrink the stored extent to 16000 rows by patching the dataspace
    // message (v1 headers carry no checksum): the B-tree still has 8 chunks.
    const bytes = readFileSync(`${FIXTURES}/nwb/intan32.nwb`);
    const file = await openWithH5wasm(bytes);
    const address = objectAddress(getDataset(file, "/acquisition/ElectricalSeriesRaw/data"));
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getUint16(address + 16, true)).toBe(1); // first message: dataspace, version 1
    expect(view.getBigUint64(address + 32, true)).toBe(60000n);
    view.setBigUint64(address + 32, 16000n, true);
    const info = readDatasetLayout(memorySource("shrunk.nwb", bytes), address);
    expect(info.shape).toEqual([16000, 32]);
    if (info.layout.kind !== "chunked") throw new Error("not chunked");
    expect(info.layout.chunks!.map((c) => c.offset)).toEqual([
      [0, 0],
      [8192, 0],
    ]);
  });
});

/** Checks chunks are 10 non-overlapping blocks of a [40000, 16] int16 series chunked by [4096, 16]. */
function expectTenChunks(chunks: ChunkRef[] | null, fileSize: number): ChunkRef[] {
  expect(chunks).not.toBeNull();
  expect(chunks!.map((c) => c.offset)).toEqual([...Array(10).keys()].map((i) => [i * 4096, 0]));
  const sorted = [...chunks!].sort((a, b) => a.address - b.address);
  sorted.forEach((c, i) => {
    expect(c.size).toBeGreaterThan(0);
    expect(c.address + c.size).toBeLessThanOrEqual(i + 1 < sorted.length ? sorted[i + 1]!.address : fileSize);
  });
  return chunks!;
}

describe("plugin-filtered chunks (no decoder here: check each codec's own header)", () => {
  it.each(["nwb/blosc16.nwb", "nwb/bloscz16.nwb"])("%s: blosc headers give the chunk's sizes", async (name) => {
    const { dataset, src, info } = await load(name, "/acquisition/ElectricalSeries/data");
    expectSameDtype(info, dataset);
    if (info.layout.kind !== "chunked") throw new Error("not chunked");
    expect(info.layout.chunkShape).toEqual([4096, 16]);
    expect(info.filters.map((f) => f.id)).toEqual([32001]);
    for (const chunk of expectTenChunks(info.layout.chunks, src.size)) {
      const header = new DataView(readBytes(src, chunk.address, 16).buffer);
      expect(header.getUint8(3)).toBe(2); // type size
      expect(header.getUint32(4, true)).toBe(4096 * 16 * 2); // uncompressed bytes
      expect(header.getUint32(12, true)).toBe(chunk.size); // compressed bytes, header included
    }
  });

  it("lz4_16.nwb: the lz4 filter's block list spans exactly the chunk", async () => {
    const { src, info } = await load("nwb/lz4_16.nwb", "/acquisition/ElectricalSeries/data");
    if (info.layout.kind !== "chunked") throw new Error("not chunked");
    expect(info.filters.map((f) => f.id)).toEqual([32004]);
    for (const chunk of expectTenChunks(info.layout.chunks, src.size)) {
      const bytes = readBytes(src, chunk.address, chunk.size);
      const view = new DataView(bytes.buffer);
      expect(Number(view.getBigUint64(0))).toBe(4096 * 16 * 2); // big-endian original size
      let at = 12;
      while (at < bytes.length) at += 4 + view.getUint32(at);
      expect(at).toBe(chunk.size);
    }
    expect(info.layout.storedBytes).toBe(info.layout.chunks!.reduce((s, c) => s + c.size, 0));
  });
});
