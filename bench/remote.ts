// npm run bench:remote — the CLI reading over a shaped link (issue 18, point 6), against the DANDI stand-in with
// 50 ms per answer and one shared 100 MB/s link (test/dandi/file-host.ts):
// (a) time to the series list of the 384-channel benchmark file (`inspect`, the whole process) and the requests
//     it took, per host, sync (HDF5's blocking reads) and async (the head read, samples), beside `inspect` on disk;
// (b) `convert --level 0` of the NeuroConv-layout file by URL: seconds, input MB/s over the link, % of the link,
//     peak RSS, beside the same conversion of the local file, and the outputs compared channel by channel.
//   BENCH_REPS (2), BENCH_REMOTE_CONVERT (a file to convert; default /work/layouts/NC384-int16-gzip-20s.nwb),
//   BENCH_REMOTE_SKIP=inspect|convert, BENCH_LATENCY_MS (50), BENCH_LINK_MBS (100).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { basename, join } from "node:path";
import { rangeFetcher } from "../src/core/remote/range-fetcher";
import type { RemoteSource } from "../src/core/remote/remote-source";
import { reportFile } from "../src/core/inspect/report";
import { openNodeSet } from "../src/node/engine";
import { startStandInProcess } from "../test/dandi/process";
import { BENCH_FILES, ensureBenchFiles, SERIES } from "./grow";
import { channelDigests, compareDigests } from "./output-digest";
import { measure, median, TIME, type ProcessRun } from "./process-run";

const ROOT = join(import.meta.dirname, "..");
const CLI = join(ROOT, "bin", "nwb2pennsieve.mjs");
const REPS = Number(process.env.BENCH_REPS ?? 2);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const LINK = Number(process.env.BENCH_LINK_MBS ?? 100) * 1e6;
const CONVERT = process.env.BENCH_REMOTE_CONVERT ?? "/work/layouts/NC384-int16-gzip-20s.nwb";
const SKIP = process.env.BENCH_REMOTE_SKIP ?? "";
const MB = 1e6;

const load = () => loadavg()[0]!.toFixed(1);
const inspectFile = (
  await ensureBenchFiles(
    (s) => console.log(s),
    BENCH_FILES.filter((f) => f.id === "A384-int16-gzip-20s"),
  )
)[0]!.path;
if (!existsSync(TIME)) throw new Error(`${TIME} is missing: apt-get install -y time`);
const convertFile = SKIP.includes("convert") ? null : CONVERT;
if (convertFile && !existsSync(convertFile)) throw new Error(`${convertFile}: missing (bench/layouts.ts makes it)`);

const standIn = await startStandInProcess({
  files: Object.fromEntries([inspectFile, convertFile].filter((f) => f !== null).map((f) => [basename(f), f])),
  latencyMs: LATENCY_MS,
  bytesPerSecond: LINK,
});
console.log(`stand-in: ${LATENCY_MS} ms per answer, one ${LINK / MB} MB/s link; load ${load()} at the start`);

try {
  if (!SKIP.includes("inspect")) await inspectRuns(inspectFile);
  if (convertFile) await convertRuns(convertFile);
} finally {
  standIn.close();
}
console.log(`load ${load()} at the end`);
process.exit(0);

/** CPU seconds (user + system) a process has used so far, from /proc (clock ticks of 1/100 s). */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Wall seconds of one CLI process. */
function timeCli(...args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`nwb2pennsieve ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
  return (performance.now() - t) / 1000;
}

async function inspectRuns(file: string) {
  const url = standIn.url(basename(file));
  const remote: number[] = [];
  const local: number[] = [];
  let perHost: Record<string, number> = {};
  for (let i = 0; i < REPS; i++) {
    await standIn.reset();
    remote.push(timeCli("inspect", url));
    perHost = (await standIn.state()).requests;
    local.push(timeCli("inspect", file));
  }
  // The same in this process (no start-up), to split the requests: HDF5's blocking reads against the async ones.
  await standIn.reset();
  const t = performance.now();
  const { set, close } = await openNodeSet([url]);
  const series = set.names.flatMap((name) => reportFile(set, name).nwb?.series ?? []);
  const inProcess = (performance.now() - t) / 1000;
  const source = set.sources[0] as RemoteSource;
  const sync = source.syncRequests;
  close();
  const { rangeRequests } = await standIn.state();
  const hosts = Object.entries(perHost)
    .map(([h, n]) => `${h === standIn.fileHost ? "file host" : h === standIn.apiHost ? "API" : h} ${n}`)
    .join(", ");
  console.log(`\n(a) series list of ${basename(file)} (${(statSync(file).size / MB).toFixed(0)} MB), inspect:`);
  console.log(`  over the link  ${median(remote).toFixed(2)} s (runs ${remote.map((s) => s.toFixed(2)).join(", ")})`);
  console.log(`  on disk        ${median(local).toFixed(2)} s (runs ${local.map((s) => s.toFixed(2)).join(", ")})`);
  console.log(`  requests       ${hosts} (every one counted by the stand-in)`);
  console.log(
    `  in-process     ${inProcess.toFixed(2)} s to ${series.length} series; ${rangeRequests} range requests: ` +
      `${sync} sync (HDF5's reads), ${rangeRequests - sync} async (the head read); ` +
      `cache ${(source.cache.bytes / MB).toFixed(1)} MB`,
  );
  console.log(`  load ${load()}`);
}

/** The link alone: the whole file fetched as the conversion's reads are (4 MiB parts, 4 in flight), nothing decoded. */
async function linkAlone(url: string, size: number): Promise<number> {
  const fetcher = rangeFetcher(url, { fetch });
  const t = performance.now();
  let next = 0;
  const part = new Uint8Array(4 * 2 ** 20);
  const lane = async () => {
    const into = part.slice();
    for (let at = next; at < size; at = next) {
      next += into.length;
      await fetcher.fetchRange(at, Math.min(size, at + into.length), into);
    }
  };
  await Promise.all([lane(), lane(), lane(), lane()]);
  return (performance.now() - t) / 1000;
}

async function convertRuns(file: string) {
  const url = standIn.url(basename(file));
  const bytes = statSync(file).size;
  const alone = await linkAlone(url, bytes);
  const argv = (input: string) => [
    process.execPath,
    CLI,
    "convert",
    input,
    "--out",
    "OUT",
    "--chunk-mb",
    "1",
    "--level",
    "0",
    "--series",
    SERIES,
  ];
  let localDigest: ReturnType<typeof channelDigests> | null = null;
  let verdict = "not compared";
  const remote: (ProcessRun & { requests: number; standInCpu: number })[] = [];
  const local: ProcessRun[] = [];
  // Interleaved, so that a slow spell of the machine hits both alike.
  for (let i = 0; i < REPS; i++) {
    local.push(measure(argv(file), (dir) => void (localDigest ??= channelDigests(dir))));
    await standIn.reset();
    const cpu = cpuOf(standIn.pid);
    const run = measure(argv(url), (dir) => {
      if (i === 0) verdict = compareDigests(channelDigests(dir), localDigest!) ?? "identical";
    });
    const standInCpu = cpuOf(standIn.pid) - cpu;
    remote.push({ ...run, requests: (await standIn.state()).rangeRequests, standInCpu });
    process.stderr.write(`  run ${i + 1}: local ${local[i]!.seconds} s, by URL ${run.seconds} s (load ${load()})\n`);
  }
  const row = (label: string, runs: ProcessRun[], extra = "") => {
    const s = median(runs.map((r) => r.seconds));
    const mbs = bytes / MB / s;
    const rss = median(runs.map((r) => r.rssMB));
    const cpu = median(runs.map((r) => r.cpuSeconds));
    const each = runs.map((r) => r.seconds.toFixed(2)).join(", ");
    console.log(
      `  ${label.padEnd(13)} ${s.toFixed(2)} s (runs ${each}), ${mbs.toFixed(1)} MB/s of input ` +
        `(${((100 * mbs * MB) / LINK).toFixed(0)} % of the link), peak RSS ${rss.toFixed(0)} MB, ` +
        `CPU ${cpu.toFixed(1)} s${extra}`,
    );
    return s;
  };
  console.log(`\n(b) convert --level 0 of ${basename(file)} (${(bytes / MB).toFixed(0)} MB on disk):`);
  const floor = row("on disk", local);
  const served = median(remote.map((r) => r.standInCpu)).toFixed(1);
  const s = row(
    "by URL",
    remote,
    `; ${median(remote.map((r) => r.requests))} range requests, stand-in CPU ${served} s`,
  );
  console.log(
    `  by URL / on disk ${(s / floor).toFixed(2)}; the link alone: ${(bytes / LINK).toFixed(2)} s at its rate, ` +
      `${alone.toFixed(2)} s measured (${((100 * bytes) / LINK / alone).toFixed(0)} % of it; whole file, nothing decoded)`,
  );
  console.log(`  output by URL against on disk: ${verdict}`);
  console.log(`  load ${load()}`);
}
