// Conversion memory follows a budget, not the channel count or the chunk shape: real HDF5 files written with
// h5wasm at test time (chunked gzip in column stripes, full-width chunks, contiguous), converted through the
// direct reader and through h5wasm with a small stripe budget, and compared with the one-pass conversion.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { convert, planConversion, type OpenRows, type Progress } from "../src/core/convert/convert";
import { storedGzip } from "../src/core/convert/gzip";
import type { Inflate } from "../src/core/direct/direct-reader";
import { initH5 } from "../src/core/hdf5/h5";
import type { RowReader } from "../src/core/hdf5/rows";
import type { ElectricalSeries, NwbFile } from "../src/core/nwb/model";
import { emptySession } from "../src/core/nwb/session-meta";
import { openRows, type ReadPath } from "../src/core/open-rows";
import type { OutputSink } from "../src/core/sink/output-sink";
import { openNodeSet } from "../src/node/engine";
import { loadNodePlugin } from "../src/node/plugins";
import { zlibInflate } from "../src/node/zlib-gzip";

const ROWS = 1100;
/** Output chunks of 256 samples: 5 files per channel, the last short. */
const BLOCK = 256;
const CHUNK_MB = (BLOCK * 8) / 2 ** 20;
/** Budget for a stripe's blocks: 64 KiB, far below a 1,024-channel block (256 rows × 1,024 × 2 bytes = 512 KiB). */
const BUDGET = 64 * 1024;

interface Layout {
  name: string;
  channels: number;
  /** [rows, columns] of a stored chunk, or null for contiguous data. */
  chunks: [number, number] | null;
}

const layouts: Layout[] = [
  { name: "narrow-chunked.h5", channels: 16, chunks: [300, 16] },
  { name: "wide-chunked.h5", channels: 1024, chunks: [300, 64] },
  { name: "wide-fullwidth.h5", channels: 1024, chunks: [50, 1024] },
  { name: "wide-contiguous.h5", channels: 1024, chunks: null },
];

let dir = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "stripes-"));
  const module = await initH5(loadNodePlugin);
  const { h5wasm } = await import("../src/core/hdf5/h5");
  for (const layout of layouts) {
    const scratch = `/${layout.name}`;
    const f = new h5wasm.File(scratch, "w");
    const samples = new Int16Array(ROWS * layout.channels);
    let seed = layout.channels;
    for (let i = 0; i < samples.length; i++) {
      seed = (seed * 1_103_515_245 + 12_345) >>> 0;
      samples[i] = (((i % layout.channels) * 31 + Math.floor(i / layout.channels)) % 5000) + ((seed >>> 16) & 0x3f);
    }
    f.create_dataset({
      name: "data",
      data: samples,
      shape: [ROWS, layout.channels],
      dtype: "<h",
      ...(layout.chunks ? { chunks: layout.chunks, compression: "gzip" as const, compression_opts: 1 } : {}),
    });
    f.close();
    writeFileSync(join(dir, layout.name), module.FS.readFile(scratch));
    module.FS.unlink(scratch);
  }
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function series(file: string, channels: number): ElectricalSeries {
  return {
    path: "/acquisition/es",
    description: "",
    data: { file, path: "/data" },
    shape: [ROWS, channels],
    dtype: "<h",
    rate: 1000,
    startingTime: 0,
    timestamps: null,
    conversion: 1e-6,
    offset: 0,
    unit: "volts",
    channelConversion: null,
    electrodes: Array.from({ length: channels }, (_, c) => ({ name: `e${c}`, group: "g" })),
    problem: null,
    missing: [],
  };
}

const nwb = (s: ElectricalSeries): NwbFile => ({
  name: s.data.file,
  series: [s],
  session: emptySession(),
});

/** What a conversion asked of its reader: the largest block (samples) and how many chunks were inflated. */
interface Seen {
  largestBlock: number;
  inflates: number;
  /** The distinct buffers the channel-major blocks came in. */
  blockBuffers: Set<ArrayBufferLike>;
  files: Map<string, Uint8Array>;
  progress: Progress[];
}

async function run(layout: Layout, path: ReadPath, budget?: number, oneDecode?: number): Promise<Seen> {
  const { set, close } = await openNodeSet([join(dir, layout.name)]);
  try {
    const seen: Seen = { largestBlock: 0, inflates: 0, blockBuffers: new Set(), files: new Map(), progress: [] };
    const inflate: Inflate = (data, into, size) => {
      seen.inflates++;
      return zlibInflate(data, into, size);
    };
    const opened = openRows(set, { inflate, path });
    // Every way a conversion reads samples, counted (the reader itself is the real one).
    const counting: OpenRows = (location) => {
      const reader = opened(location);
      const note = (samples: number) => (seen.largestBlock = Math.max(seen.largestBlock, samples));
      const wrapped: RowReader = Object.create(reader) as RowReader;
      Object.assign(wrapped, {
        read(start: number, end: number, columns?: [number, number]) {
          note((end - start) * (columns ? columns[1] - columns[0] : reader.width));
          return reader.read(start, end, columns);
        },
      });
      if (reader.readAsync)
        Object.assign(wrapped, {
          readAsync(start: number, end: number) {
            note((end - start) * reader.width);
            return reader.readAsync!(start, end);
          },
        });
      if (reader.readChannelMajor)
        Object.assign(wrapped, {
          async readChannelMajor(start: number, end: number, columns?: [number, number], free?: Promise<unknown>) {
            note((end - start) * (columns ? columns[1] - columns[0] : reader.width));
            const block = await reader.readChannelMajor!(start, end, columns, free);
            seen.blockBuffers.add(block.buffer);
            return block;
          },
        });
      return wrapped;
    };
    const s = series(layout.name, layout.channels);
    const plans = planConversion(nwb(s), [], CHUNK_MB, counting);
    const sink: OutputSink = {
      put: async (name, bytes) => void seen.files.set(name, bytes.slice()),
      finish: async () => {},
      abort: async () => {},
    };
    const crc = (d: Uint8Array, seed?: number) => crc32(d, seed);
    await convert(plans, counting, {
      level: 0,
      gzip: async (d) => storedGzip(d, crc),
      crc32: crc,
      sink,
      stripeBudget: budget,
      oneDecodeBudget: oneDecode,
      onProgress: (p) => seen.progress.push(p),
    });
    return seen;
  } finally {
    close();
  }
}

function expectSameFiles(got: Map<string, Uint8Array>, want: Map<string, Uint8Array>): void {
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [name, bytes] of want) expect(Buffer.from(got.get(name)!).equals(Buffer.from(bytes)), name).toBe(true);
}

const storedChunks = (l: Layout) => Math.ceil(ROWS / l.chunks![0]) * Math.ceil(l.channels / l.chunks![1]);

describe("conversion in channel stripes under a memory budget", () => {
  for (const path of ["auto", "h5wasm"] as const) {
    it(`reads blocks of the same bounded size for 16 and 1,024 channels, the same files as one pass (${path})`, async () => {
      const largest: number[] = [];
      for (const layout of layouts.slice(0, 2)) {
        const onePass = await run(layout, path, Infinity);
        const striped = await run(layout, path, BUDGET);
        expectSameFiles(striped.files, onePass.files);
        expect(striped.files.size).toBe(layout.channels * 6); // 5 chunk files and the metadata
        if (path === "auto") expect(striped.inflates).toBe(storedChunks(layout)); // each chunk decoded once
        largest.push(striped.largestBlock);
      }
      // 16 channels fit the budget whole (one pass); 1,024 go in stripes of whole 64-column chunk columns:
      // the same block, where one pass would read 1,024 columns.
      const [narrow, wide] = largest;
      // (h5wasm's reads run to the end of the stored chunk holding the block's last row: 300 rows here.)
      expect(narrow).toBe((path === "auto" ? BLOCK : 300) * 16);
      expect(wide).toBeLessThanOrEqual(narrow! * 4);
      expect(wide! * 2).toBeLessThanOrEqual(BUDGET);
    });
  }

  it("cuts full-width chunks into stripes past the one-decode budget (each chunk then decoded once per stripe)", async () => {
    const layout = layouts[2]!;
    const onePass = await run(layout, "auto", Infinity);
    expect(onePass.inflates).toBe(storedChunks(layout));
    const striped = await run(layout, "auto", BUDGET, BUDGET);
    expectSameFiles(striped.files, onePass.files);
    // One block at a time (the next waits for it to be used up), within the one-decode budget.
    expect(striped.largestBlock * 2).toBeLessThanOrEqual(BUDGET);
    expect(striped.largestBlock).toBeGreaterThan(BLOCK * 64);
    const stripes = striped.inflates / storedChunks(layout);
    expect(Number.isInteger(stripes) && stripes > 1).toBe(true);
    // Up to the one-decode budget, full-width chunks are read whole and decoded once, one block held at a time
    // (the next fills the same memory once the previous is used up), where one pass within the budget has two.
    const whole = await run(layout, "auto", BUDGET, Infinity);
    expect(whole.inflates).toBe(storedChunks(layout));
    expectSameFiles(whole.files, onePass.files);
    expect([whole.blockBuffers.size, onePass.blockBuffers.size]).toEqual([1, 2]);
  });

  it("reads contiguous data in stripes too, through both paths", async () => {
    const layout = layouts[3]!;
    const onePass = await run(layout, "auto", Infinity);
    for (const path of ["auto", "h5wasm"] as const) {
      const striped = await run(layout, path, BUDGET);
      expectSameFiles(striped.files, onePass.files);
      expect(striped.largestBlock * 2 * 2).toBeLessThanOrEqual(BUDGET);
    }
  });

  it("writes the files stripe after stripe, progress exact file by file", async () => {
    const layout = layouts[1]!;
    const { progress, files } = await run(layout, "auto", BUDGET);
    // The first stripe's 64 channels, all their chunk files, before any of the next stripe's.
    const firstStripe = [...files.keys()].slice(0, 64 * 5).map((name) => Number(name.slice(8, 13)));
    expect(Math.max(...firstStripe)).toBe(63);
    expect(progress.length).toBe(files.size);
    expect(progress.map((p) => p.filesDone)).toEqual(progress.map((_, i) => i + 1));
    const last = progress.at(-1)!;
    expect([last.filesDone, last.bytesDone]).toEqual([last.filesTotal, last.bytesTotal]);
    expect(last.bytesTotal).toBe(ROWS * layout.channels * 8);
  });
});
