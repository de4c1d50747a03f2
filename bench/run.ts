// npm run bench: our CLI against the NumPy/h5py baseline on the grown files, as whole processes.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BASELINE, envList, findPython, measure, median, TIME, type ProcessRun } from "./process-run";
import { describeFile, ensureBenchFiles, SERIES, type BenchFile } from "./grow";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "bin", "nwb2pennsieve.mjs");
const REPS = Number(process.env.BENCH_REPS ?? 3); // median of 3 by default; the machine is noisy
const LEVELS = (envList("BENCH_LEVELS") ?? ["0", "1"]).map(Number);
const ONLY = envList("BENCH_FILES");
const MB = 1e6;

type Tool = "ours" | "baseline";
type Run = ProcessRun;
interface Row {
  file: string;
  level: number;
  tool: Tool;
  bytesIn: number;
  runs: Run[];
  seconds: number;
  inMBs: number;
  outMBs: number;
  rssMB: number;
  ratio: number | null;
}

function summarize(f: BenchFile, level: number, tool: Tool, runs: Run[]): Row {
  const seconds = median(runs.map((r) => r.seconds));
  return {
    file: f.id,
    level,
    tool,
    bytesIn: f.bytes,
    runs,
    seconds,
    inMBs: f.bytes / MB / seconds,
    outMBs: median(runs.map((r) => r.bytesOut)) / MB / seconds,
    rssMB: median(runs.map((r) => r.rssMB)),
    ratio: null,
  };
}

function table(rows: Row[]): string {
  const head = ["file", "level", "tool", "seconds", "in MB/s", "out MB/s", "peak RSS MB", "ratio"];
  const body = rows.map((r) => [
    r.file,
    String(r.level),
    r.tool,
    r.seconds.toFixed(2),
    r.inMBs.toFixed(1),
    r.outMBs.toFixed(1),
    r.rssMB.toFixed(0),
    r.ratio === null ? "" : r.ratio.toFixed(2),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join("  ");
  return [line(head), line(w.map((n) => "-".repeat(n))), ...body.map(line)].join("\n");
}

async function main(): Promise<number> {
  if (!existsSync(TIME)) {
    console.error(`${TIME} is missing: apt-get install -y time`);
    return 1;
  }
  const python = findPython();
  if (!python) {
    console.error(
      "no python with h5py and numpy found (tried /usr/bin/python3, python3, python): " +
        "apt-get install -y python3-h5py python3-numpy — the baseline is skipped, ratios stay empty",
    );
  }
  const t0 = performance.now();
  const files = await ensureBenchFiles((s) => console.log(s));
  for (const f of files) console.log(describeFile(f));
  const chosen = ONLY ? files.filter((f) => ONLY.includes(f.id)) : files;
  const rows: Row[] = [];
  for (const f of chosen) {
    for (const level of LEVELS) {
      const ours: Run[] = [];
      const base: Run[] = [];
      // Interleaved, so that a slow spell of the machine hits both tools alike.
      for (let i = 0; i < REPS; i++) {
        ours.push(
          measure([
            process.execPath,
            CLI,
            "convert",
            f.path,
            "--out",
            "OUT",
            "--chunk-mb",
            "1",
            "--level",
            String(level),
            "--series",
            SERIES,
          ]),
        );
        if (python) base.push(measure([python, BASELINE, f.path, SERIES, "OUT", "1", String(level)]));
      }
      const o = summarize(f, level, "ours", ours);
      rows.push(o);
      if (python) {
        const b = summarize(f, level, "baseline", base);
        o.ratio = b.seconds / o.seconds;
        rows.push(b);
      }
      process.stderr.write(`${f.id} level ${level}: ours ${o.seconds.toFixed(2)} s\n`);
    }
  }
  const text = table(rows);
  console.log(`\n${text}\n\nmedian of ${REPS} runs each; ratio = baseline seconds / ours (> 1: ours faster)`);
  const outDir = join(ROOT, "bench", "out");
  mkdirSync(outDir, { recursive: true });
  const meta = { date: new Date().toISOString(), reps: REPS, python, node: process.version, chunkMb: 1 };
  writeFileSync(join(outDir, "results.json"), JSON.stringify({ ...meta, rows }, null, 2));
  console.log(`results: bench/out/results.json (bench took ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  let ok = true;
  if (process.env.BENCH_BROWSER !== "0") {
    // The app in headless Chromium against the same baseline (bench/browser.ts; BENCH_BROWSER=0 skips it).
    const { allGood, runBrowserBench } = await import("./browser");
    if (!allGood(await runBrowserBench({ python }))) ok = false;
  }
  if (process.env.BENCH_LAYOUTS !== "0") {
    // Real writers' layouts (issue 16): CLI and page beside the baseline (bench/layouts.ts; BENCH_LAYOUTS=0 skips it).
    const { layoutsGood, runLayoutsBench } = await import("./layouts");
    if (!layoutsGood(await runLayoutsBench({ python }))) ok = false;
  }
  if (process.env.BENCH_TABLES !== "0") {
    // NWB tables (issue 15): CLI and page against h5py (bench/tables/run.ts; BENCH_TABLES=0 skips it).
    const { runTablesBench } = await import("./tables/run");
    if (!(await runTablesBench())) ok = false;
  }
  return ok ? 0 : 1;
}

process.exitCode = await main();
