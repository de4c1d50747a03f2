// Pieces the CLI and browser benchmarks share: the NumPy baseline, timing a whole process, medians.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dirBytesOf } from "./browser-proc";

export const BASELINE = "/work/shared/bench/baseline_numpy.py";
export const TIME = "/usr/bin/time";
const MB = 1e6;

export interface ProcessRun {
  seconds: number;
  rssMB: number;
  bytesOut: number;
  files: number;
  /** User + system CPU seconds of the process (its threads included). */
  cpuSeconds: number;
}

/** Debian's h5py lands in /usr/bin/python3, which a pyenv shim on PATH may hide. */
export function findPython(): string | null {
  for (const py of ["/usr/bin/python3", "python3", "python"]) {
    const r = spawnSync(py, ["-c", "import h5py, numpy"], { stdio: "ignore" });
    if (r.status === 0) return py;
  }
  return null;
}

/** A comma-separated list from the environment, or undefined when the variable is unset or empty. */
export const envList = (name: string): string[] | undefined =>
  process.env[name]
    ?.split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/** Median of the finite values (NaN when there are none). */
export function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Where the timed runs write: a folder marked as the top of a hierarchy (`chattr +T`), so that ext4 places each
 * run's fresh folder, and so its files' inodes, in a block group of its own choosing (Orlov) instead of beside the
 * inodes the previous runs just freed. On this machine's ext4 (no journal) every file created skips, one by one,
 * each free inode of its group freed in the last 60 s (5 min while its block is dirty): creating 2,304 files took
 * 25 ms of system CPU at first, then 257, 536 and 875 ms after one, two and three cycles of writing and deleting
 * 2,304 files. A benchmark that deletes each run's output before the next one would charge every run for the runs
 * before it, more and more as it goes, the baseline and ours alike; a user's one conversion into a new folder pays
 * none of it. (Measured: bench/README.md, "Files freed moments before".) Where `chattr` fails, or with
 * BENCH_SPREAD_OUTPUT=0, every run's folder is made in the system's temporary folder, as before.
 */
function outputRoot(): string {
  if (process.env.BENCH_SPREAD_OUTPUT === "0") return tmpdir();
  const root = process.env.BENCH_OUT_ROOT || join(tmpdir(), "nwb-bench-out");
  mkdirSync(root, { recursive: true });
  if (marked !== root) spawnSync("chattr", ["+T", root], { stdio: "ignore" });
  marked = root;
  return root;
}
/** The folder outputRoot marked with `chattr`: a process once, not once a run. */
let marked: string | undefined;

/**
 * One conversion under GNU time (wall seconds, max RSS of the process); the
 * argument "OUT" stands for a fresh output folder, measured (and handed to `onOutput`) then deleted.
 */
export function measure(argv: string[], onOutput?: (dir: string) => void): ProcessRun {
  const out = mkdtempSync(join(outputRoot(), "nwb-bench-"));
  const timeFile = join(out, "time.txt"); // beside the output, not in it
  try {
    const args = argv.map((a) => (a === "OUT" ? join(out, "o") : a));
    const format = ["-f", "%e %M %U %S", "-o", timeFile];
    const r = spawnSync(TIME, [...format, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`${args.join(" ")} failed (${r.status}):\n${r.stderr.slice(-2000)}`);
    const [sec, kb, user, sys] = readFileSync(timeFile, "utf8").trim().split(/\s+/).slice(-4).map(Number);
    const { bytes, files } = dirBytesOf(join(out, "o"));
    onOutput?.(join(out, "o"));
    return { seconds: sec!, rssMB: (kb! * 1024) / MB, bytesOut: bytes, files, cpuSeconds: user! + sys! };
  } finally {
    rmSync(out, { recursive: true, force: true }); // the outputs are GBs: never keep two
  }
}
