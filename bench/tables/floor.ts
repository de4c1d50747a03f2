// What reading the survivors' spike times must cost at least: every 10 MB chunk of spike_times holds some of the
// 481 units, so all 40 chunks (400 MB inflated) are read once whatever the engine does. Timed in this process:
// the chunks found by the file's own chunk index (src/core/hdf5/layout) and inflated by node's zlib (serially, and
// on libuv's pool) or by our WebAssembly inflate (the page's), and h5wasm's hyperslab reads, one chunk each.
// usage: node --import tsx bench/tables/floor.ts   (also part of bench/tables/run.ts)
import { closeSync, openSync, readSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { inflate, inflateSync } from "node:zlib";
import type { Dataset } from "h5wasm";
import { inflateZlib } from "../../src/core/direct/inflate-wasm";
import { openRows } from "../../src/core/open-rows";
import { openNodeSet } from "../../src/node/engine";
import { datasetLayout } from "../../src/core/inspect/stored-size";
import type { ChunkRef } from "../../src/core/hdf5/layout";
import { median } from "../process-run";
import { zlibInflate } from "../../src/node/zlib-gzip";
import { ensureTablesFiles, type UnitsFile } from "./generate";

const inflateAsync = promisify(inflate);

export interface FloorRow {
  reader: string;
  ms: number;
  runs: number[];
  /** MB of float64 values decoded per second. */
  mbPerS: number;
}

type Mode = "zlib-sync" | "zlib-pool" | "project-zlib" | "wasm-inflate" | "h5wasm";

/** The chunks of spike_times as the file's own chunk index lists them (src/core/hdf5/layout), in order. */
async function chunksOf(big: UnitsFile): Promise<ChunkRef[]> {
  const { set, close } = await openNodeSet([big.path]);
  try {
    const name = set.names[0]!;
    const ds = set.file(name).get("/units/spike_times") as Dataset;
    const info = datasetLayout(set.source(name), ds);
    if (info?.layout.kind !== "chunked" || !info.layout.chunks) throw new Error("spike_times: no chunk index read");
    return [...info.layout.chunks].sort((a, b) => a.offset[0]! - b.offset[0]!);
  } finally {
    close();
  }
}

/** Reads every chunk once and inflates it; returns ms. */
async function readAll(big: UnitsFile, chunks: ChunkRef[], mode: Mode): Promise<number> {
  if (mode === "h5wasm") {
    const { set, close } = await openNodeSet([big.path]);
    try {
      const reader = openRows(set, { path: "h5wasm" })({ file: set.names[0]!, path: "/units/spike_times" });
      const t0 = performance.now();
      let last = 0;
      for (let start = 0; start < reader.rows; start += big.chunk) {
        const values = reader.read(start, Math.min(reader.rows, start + big.chunk));
        last = Number(values[values.length - 1]);
      }
      if (!(last > 0)) throw new Error("odd values");
      return performance.now() - t0;
    } finally {
      close();
    }
  }
  const fd = openSync(big.path, "r");
  const bytes = big.chunk * 8;
  const raw = (c: ChunkRef) => {
    const b = Buffer.allocUnsafe(c.size);
    readSync(fd, b, 0, c.size, c.address);
    return b;
  };
  const check = (out: Uint8Array) => {
    if (out.length !== bytes) throw new Error(`a chunk inflated to ${out.length} bytes, not ${bytes}`);
  };
  try {
    const t0 = performance.now();
    if (mode === "zlib-pool" || mode === "project-zlib") {
      // Two chunks in flight per core; each inflates into one buffer of the chunk's size.
      const inFlight = new Set<Promise<void>>();
      for (const c of chunks) {
        while (inFlight.size >= 2 * availableParallelism()) await Promise.race(inFlight);
        const job = (
          mode === "project-zlib"
            ? zlibInflate(raw(c), undefined, bytes)
            : inflateAsync(raw(c), { chunkSize: bytes, maxOutputLength: bytes })
        ).then(check);
        inFlight.add(job);
        void job.finally(() => inFlight.delete(job));
      }
      await Promise.all(inFlight);
    } else {
      const into = new Uint8Array(bytes);
      for (const c of chunks)
        check(mode === "zlib-sync" ? inflateSync(raw(c), { chunkSize: bytes }) : inflateZlib(raw(c), into, bytes));
    }
    return performance.now() - t0;
  } finally {
    closeSync(fd);
  }
}

const READERS: [string, Mode][] = [
  ["the file's chunk index, node's zlib one chunk after another (inflateSync)", "zlib-sync"],
  [
    "the file's chunk index, node's zlib on libuv's pool, two chunks per core at once (as the tables CLI reads ragged data)",
    "zlib-pool",
  ],
  [
    "the same through src/node/zlib-gzip.ts's zlibInflate (the convert path's: 16 KiB output pieces, joined)",
    "project-zlib",
  ],
  ["the file's chunk index, our WebAssembly inflate (the page's), one after another", "wasm-inflate"],
  ["h5wasm hyperslabs of one chunk each (HDF5's inflate in WebAssembly: the engine's general path)", "h5wasm"],
];

/** Each reader `reps` times (env BENCH_REPS, default 3), interleaved; medians. */
export async function runFloor(big: UnitsFile, reps = Number(process.env.BENCH_REPS ?? 3)): Promise<FloorRow[]> {
  const times = READERS.map(() => [] as number[]);
  const chunks = await chunksOf(big);
  for (let i = 0; i < reps; i++)
    for (const [j, [, mode]] of READERS.entries()) times[j]!.push(await readAll(big, chunks, mode));
  const rows = READERS.map(([reader], j) => {
    const ms = median(times[j]!);
    return { reader, ms, runs: times[j]!, mbPerS: (big.spikes * 8) / 1e3 / ms };
  });
  const mb = (big.spikes * 8) / 1e6;
  console.log(
    `\nfloor: all ${big.spikes / big.chunk} chunks of spike_times (${mb} MB inflated), in-process, median of ${reps}\n`,
  );
  for (const r of rows)
    console.log(`  ${r.ms.toFixed(0).padStart(6)} ms  ${r.mbPerS.toFixed(0).padStart(4)} MB/s  ${r.reader}`);
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { big } = await ensureTablesFiles();
  await runFloor(big);
}
