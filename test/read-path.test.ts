import { describe, expect, it } from "vitest";
import { readNwb } from "../src/core/nwb/read-nwb";
import { openRows } from "../src/core/open-rows";
import { openNodeSet } from "../src/node/engine";
import { zlibInflate } from "../src/node/zlib-gzip";
import { nodeBlosc } from "../src/node/blosc-pool";
import { inflateZlib } from "../src/core/direct/inflate-wasm";
import type { Samples } from "../src/core/hdf5/rows";
import { caseInputs, goldenCases } from "./golden";

// Which read path each golden input takes; the golden tests check both give the same bits.
const expected: Record<string, "direct" | "h5wasm"> = {
  "blosc16.nwb": "direct", // Blosc(LZ4), split into byte streams
  "blosc_zstd.nwb": "direct", // Blosc(zstd), NeuroConv's setting: decoded by ../src/core/direct/blosc.ts
  "bloscz16.nwb": "direct", // Blosc(zstd) with bit shuffle
  "lz4_16.nwb": "h5wasm", // the LZ4 filter (not Blosc's): only h5wasm's plugin decodes it
  "sine2.nwb": "direct", // contiguous
  "intan32.nwb": "direct", // chunked, deflate
  "family_0.nwb": "direct", // chunked, across joined members
  "linked_main.nwb": "direct", // data in the external-link target
};

describe("read path selection", () => {
  for (const g of goldenCases().filter((c) => c.input in expected)) {
    it(`${g.input} is read through ${expected[g.input]}`, async () => {
      const { set, close } = await openNodeSet(caseInputs(g));
      try {
        const nwb = readNwb(set, set.names[0]!);
        const series = nwb.series.find((s) => s.path === g.series[0])!;
        const reader = openRows(set, { inflate: zlibInflate, blosc: nodeBlosc })(series.data);
        expect(reader.readAsync ? "direct" : "h5wasm").toBe(expected[g.input]);
        const forced = openRows(set, { inflate: zlibInflate, path: "h5wasm" })(series.data);
        expect(forced.readAsync).toBeUndefined();
      } finally {
        close();
      }
    });
  }
});

describe("the page's WebAssembly inflate on a real file", () => {
  it("reads the same samples as zlib through the direct path (intan32: chunked, deflate)", async () => {
    const g = goldenCases().find((c) => c.input === "intan32.nwb")!;
    const { set, close } = await openNodeSet(caseInputs(g));
    try {
      const series = readNwb(set, set.names[0]!).series.find((s) => s.path === g.series[0])!;
      const byZlib = openRows(set, { inflate: zlibInflate })(series.data);
      const byWasm = openRows(set, { inflate: async (data, into) => inflateZlib(data, into) })(series.data);
      const bytes = (s: Samples) => Buffer.from(s.buffer, s.byteOffset, s.byteLength);
      // Whole chunks, a block that starts and ends inside chunks, and the end.
      for (const [start, end] of [
        [0, byZlib.rows],
        [1000, 20_000],
        [byZlib.rows - 5, byZlib.rows],
      ] as const) {
        const expected = bytes(await byZlib.readAsync!(start, end));
        expect(bytes(await byWasm.readAsync!(start, end)).equals(expected)).toBe(true);
      }
    } finally {
      close();
    }
  });

  it("names the file and the chunk when a chunk cannot be decoded", async () => {
    const g = goldenCases().find((c) => c.input === "intan32.nwb")!;
    const { set, close } = await openNodeSet(caseInputs(g));
    try {
      const series = readNwb(set, set.names[0]!).series.find((s) => s.path === g.series[0])!;
      const broken = openRows(set, { inflate: async () => Promise.reject(new Error("corrupt deflate data")) });
      await expect(broken(series.data).readAsync!(0, 10)).rejects.toThrow(
        /^intan32\.nwb: the chunk at byte \d+ cannot be decoded \(corrupt deflate data\)$/,
      );
    } finally {
      close();
    }
  });
});
