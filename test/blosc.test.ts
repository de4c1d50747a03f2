import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { convertCommand } from "../src/cli/convert-command";
import { convert, planConversion } from "../src/core/convert/convert";
import type { ChunkDecode } from "../src/core/direct/direct-reader";
import { readNwb } from "../src/core/nwb/read-nwb";
import { directorySink } from "../src/node/directory-sink";
import { bloscHeader } from "../src/core/direct/blosc";
import { decodeBloscChunk } from "../src/core/direct/blosc-codecs";
import { h5RowReader, type RowReader, type Samples } from "../src/core/hdf5/rows";
import { datasetLayout } from "../src/core/inspect/stored-size";
import { dataset } from "../src/core/nwb/h5-values";
import { h5Rows, openRows } from "../src/core/open-rows";
import { nodeBlosc } from "../src/node/blosc-pool";
import { openNodeSet } from "../src/node/engine";
import { zlibCrc32, zlibGzip, zlibInflate } from "../src/node/zlib-gzip";
import { NWB, readDir } from "./golden";

// test/fixtures/make-blosc-zstd.py: NeuroConv's Blosc(zstd 5, shuffle) on int16, chunks of two Blosc blocks (one a
// leftover), a partial last row of chunks; and Blosc(zlib, shuffle), whose blocks are split into byte streams.
const FILE = join(NWB, "blosc_zstd.nwb");
const SERIES = "/acquisition/ElectricalSeriesAP";
const ZSTD = `${SERIES}/data`;
const ZLIB = "/analysis/blosc_zlib";

const work = mkdtempSync(join(tmpdir(), "blosc-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const bytes = (s: Samples) => Buffer.from(s.buffer, s.byteOffset, s.byteLength);

async function withReaders(path: string, test: (direct: RowReader, h5: RowReader) => Promise<void>, file = FILE) {
  const { set, close } = await openNodeSet([file]);
  try {
    const name = set.names[0]!;
    const direct = openRows(set, { inflate: zlibInflate, blosc: nodeBlosc })({ file: name, path });
    await test(direct, h5RowReader(dataset(set.file(name), path)!, name));
  } finally {
    close();
  }
}

/** The stored chunks of a dataset, by file position. */
async function chunksOf(path: string): Promise<{ address: number; size: number }[]> {
  const { set, close } = await openNodeSet([FILE]);
  try {
    const name = set.names[0]!;
    const info = datasetLayout(set.source(name), dataset(set.file(name), path)!)!;
    if (info.layout.kind !== "chunked" || !info.layout.chunks) throw new Error("not chunked");
    return info.layout.chunks.map((c) => ({ address: c.address, size: c.size }));
  } finally {
    close();
  }
}

describe("Blosc chunks in the direct reader", () => {
  it("reads Blosc(zstd) and Blosc(zlib) data directly, and leaves it to h5wasm without a Blosc decoder", async () => {
    const { set, close } = await openNodeSet([FILE]);
    try {
      for (const path of [ZSTD, ZLIB]) {
        const location = { file: set.names[0]!, path };
        expect(openRows(set, { inflate: zlibInflate, blosc: nodeBlosc })(location).readAsync).toBeDefined();
        expect(openRows(set, { inflate: zlibInflate })(location).readAsync).toBeUndefined();
      }
    } finally {
      close();
    }
  });

  it("gives h5wasm's samples, row-major and channel-major, across blocks and the partial chunk", async () => {
    await withReaders(ZSTD, async (direct, h5) => {
      for (const [start, end] of [
        [0, direct.rows],
        [1000, 139_999],
        [139_000, direct.rows],
        [direct.rows - 5, direct.rows],
      ] as const) {
        const want = h5.read(start, end);
        expect(bytes(await direct.readAsync!(start, end)).equals(bytes(want))).toBe(true);
        const n = end - start;
        const major = await direct.readChannelMajor!(start, end);
        for (let c = 0; c < direct.width; c++)
          for (let r = 0; r < n; r += 997) expect(major[c * n + r], `${c} ${r}`).toBe(want[r * direct.width + c]);
      }
    });
  });

  it("decodes Blosc(zlib), whose blocks are split into byte streams (h5wasm's plugin cannot: its zlib is missing)", async () => {
    await withReaders(ZSTD, async (zstd, h5) => {
      await withReaders(ZLIB, async (zlib) => {
        // The generator wrote the zstd series' first 30,000 rows here.
        expect(bytes(await zlib.readAsync!(0, zlib.rows)).equals(bytes(h5.read(0, zlib.rows)))).toBe(true);
        expect(bytes(await zlib.readAsync!(0, zlib.rows)).equals(bytes(await zstd.readAsync!(0, zlib.rows)))).toBe(
          true,
        );
      });
    });
  });

  it("converts to exactly the files of the h5wasm path (the reference), each chunk decoded by the Blosc decoder", async () => {
    let decoded = 0;
    const counting: ChunkDecode = (data, into, size) => (decoded++, nodeBlosc(data, into, size));
    const { set, close } = await openNodeSet([FILE]);
    try {
      const plans = planConversion(readNwb(set, set.names[0]!), [], 0.125, h5Rows(set));
      const options = { level: 0, gzip: zlibGzip, crc32: zlibCrc32, parallel: 8 };
      const into = (dir: string) => ({ ...options, sink: directorySink(join(work, dir)) });
      await convert(plans, openRows(set, { path: "h5wasm" }), into("h5wasm"));
      await convert(plans, openRows(set, { inflate: zlibInflate, blosc: counting }), into("direct"));
    } finally {
      close();
    }
    // The CLI's own wiring too.
    await convertCommand({ files: [FILE], out: join(work, "cli"), chunkMb: 0.125, series: [], level: 0 });
    expect(decoded).toBe(4);
    const reference = readDir(join(work, "h5wasm"));
    expect(reference.size).toBeGreaterThan(4);
    for (const dir of ["direct", "cli"]) {
      const got = readDir(join(work, dir));
      expect([...got.keys()].sort()).toEqual([...reference.keys()].sort());
      for (const [name, b] of reference) expect(Buffer.from(got.get(name)!).equals(Buffer.from(b)), name).toBe(true);
    }
  });

  it("hands a stored chunk's buffer back once its thread has decoded it, for the next chunk's read", async () => {
    const file = new Uint8Array(readFileSync(FILE));
    for (const chunk of await chunksOf(ZSTD)) {
      // In a buffer larger than the chunk, as the reader's recycled ones are.
      const buffer = new ArrayBuffer(chunk.size + 100);
      const stored = new Uint8Array(buffer, 0, chunk.size);
      stored.set(file.subarray(chunk.address, chunk.address + chunk.size));
      const expected = await decodeBloscChunk(stored.slice());
      const back: ArrayBuffer[] = [];
      const out = await nodeBlosc(stored, undefined, expected.length, undefined, (b) => back.push(b));
      expect(Buffer.from(out).equals(Buffer.from(expected))).toBe(true);
      expect(buffer.byteLength).toBe(0); // moved to the Blosc thread…
      expect(back.map((b) => b.byteLength)).toEqual([chunk.size + 100]); // …and back whole
      expect(
        Buffer.from(back[0]!, 0, chunk.size).equals(
          Buffer.from(file.subarray(chunk.address, chunk.address + chunk.size)),
        ),
      ).toBe(true);
    }
  });

  it("refuses a damaged frame in one line naming the file and the chunk", async () => {
    const [first] = (await chunksOf(ZSTD)).sort((a, b) => a.address - b.address);
    const damages: [string, (b: Uint8Array) => void, RegExp][] = [
      // The second block's start points past the frame.
      ["block table", (b) => b.set([0xff, 0xff, 0xff, 0x7f], first!.address + 20), /damaged \(block 1\)/],
      // The first block's zstd stream loses its magic number.
      ["zstd stream", (b) => b.fill(0, first!.address + 16 + 8 + 4, first!.address + 16 + 8 + 8), /block 0 .*zstd/],
      // The header says the frame is longer than the chunk stored.
      ["cut short", (b) => b.set([0xff, 0xff, 0xff, 0x00], first!.address + 12), /cut short/],
    ];
    for (const [what, damage, why] of damages) {
      const copy = new Uint8Array(readFileSync(FILE));
      damage(copy);
      const path = join(work, `damaged-${what.replace(" ", "-")}.nwb`);
      writeFileSync(path, copy);
      await withReaders(
        ZSTD,
        async (direct) => {
          const error = await direct.readAsync!(0, direct.rows).then(
            () => null,
            (e: Error) => e,
          );
          expect(error?.message, what).toMatch(
            new RegExp(`^damaged-[a-z-]+\\.nwb: the chunk at byte ${first!.address} cannot be decoded \\(.+\\)$`),
          );
          expect(error!.message).toMatch(why);
          expect(error!.message).not.toContain("\n");
        },
        path,
      );
    }
  });
});

describe("decodeBlosc on a frame", () => {
  it("refuses a frame that decodes to more than the chunk, before decoding it", async () => {
    const [first] = await chunksOf(ZSTD);
    const frame = new Uint8Array(readFileSync(FILE)).slice(first!.address, first!.address + first!.size);
    expect(bloscHeader(frame)).toMatchObject({ typesize: 2, nbytes: 280_000, compressor: "zstd", shuffle: "byte" });
    expect((await decodeBloscChunk(frame, undefined, 280_000)).length).toBe(280_000);
    await expect(decodeBloscChunk(frame, undefined, 279_999)).rejects.toThrow("decodes to more than 279999 bytes");
  });
});
