// The tables benchmark's CLI part: `nwb2pennsieve tables` on the big units file and on the 20 sessions, each run a
// whole process under GNU time (wall seconds, peak RSS), interleaved with the h5py baseline on the same columns.
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parquetMetadata } from "hyparquet";
import { envList, findPython, median, TIME } from "../process-run";
import { METRICS, WHERE, type UnitsFile } from "./generate";

const ROOT = join(fileURLToPath(import.meta.url), "..", "..", "..");
/** TABLES_CLI: another checkout's bin/nwb2pennsieve.mjs to measure instead (e.g. a branch, from `git archive`). */
const CLI = process.env.TABLES_CLI ?? join(ROOT, "bin", "nwb2pennsieve.mjs");
const BASELINE = join(ROOT, "bench", "tables", "baseline_h5py.py");
const MB = 1e6;

/** The issue's targets for the CLI. */
export const CLI_TARGETS = { exportSeconds: 1.5 };

export interface TimedRun {
  seconds: number;
  rssMB: number;
  /** Bytes the command wrote (its --out file, or its stdout). */
  bytesOut: number;
  /** What the output holds, or why it is wrong: checked on every run. */
  check: string;
  ok: boolean;
  /** The h5py baseline's own phases (seconds) and counts, from its JSON line. */
  phases?: Record<string, number | string>;
  stderrTail?: string;
}

export interface CliRow {
  task: string;
  tool: string;
  runs: TimedRun[];
  seconds: number;
  rssMB: number;
  bytesOut: number;
  phases?: Record<string, number>;
  /** This row's seconds against ours, on baseline rows: baseline s / ours s (> 1: ours faster). */
  ratio: number | null;
}

/** One command under GNU time; "OUT" in argv stands for a fresh output file, checked by `check` then deleted. */
function timed(argv: string[], check: (out: string, stdout: string) => string | null, phases = false): TimedRun {
  const dir = mkdtempSync(join(tmpdir(), "nwb-tables-bench-"));
  const out = join(dir, "out");
  const stdoutPath = join(dir, "stdout");
  const timeFile = join(dir, "time.txt");
  const args = argv.map((a) => (a === "OUT" ? out : a));
  const wantsFile = argv.includes("OUT");
  const fd = openSync(stdoutPath, "w");
  try {
    const r = spawnSync(TIME, ["-f", "%e %M", "-o", timeFile, ...args], {
      stdio: ["ignore", fd, "pipe"],
      encoding: "utf8",
      maxBuffer: 1 << 26,
    });
    closeSync(fd);
    const stderrTail = r.stderr.trim().split("\n").slice(-6).join("\n");
    const [sec, kb] = readFileSync(timeFile, "utf8").trim().split(/\s+/).slice(-2).map(Number);
    const run: TimedRun = { seconds: sec!, rssMB: (kb! * 1024) / MB, bytesOut: 0, check: "", ok: false, stderrTail };
    if (r.status !== 0) {
      run.check = `exit ${r.status}: ${stderrTail.split("\n").slice(-3).join(" | ")}`;
      return run;
    }
    const target = wantsFile ? out : stdoutPath;
    run.bytesOut = statSync(target).size;
    const stdout = readFileSync(stdoutPath, "utf8");
    const bad = check(target, stdout);
    run.ok = bad === null;
    if (phases) run.phases = JSON.parse(stdout.trim().split("\n").pop()!) as Record<string, number | string>;
    run.check = bad ?? "ok";
    return run;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** JSON lines of the export: one line per surviving unit, holding all their spike times. */
export function checkJsonl(units: number, spikes: number) {
  return (path: string): string | null => {
    const lines = readFileSync(path, "utf8").split("\n").filter(Boolean);
    let n = 0;
    for (const line of lines) n += ((JSON.parse(line) as { spike_times: unknown[] }).spike_times ?? []).length;
    if (lines.length !== units) return `${lines.length} rows, not ${units}`;
    if (n !== spikes) return `${n} spike times, not ${spikes}`;
    return null;
  };
}

/** Parquet, from its footer: the rows, and the values of the spike_times list column (its leaf count). */
export function checkParquet(units: number, spikes: number) {
  return (path: string): string | null => {
    const b = readFileSync(path);
    if (b.length < 12 || b.toString("latin1", 0, 4) !== "PAR1" || b.toString("latin1", b.length - 4) !== "PAR1")
      return "not a Parquet file (no PAR1 at both ends)";
    const meta = parquetMetadata(b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer);
    if (Number(meta.num_rows) !== units) return `${meta.num_rows} rows, not ${units}`;
    let values = 0;
    for (const g of meta.row_groups)
      for (const c of g.columns)
        if (c.meta_data?.path_in_schema[0] === "spike_times") values += Number(c.meta_data.num_values);
    return values === spikes ? null : `${values} spike_times values, not ${spikes}`;
  };
}

function checkJsonRows(rows: number) {
  return (path: string): string | null => {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as unknown[];
    return parsed.length === rows ? null : `${parsed.length} rows, not ${rows}`;
  };
}

/** The baseline's JSON line, its counts checked against what the generator wrote. */
function checkBaseline(units: number, spikes: number | null) {
  return (_: string, stdout: string): string | null => {
    const j = JSON.parse(stdout.trim().split("\n").pop()!) as { units: number; spikes: number };
    if (j.units !== units) return `kept ${j.units} units, not ${units}`;
    if (spikes !== null && j.spikes !== spikes) return `read ${j.spikes} spike times, not ${spikes}`;
    return null;
  };
}

interface Task {
  task: string;
  ours: { argv: string[]; check: (out: string, stdout: string) => string | null };
  baselines: { tool: string; argv: string[]; check: (out: string, stdout: string) => string | null }[];
}

function tasks(big: UnitsFile, sessions: UnitsFile[], python: string | null): Task[] {
  const cli = [process.execPath, CLI, "tables"];
  const where = WHERE.flatMap((w) => ["--where", w]);
  const metrics = METRICS.join(",");
  const exported = `${metrics},spike_times`;
  const h5py = (mode: string, cacheMB: number, files: UnitsFile[], spikes: number | null) =>
    python
      ? [
          {
            tool: `h5py ${cacheMB ? `${cacheMB} MiB` : "default 1 MiB"} cache`,
            argv: [python, BASELINE, mode, String(cacheMB), metrics, ...files.map((f) => f.path)],
            check: checkBaseline(
              files.reduce((n, f) => n + f.survivors, 0),
              spikes,
            ),
          },
        ]
      : [];
  const sessionUnits = sessions.reduce((n, f) => n + f.survivors, 0);
  const sessionSpikes = sessions.reduce((n, f) => n + f.survivorSpikes, 0);
  return [
    {
      task: `metrics: ${big.units} rows × 10 columns, JSON to stdout`,
      ours: { argv: [...cli, big.path, "--table", "units", "--columns", metrics], check: checkJsonRows(big.units) },
      baselines: h5py("metrics", 0, [big], null),
    },
    ...(["parquet", "jsonl"] as const).map((format) => ({
      task: `export ${format}: 2 filters → ${big.survivors} units, metrics + ${(big.survivorSpikes / 1e6).toFixed(1)} M spike times`,
      ours: {
        argv: [
          ...cli,
          big.path,
          "--table",
          "units",
          ...where,
          "--columns",
          exported,
          "--format",
          format,
          "--out",
          "OUT",
        ],
        check: (format === "jsonl" ? checkJsonl : checkParquet)(big.survivors, big.survivorSpikes),
      },
      // The baseline reads the same values into NumPy and writes nothing: the reads are what the issue compares.
      // HDF5's default cache takes ~20 s a run: beside the Parquet export only.
      baselines: [
        ...(format === "parquet" ? h5py("export", 0, [big], big.survivorSpikes) : []),
        ...h5py("export", 32, [big], big.survivorSpikes),
      ],
    })),
    ...(["parquet", "jsonl"] as const).map((format) => ({
      task: `combine ${sessions.length} files ${format}: 2 filters → ${sessionUnits} units, metrics + spike times`,
      ours: {
        argv: [...cli, ...sessions.map((f) => f.path), "--table", "units", ...where, "--columns", exported].concat([
          "--format",
          format,
          "--out",
          "OUT",
        ]),
        check: (format === "jsonl" ? checkJsonl : checkParquet)(sessionUnits, sessionSpikes),
      },
      baselines: [
        ...(format === "parquet" ? h5py("export", 0, sessions, sessionSpikes) : []),
        ...h5py("export", 32, sessions, sessionSpikes),
      ],
    })),
  ];
}

function medianPhases(runs: TimedRun[]): Record<string, number> {
  const keys = Object.keys(runs[0]!.phases!).filter((k) => k.endsWith("_s"));
  return Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => Number(r.phases?.[k])))]));
}

function table(rows: CliRow[]): string {
  const head = ["task", "tool", "seconds", "peak RSS MB", "out MB", "ratio", "inside the process"];
  const fmt = (x: number | null, d: number) => (x === null || !Number.isFinite(x) ? "—" : x.toFixed(d));
  const body = rows.map((r) => [
    r.task,
    r.tool,
    fmt(r.seconds, 2),
    fmt(r.rssMB, 0),
    fmt(r.bytesOut / MB, 1),
    fmt(r.ratio, 2),
    r.phases
      ? `metrics ${fmt(r.phases.metrics_s ?? NaN, 3)} s, spike_times ${fmt(r.phases.spike_times_s ?? NaN, 2)} s`
      : "",
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < 2 || i === 6 ? c.padEnd(w[i]!) : c.padStart(w[i]!)))
      .join("  ")
      .trimEnd();
  return [line(head), line(w.map((n) => "-".repeat(n))), ...body.map(line)].join("\n");
}

/** Runs the CLI part (env BENCH_REPS, default 3; BENCH_TABLES_TASKS, task numbers, e.g. "2,3"); without the
 *  CLI's `tables` command only the baseline's rows. */
export function runTablesCliBench(big: UnitsFile, sessions: UnitsFile[]): CliRow[] {
  const reps = Number(process.env.BENCH_REPS ?? 3);
  const python = process.env.BENCH_BASELINE === "0" ? null : findPython();
  if (!python && process.env.BENCH_BASELINE !== "0")
    console.error(
      "no python with h5py and numpy in /usr/bin/python3 (apt-get install -y python3-h5py): the baseline is skipped",
    );
  const only = envList("BENCH_TABLES_TASKS");
  // The first run makes the CLI's bundle (bin/nwb2pennsieve.mjs) and tells whether `tables` exists at all.
  const probe = spawnSync(process.execPath, [CLI, "tables", big.path, "--list"], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const hasCli = probe.status === 0;
  if (!hasCli) {
    const why = probe.stderr.trim().split("\n").slice(-3).join(" | ");
    console.error(`the CLI's tables command fails (exit ${probe.status}: ${why}): only the baseline is measured`);
  }
  const rows: CliRow[] = [];
  for (const [i, t] of tasks(big, sessions, python).entries()) {
    if (only && !only.includes(String(i + 1))) continue;
    const ours: TimedRun[] = [];
    const base = t.baselines.map(() => [] as TimedRun[]);
    for (let r = 0; r < reps; r++) {
      // Interleaved, so that a slow spell of the machine hits every tool alike.
      if (hasCli) ours.push(timed(t.ours.argv, t.ours.check));
      t.baselines.forEach((b, j) => {
        base[j]!.push(timed(b.argv, b.check, true));
      });
      const last = ours.at(-1);
      process.stderr.write(
        `tables ${i + 1} run ${r + 1}: ` +
          (last ? `ours ${last.seconds.toFixed(2)} s ${last.rssMB.toFixed(0)} MB (${last.check})` : "ours —") +
          base
            .map((b, j) => `; ${t.baselines[j]!.tool} ${b.at(-1)!.seconds.toFixed(2)} s (${b.at(-1)!.check})`)
            .join("") +
          "\n",
      );
    }
    const summarize = (tool: string, runs: TimedRun[]): CliRow => ({
      task: t.task,
      tool,
      runs,
      seconds: median(runs.filter((x) => x.ok).map((x) => x.seconds)),
      rssMB: Math.max(...runs.map((x) => x.rssMB)),
      // the baseline's own phases, medians (seconds inside the process, without python's start-up)
      ...(runs[0]?.phases ? { phases: medianPhases(runs) } : {}),
      bytesOut: median(runs.map((x) => x.bytesOut)),
      ratio: null,
    });
    const o = hasCli ? summarize("nwb2pennsieve", ours) : null;
    if (o) rows.push(o);
    t.baselines.forEach((b, j) => {
      const row = summarize(b.tool, base[j]!);
      row.ratio = o ? row.seconds / o.seconds : null;
      rows.push(row);
    });
  }
  console.log(`\ntables CLI (whole processes, median of ${reps}; peak RSS: the max over runs)\n`);
  console.log(table(rows));
  console.log(
    "\nratio: baseline s / ours s (> 1: ours faster); h5py reads the same values into NumPy and writes nothing",
  );
  const exp = rows.find((r) => r.task.startsWith("export parquet") && r.tool === "nwb2pennsieve");
  if (exp) {
    const mark = exp.seconds <= CLI_TARGETS.exportSeconds ? "PASS" : "FAIL";
    console.log(`  ${mark}  export (parquet) ≤ ${CLI_TARGETS.exportSeconds} s in the CLI: ${exp.seconds.toFixed(2)} s`);
  }
  for (const r of rows)
    for (const x of r.runs) if (!x.ok) console.log(`  FAILED run: ${r.task} / ${r.tool}: ${x.check}`);
  return rows;
}
