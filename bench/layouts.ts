// The layouts benchmark (issue 16): each real writer's layout (bench/layout-files.ts) through the CLI and the page,
// beside the NumPy baseline in the same run. Each repetition runs the CLI, the baseline, then the page on the same
// file and level, so that a slow spell of the machine hits all three alike and both ratios share the baseline.
// `npm run bench` ends with it (BENCH_LAYOUTS=0 skips it); alone: `npm run bench:layouts`.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { browserRun, ensureBuild, serve, warm, zipCheck, type BrowserRun, type Profile } from "./browser";
import { downloadFloor } from "./download-floor";
import { ensureBenchFiles, SERIES, type BenchFile } from "./grow";
import { describeLayout, LAYOUT_FILES } from "./layout-files";
import { channelDigests, compareDigests } from "./output-digest";
import { BASELINE, envList, findPython, measure, median, TIME, type ProcessRun } from "./process-run";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "bin", "nwb2pennsieve.mjs");
const MB = 1e6;
/** The layout whose level 1 (the app's default) is measured too. */
const LEVEL1_LAYOUT = "NC384-int16-gzip-20s";
const VERIFY = process.env.BENCH_VERIFY === "1";
/** Each page run is followed by the download path alone for its zip's bytes (BENCH_FLOOR=0: not). */
const FLOOR = process.env.BENCH_FLOOR !== "0";

/** The issue's targets. */
export const TARGETS = {
  cliRatio: [1.5, 1.2] as const, // level 0, level 1
  cliRssMB: 400,
  pageRatioChunked: 1.0,
  pageRatioContiguous: 0.8,
  pagePssMB: 1000,
  seriesListMs: 2000,
};

type Part = "cli" | "page";

export interface LayoutRow {
  file: string;
  layout: string;
  level: number;
  bytesIn: number;
  cli: ProcessRun[];
  baseline: ProcessRun[];
  page: BrowserRun[];
  /**
   * The download path alone (bench/download-floor.ts) for each page run's zip bytes, with the input file read
   * meanwhile, in the same browser profile: seconds per repetition. No conversion can finish sooner.
   */
  floor: number[];
  /** CPU seconds of the browser's processes in each floor run (the page's are in `page`: BrowserRun.cpuSeconds). */
  floorCpu: number[];
  floorCpuByThread: Record<string, number>[];
  /** Medians of the seconds; memory is the highest run's. */
  cliSeconds: number;
  cliRssMB: number;
  baselineSeconds: number;
  baselineRssMB: number;
  cliRatio: number;
  pageSeconds: number;
  pageRatio: number;
  floorSeconds: number;
  /** Medians of the CPU seconds of all the browser's processes, page runs and floor runs. */
  pageCpuSeconds: number;
  floorCpuSeconds: number;
  /** baseline s / floor s: the highest page ratio the download path allows on this machine, in this run. */
  floorRatio: number;
  seriesListMs: number;
  pagePssMB: number;
  pageRssMB: number;
  /** The load average (1 min) when the row started and ended. */
  load: [number, number];
  /** Processes that failed (an out-of-memory kill, an error), first line each. */
  errors: string[];
  /** BENCH_VERIFY=1: "identical" when every channel's samples equal the baseline's, else what differs. */
  verified: string | null;
}

const fmt = (x: number, d: number) => (Number.isFinite(x) ? x.toFixed(d) : "—");

function cliCommand(f: BenchFile, level: number): string[] {
  const opts = ["--out", "OUT", "--chunk-mb", "1", "--level", String(level), "--series", SERIES];
  return [process.execPath, CLI, "convert", f.path, ...opts];
}

/** A run that may fail (e.g. killed for memory): its result, or null with the reason noted. */
function attempt<T>(what: string, run: () => T, errors: string[]): T | null {
  try {
    return run();
  } catch (e) {
    errors.push(`${what}: ${(e instanceof Error ? e.message : String(e)).split("\n").slice(0, 3).join(" ")}`);
    return null;
  }
}

async function attemptAsync<T>(what: string, run: () => Promise<T>, errors: string[]): Promise<T | null> {
  try {
    return await run();
  } catch (e) {
    errors.push(`${what}: ${(e instanceof Error ? e.message : String(e)).split("\n").slice(0, 3).join(" ")}`);
    return null;
  }
}

/** CPU seconds of the renderers' dedicated workers (the app's HDF5 worker and its pool) among a run's threads. */
const workerCpu = (byThread: Record<string, number> = {}) =>
  Object.entries(byThread).reduce((n, [name, s]) => n + (/^renderer: DedicatedWorker/.test(name) ? s : 0), 0);

function summarize(
  f: BenchFile,
  level: number,
  row: Pick<
    LayoutRow,
    "cli" | "baseline" | "page" | "floor" | "floorCpu" | "floorCpuByThread" | "load" | "errors" | "verified"
  >,
): LayoutRow {
  const ok = row.page.filter((r) => r.ok && !r.zipCheck);
  const baselineSeconds = median(row.baseline.map((r) => r.seconds));
  const cliSeconds = median(row.cli.map((r) => r.seconds));
  const pageSeconds = median(ok.map((r) => r.seconds));
  const most = (xs: number[]) => (xs.length ? Math.max(...xs) : NaN);
  return {
    file: f.id,
    layout: describeLayout(f).replace(/^[^:]*: /, ""),
    level,
    bytesIn: f.bytes,
    ...row,
    cliSeconds,
    cliRssMB: most(row.cli.map((r) => r.rssMB)),
    baselineSeconds,
    baselineRssMB: most(row.baseline.map((r) => r.rssMB)),
    cliRatio: baselineSeconds / cliSeconds,
    pageSeconds,
    pageRatio: baselineSeconds / pageSeconds,
    floorSeconds: median(row.floor),
    floorRatio: baselineSeconds / median(row.floor),
    pageCpuSeconds: median(ok.map((r) => r.cpuSeconds)),
    floorCpuSeconds: median(row.floorCpu),
    seriesListMs: median(row.page.map((r) => r.seriesListMs)),
    pagePssMB: most(row.page.map((r) => Math.max(r.peak.maxPss, r.openPeak.maxPss) / MB)),
    pageRssMB: most(row.page.map((r) => Math.max(r.peak.rss, r.openPeak.rss) / MB)),
  };
}

function table(head: string[], body: string[][], left: number): string {
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < left ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join("  ");
  return [line(head), line(w.map((n) => "-".repeat(n))), ...body.map(line)].join("\n");
}

const cliTable = (rows: LayoutRow[]) =>
  table(
    ["file", "level", "ours s", "baseline s", "ratio", "peak RSS MB", "baseline RSS MB"],
    rows.map((r) => [
      r.file,
      String(r.level),
      fmt(r.cliSeconds, 2),
      fmt(r.baselineSeconds, 2),
      fmt(r.cliRatio, 2),
      fmt(r.cliRssMB, 0),
      fmt(r.baselineRssMB, 0),
    ]),
    1,
  );

const pageTable = (rows: LayoutRow[]) =>
  table(
    [
      "file",
      "level",
      "page s",
      "baseline s",
      "ratio",
      "floor s",
      "floor ratio",
      "page CPU s",
      "floor CPU s",
      "series list ms",
      "peak PSS MB",
      "peak RSS MB",
    ],
    rows.map((r) => [
      r.file,
      String(r.level),
      fmt(r.pageSeconds, 2),
      fmt(r.baselineSeconds, 2),
      fmt(r.pageRatio, 2),
      fmt(r.floorSeconds, 2),
      fmt(r.floorRatio, 2),
      fmt(r.pageCpuSeconds, 2),
      fmt(r.floorCpuSeconds, 2),
      fmt(r.seriesListMs, 0),
      fmt(r.pagePssMB, 0),
      fmt(r.pageRssMB, 0),
    ]),
    1,
  );

/** PASS/FAIL per row and part against the issue's targets (a row without a figure is not judged). */
export function verdicts(rows: LayoutRow[], parts: Part[]): string[] {
  const mark = (pass: boolean) => (pass ? "PASS" : "FAIL");
  const out: string[] = [];
  for (const r of rows) {
    const at = `${r.file} level ${r.level}`;
    const want = TARGETS.cliRatio[Math.min(r.level, 1)]!;
    if (parts.includes("cli") && Number.isFinite(r.cliSeconds)) {
      if (Number.isFinite(r.cliRatio))
        out.push(`${mark(r.cliRatio >= want)}  CLI ${at}: ratio ${fmt(r.cliRatio, 2)} ≥ ${want}`);
      out.push(
        `${mark(r.cliRssMB < TARGETS.cliRssMB)}  CLI ${at}: peak RSS ${fmt(r.cliRssMB, 0)} MB < ${TARGETS.cliRssMB}`,
      );
    }
    if (r.verified !== null)
      out.push(`${mark(r.verified === "identical")}  CLI ${at}: samples ${r.verified} to the baseline's`);
    if (parts.includes("page") && r.page.length) {
      const page =
        r.level === 0 ? (r.file.includes("contig") ? TARGETS.pageRatioContiguous : TARGETS.pageRatioChunked) : null;
      if (!Number.isFinite(r.pageSeconds)) out.push(`FAIL  page ${at}: no run finished with a plausible zip`);
      else if (page !== null && Number.isFinite(r.pageRatio))
        out.push(
          `${mark(r.pageRatio >= page)}  page ${at}: ratio ${fmt(r.pageRatio, 2)} ≥ ${page}` +
            (Number.isFinite(r.floorRatio)
              ? ` (the download path alone: ${fmt(r.floorRatio, 2)}; page ${fmt(r.pageSeconds / r.floorSeconds, 2)}× the floor)`
              : ""),
        );
      out.push(
        `${mark(r.pagePssMB < TARGETS.pagePssMB)}  page ${at}: peak PSS sum ${fmt(r.pagePssMB, 0)} MB < ${TARGETS.pagePssMB}`,
        `${mark(r.seriesListMs <= TARGETS.seriesListMs)}  page ${at}: series list ${fmt(r.seriesListMs, 0)} ms ≤ ${TARGETS.seriesListMs}`,
      );
    }
  }
  return out;
}

export interface LayoutsBenchOptions {
  python?: string | null;
}

/** Runs the layouts bench; returns its rows (also written to bench/out/layouts.json). */
export async function runLayoutsBench(opts: LayoutsBenchOptions = {}): Promise<LayoutRow[]> {
  const reps = Number(process.env.BENCH_REPS ?? 2);
  const only = envList("BENCH_LAYOUTS");
  const levelsSet = envList("BENCH_LEVELS")?.map(Number);
  const parts = (envList("BENCH_LAYOUT_PARTS") ?? ["cli", "page"]) as Part[];
  const profile = (process.env.BENCH_LAYOUT_PROFILE ?? "incognito") as Profile;
  if (parts.some((p) => p !== "cli" && p !== "page")) throw new Error("BENCH_LAYOUT_PARTS: cli, page");
  if (profile !== "incognito" && profile !== "disk") throw new Error("BENCH_LAYOUT_PROFILE: incognito or disk");
  const python = opts.python !== undefined ? opts.python : process.env.BENCH_BASELINE === "0" ? null : findPython();
  if (!python) console.error("layouts: no baseline (no python with h5py and numpy, or BENCH_BASELINE=0)");
  const t0 = performance.now();
  const unknown = only?.filter((id) => !LAYOUT_FILES.some((f) => f.id === id)) ?? [];
  if (unknown.length) throw new Error(`BENCH_LAYOUTS: no layout ${unknown.join(", ")}`);
  const chosen = LAYOUT_FILES.filter((f) => !only || only.includes(f.id));
  await ensureBenchFiles((s) => console.log(s), chosen);
  console.log(`\nlayouts (issue 16), ${reps} reps, parts ${parts.join("+")}:`);
  for (const f of chosen) console.log(`  ${describeLayout(f)}`);

  const site = parts.includes("page") ? (await ensureBuild(), await serve()) : null;
  const rows: LayoutRow[] = [];
  try {
    for (const f of chosen) {
      await warm(f.path);
      for (const level of levelsSet ?? (f.id === LEVEL1_LAYOUT ? [0, 1] : [0])) {
        const row = {
          cli: [] as ProcessRun[],
          baseline: [] as ProcessRun[],
          page: [] as BrowserRun[],
          floor: [] as number[],
          floorCpu: [] as number[],
          floorCpuByThread: [] as Record<string, number>[],
          errors: [] as string[],
          verified: null as string | null,
        };
        const load0 = loadavg()[0]!;
        for (let i = 0; i < reps; i++) {
          const note: string[] = [];
          // BENCH_VERIFY=1: the first repetition's samples, ours against the baseline's, channel by channel.
          const verify = VERIFY && i === 0 && parts.includes("cli") && python;
          let digests: ReturnType<typeof channelDigests> | null = null;
          const digest = (dir: string) => void (digests = channelDigests(dir));
          if (parts.includes("cli")) {
            const run = () => measure(cliCommand(f, level), verify ? digest : undefined);
            const r = attempt(`CLI ${f.id} level ${level}`, run, row.errors);
            if (r) row.cli.push(r);
            note.push(r ? `CLI ${r.seconds.toFixed(2)} s ${r.rssMB.toFixed(0)} MB` : "CLI FAILED");
          }
          if (python) {
            const argv = [python, BASELINE, f.path, SERIES, "OUT", "1", String(level)];
            const ours = digests;
            const check = (dir: string) => {
              row.verified = ours ? (compareDigests(ours, channelDigests(dir)) ?? "identical") : "no output of ours";
            };
            const b = attempt(
              `baseline ${f.id} level ${level}`,
              () => measure(argv, verify ? check : undefined),
              row.errors,
            );
            if (b) row.baseline.push(b);
            note.push(b ? `baseline ${b.seconds.toFixed(2)} s` : "baseline FAILED");
            if (verify) note.push(`samples ${row.verified ?? "not compared"}`);
          }
          if (site) {
            const p = await browserRun(profile, site.url, f, level);
            p.zipCheck = zipCheck(f, level, p);
            row.page.push(p);
            note.push(
              p.ok
                ? `page ${p.seconds.toFixed(2)} s (CPU ${p.cpuSeconds.toFixed(2)} s, workers ${workerCpu(p.cpuByThread).toFixed(2)}), list ${p.seriesListMs.toFixed(0)} ms, ` +
                    `PSS ${(Math.max(p.peak.maxPss, p.openPeak.maxPss) / MB).toFixed(0)} MB${p.zipCheck ? ` (zip: ${p.zipCheck})` : ""}`
                : `page FAILED: ${p.error}`,
            );
            if (FLOOR && p.ok && p.zipBytes > 0) {
              const read = f.path;
              const stats: { cpuSeconds: number; cpuByThread?: Record<string, number> } = { cpuSeconds: NaN };
              const seconds = await attemptAsync(
                `floor ${f.id}`,
                () => downloadFloor(site.url, profile, { total: p.zipBytes, read, stats }),
                row.errors,
              );
              if (seconds !== null) {
                row.floor.push(seconds);
                row.floorCpu.push(stats.cpuSeconds);
                row.floorCpuByThread.push(stats.cpuByThread ?? {});
              }
              note.push(
                seconds !== null
                  ? `floor ${seconds.toFixed(2)} s (CPU ${stats.cpuSeconds.toFixed(2)} s)`
                  : "floor FAILED",
              );
            }
          }
          process.stderr.write(`${f.id} level ${level} run ${i + 1}: ${note.join("; ")}\n`);
        }
        rows.push(summarize(f, level, { ...row, load: [load0, loadavg()[0]!] }));
      }
    }
  } finally {
    if (site) {
      site.server.kill();
      rmSync(site.dir, { recursive: true, force: true });
    }
  }

  const loads = rows.flatMap((r) => r.load);
  console.log(
    `\nlayouts vs the NumPy baseline (same run), chunk 1 MB, median of ${reps} runs, memory the highest run's; ` +
      `load average ${fmt(Math.min(...loads), 1)}–${fmt(Math.max(...loads), 1)}; ratio = baseline s / ours (> 1: ours faster)`,
  );
  if (parts.includes("cli")) console.log(`\nCLI (whole process under ${TIME})\n\n${cliTable(rows)}`);
  if (parts.includes("page"))
    console.log(
      `\npage (headless Chromium, ${profile}; click on Download zip → download complete; PSS/RSS: sums over ` +
        `the browser's processes)\n\n${pageTable(rows)}`,
    );
  console.log("\ntargets:");
  for (const v of verdicts(rows, parts)) console.log(`  ${v}`);
  const problems = new Set(rows.flatMap((r) => [...r.errors, ...r.page.flatMap((p) => p.problems)]));
  if (problems.size) console.log(`\nproblems seen:\n${[...problems].map((p) => `  ${p}`).join("\n")}`);
  const outDir = join(ROOT, "bench", "out");
  mkdirSync(outDir, { recursive: true });
  const meta = {
    date: new Date().toISOString(),
    reps,
    parts,
    profile,
    python,
    node: process.version,
    targets: TARGETS,
  };
  writeFileSync(join(outDir, "layouts.json"), JSON.stringify({ ...meta, rows }, null, 2));
  console.log(`results: bench/out/layouts.json (layouts took ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  return rows;
}

/** Every run finished, the page's with a plausible zip. */
export const layoutsGood = (rows: LayoutRow[]): boolean =>
  rows.every(
    (r) => !r.errors.length && (r.verified ?? "identical") === "identical" && r.page.every((p) => p.ok && !p.zipCheck),
  );

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = layoutsGood(await runLayoutsBench()) ? 0 : 1;
}
