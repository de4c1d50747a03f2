// What reading the survivors' spike times must cost at least: every 10 MB chunk of spike_times holds some of the
// 481 units, so all 40 chunks (400 MB inflated) are read once whatever the engine does. Timed in this process, by
// the project's readers: the direct reader (the file's own chunk index, chunks inflated by node's zlib on libuv's
// pool, several at once), the same with our WebAssembly inflate (the page's), and h5wasm's hyperslab reads.
// usage: node --import tsx bench/tables/floor.ts   (also part of bench/tables/run.ts)
import { fileURLToPath } from "node:url";
import { inflateZlib } from "../../src/core/direct/inflate-wasm";
import { openRows } from "../../src/core/open-rows";
import { openNodeSet } from "../../src/node/engine";
import { zlibInflate } from "../../src/node/zlib-gzip";
import { median } from "../process-run";
import { ensureTablesFiles, type UnitsFile } from "./generate";

export interface FloorRow {
  reader: string;
  ms: number;
  runs: number[];
  /** MB of float64 values decoded per second. */
  mbPerS: number;
}

async function readAll(big: UnitsFile, mode: "node-zlib" | "wasm-inflate" | "h5wasm"): Promise<number> {
  const { set, close } = await openNodeSet([big.path]);
  try {
    const name = set.names[0]!;
    const inflate =
      mode === "node-zlib"
        ? zlibInflate
        : mode === "wasm-inflate"
          ? async (d: Uint8Array, into?: Uint8Array, size?: number) => inflateZlib(d, into, size)
          : undefined;
    const reader = openRows(set, { inflate, path: inflate ? "auto" : "h5wasm" })({
      file: name,
      path: "/units/spike_times",
    });
    if (inflate && !reader.readAsync) throw new Error("the direct reader refused spike_times");
    const step = big.chunk * 4; // four chunks a call: the direct reader decodes them at once
    let sum = 0;
    const t0 = performance.now();
    for (let start = 0; start < reader.rows; start += step) {
      const end = Math.min(reader.rows, start + step);
      const values = reader.readAsync ? await reader.readAsync(start, end) : reader.read(start, end);
      sum += Number(values[values.length - 1]);
    }
    const ms = performance.now() - t0;
    if (!Number.isFinite(sum)) throw new Error("odd values");
    return ms;
  } finally {
    close();
  }
}

const READERS = [
  ["direct reader, node zlib on the libuv pool (the CLI's convert path)", "node-zlib"],
  ["direct reader, our WebAssembly inflate (the page's convert path)", "wasm-inflate"],
  ["h5wasm hyperslabs (HDF5's own inflate, in WebAssembly)", "h5wasm"],
] as const;

/** Each reader `reps` times (env BENCH_REPS, default 3), interleaved; medians. */
export async function runFloor(big: UnitsFile, reps = Number(process.env.BENCH_REPS ?? 3)): Promise<FloorRow[]> {
  const times = READERS.map(() => [] as number[]);
  for (let i = 0; i < reps; i++)
    for (const [j, [, mode]] of READERS.entries()) times[j]!.push(await readAll(big, mode));
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
