// Upload benchmark: the built app in headless Chromium converts the 960 MB benchmark recording and uploads it to the
// local Pennsieve emulator (its S3-compatible store on /tmp), driven through the page as a user would.
//   node --import tsx bench/upload.ts      (env: BENCH_LEVELS, default "0,1"; BENCH_WAIT_MIN, default 20)
import { CHROMIUM_PATH } from "../e2e/chromium";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { samplesPerChunk } from "../src/core/convert/timing";
import { startFixture, type Fixture } from "../test/emulator/test-helpers";
import { ensureBuild, openAppPage, openBrowser, serve, unlessAlert, warm } from "./browser";
import { fillUploadForm } from "../e2e/upload-form-fill";
import { dirBytesOf, processTree, sampleTree, TreeSampler, type MemorySample } from "./browser-proc";
import { ensureBenchFiles, SERIES, type BenchFile } from "./grow";
import { envList } from "./process-run";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const FILE_ID = "B2-float64-contig-960MB";
const CHROMIUM = CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHUNK_MB = 1;
const TIMEOUT = 15 * 60_000;
const MB = 1e6;
/** Other benchmarks on this 2-core machine: their figures and ours would disturb each other. */
const OTHERS = "bench/browser.ts|bench/run.ts|baseline_numpy";
/** Free space wanted where the emulator keeps its objects: ~1 GB of chunk files plus s3rver's metadata files. */
const DISK_NEEDED = 2e9;
const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The other benchmarks running now ("pid command line"); pgrep without a shell, so it matches nobody of ours. */
function othersRunning(): string[] {
  const r = spawnSync("pgrep", ["-af", OTHERS], { encoding: "utf8" });
  return r.stdout
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith(`${process.pid} `));
}

/** Polls every 20 s until no other benchmark runs, up to `minutes`; returns what still runs (empty: quiet). */
async function waitForQuiet(minutes: number): Promise<string[]> {
  const until = Date.now() + minutes * 60_000;
  let busy = othersRunning();
  if (busy.length) console.log(`waiting (up to ${minutes} min) for other benchmarks to end:\n  ${busy.join("\n  ")}`);
  while (busy.length && Date.now() < until) {
    await sleep(20_000);
    busy = othersRunning();
  }
  if (busy.length) console.error(`still running after ${minutes} min, going ahead (figures disturbed):\n  ${busy}`);
  return busy;
}

/** CPU seconds (user + system) of a process tree, from /proc/<pid>/stat; processes that exit take theirs along. */
function cpuSecondsOf(root: number): number {
  let ticks = 0;
  for (const pid of processTree(root)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // f[0] is field 3 (state)
      ticks += Number(f[11]) + Number(f[12]); // utime, stime: fields 14 and 15
    } catch {
      // exited meanwhile
    }
  }
  return ticks / CLK_TCK;
}

interface StoreCheck {
  /** Chunk files the manifest names (what the import expects). */
  expected: number;
  /** Objects in the emulator's bucket, and their bytes. */
  objects: number;
  objectBytes: number;
  /** s3rver's folder on disk (objects plus its metadata files). */
  diskBytes: number;
  missing: string[];
  extra: string[];
  /** Keys stored by more than one successful PUT. */
  storedTwice: string[];
  /** Objects whose size differs from the bytes their PUT sent. */
  sizeMismatch: string[];
  putAttempts: number;
  /** PUTs that did not store (faults, refusals, errors): retries the app made. */
  putsNotStored: number;
  presigns: number;
  objectsPerChannel: Record<string, number>;
  /** Gunzipped bytes per channel: each must be rows × 8. */
  gunzippedPerChannel: Record<string, number>;
  /** Sum of the gunzipped objects: must be the dataset bytes (every sample once, as float64). */
  gunzippedBytes: number;
  /** Objects that do not gunzip, or gunzip to another length than their chunk's rows × 8. */
  badContent: string[];
}

interface UploadRun {
  level: number;
  ok: boolean;
  error?: string;
  /** Click on "Upload to Pennsieve" to the report (role=status "N files uploaded, M failed") visible. */
  seconds: number;
  /** Click to the first PUT at the S3 front: sign-in, channels, manifest (and the first chunk made). */
  firstPutSeconds: number | null;
  reportText: string;
  reportUploaded: number | null;
  reportFailed: number | null;
  /** The app's own figures from the report's description ("… MB in X s"). */
  appSeconds: number | null;
  appMB: number | null;
  datasetMBs: number;
  uploadedMBs: number;
  idle: MemorySample;
  peak: MemorySample & { maxPss: number; samples: number };
  /** CPU seconds during the upload: all Chromium processes, and this node process (emulator, s3rver, driver). */
  chromiumCpuSeconds: number;
  nodeCpuSeconds: number;
  /** Origin storage in use after the upload (the upload should keep nothing there). */
  storageLeftBytes: number | null;
  store: StoreCheck | null;
  /** Other benchmarks seen running during the run: its figures are disturbed. */
  disturbedBy: string[];
  problems: string[];
}

/** What landed in the emulator: once each, complete, nothing else; gunzipped to check every sample is there. */
async function checkStore(fx: Fixture, dataDir: string): Promise<StoreCheck> {
  const state = fx.emu.state;
  const imports = [...state.imports.values()];
  if (imports.length !== 1) throw new Error(`expected one import in the emulator, found ${imports.length}`);
  const imp = imports[0]!;
  const expectedKeys = new Map(imp.files.map((file) => [`${imp.id}/${file.file_path}`, file.file_path]));
  const objects = await fx.emu.listObjects();
  const landed = new Map(objects.map((o) => [o.key, o.size]));
  const stored = new Map<string, number[]>();
  for (const u of state.uploads) if (u.outcome === "stored") stored.set(u.key, [...(stored.get(u.key) ?? []), u.bytes]);
  const perChunk = samplesPerChunk(CHUNK_MB);
  const perChannel: Record<string, number> = {};
  const bytesPerChannel: Record<string, number> = {};
  const badContent: string[] = [];
  let gunzipped = 0;
  for (const [key, size] of landed) {
    const path = expectedKeys.get(key);
    if (!path) continue;
    // <channel id>_<start µs>_<end µs>.bin.gz; the chunk's rows follow from its index within the channel.
    const channel = path.slice(0, path.indexOf("_"));
    perChannel[channel] = (perChannel[channel] ?? 0) + 1;
    try {
      const n = gunzipSync(await fx.emu.getObject(key)).length;
      gunzipped += n;
      bytesPerChannel[channel] = (bytesPerChannel[channel] ?? 0) + n;
      if (n % 8 !== 0 || n / 8 > perChunk) badContent.push(`${key}: ${n} bytes gunzipped`);
    } catch (e) {
      badContent.push(`${key}: ${e instanceof Error ? e.message : String(e)} (${size} bytes)`);
    }
  }
  return {
    expected: expectedKeys.size,
    objects: objects.length,
    objectBytes: objects.reduce((n, o) => n + o.size, 0),
    diskBytes: dirBytesOf(dataDir).bytes,
    missing: [...expectedKeys.keys()].filter((k) => !landed.has(k)),
    extra: [...landed.keys()].filter((k) => !expectedKeys.has(k)),
    storedTwice: [...stored].filter(([, puts]) => puts.length > 1).map(([k]) => k),
    sizeMismatch: [...landed].filter(([k, size]) => stored.get(k)?.[0] !== size).map(([k]) => k),
    putAttempts: state.uploads.length,
    putsNotStored: state.uploads.filter((u) => u.outcome !== "stored").length,
    presigns: state.presigns.length,
    objectsPerChannel: perChannel,
    gunzippedPerChannel: bytesPerChannel,
    gunzippedBytes: gunzipped,
    badContent,
  };
}

/** Why the store is not exactly the recording's chunk files, once each; empty when it is. */
function storeVerdict(s: StoreCheck, wantFiles: number, f: BenchFile): string[] {
  const out: string[] = [];
  if (s.expected !== wantFiles) out.push(`the manifest names ${s.expected} files, not ${wantFiles}`);
  if (s.objects !== wantFiles) out.push(`${s.objects} objects in the store, not ${wantFiles}`);
  const few = (xs: string[]) => `${xs.length} (${xs.slice(0, 3).join(", ")}${xs.length > 3 ? ", …" : ""})`;
  if (s.missing.length) out.push(`missing objects: ${few(s.missing)}`);
  if (s.extra.length) out.push(`objects outside the manifest: ${few(s.extra)}`);
  if (s.storedTwice.length) out.push(`stored by more than one PUT: ${few(s.storedTwice)}`);
  if (s.sizeMismatch.length) out.push(`object size ≠ bytes its PUT sent: ${few(s.sizeMismatch)}`);
  if (s.badContent.length) out.push(`bad objects: ${few(s.badContent)}`);
  if (s.gunzippedBytes !== f.rows * f.channels * 8)
    out.push(`the objects gunzip to ${s.gunzippedBytes} bytes, not ${f.rows * f.channels * 8} (float64 samples)`);
  const channels = Object.keys(s.gunzippedPerChannel);
  if (channels.length !== f.channels) out.push(`objects for ${channels.length} channels, not ${f.channels}`);
  for (const [ch, n] of Object.entries(s.gunzippedPerChannel))
    if (n !== f.rows * 8) out.push(`channel ${ch}: ${n} bytes gunzipped, not ${f.rows * 8}`);
  return out;
}

async function uploadRun(url: string, f: BenchFile, level: number): Promise<UploadRun> {
  const dataDir = mkdtempSync(join(tmpdir(), "nwb-bench-emulator-"));
  const free = statfsSync(dataDir);
  const freeBytes = free.bavail * free.bsize;
  if (freeBytes < DISK_NEEDED) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`only ${(freeBytes / MB).toFixed(0)} MB free in ${tmpdir()}; the emulator needs ~1 GB`);
  }
  console.log(`emulator data in ${dataDir} (${(freeBytes / 1e9).toFixed(0)} GB free there)`);
  let fx: Fixture;
  let opened: Awaited<ReturnType<typeof openBrowser>>;
  try {
    fx = await startFixture({ corsOrigins: [new URL(url).origin], dataDir, seed: 1 });
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  try {
    opened = await openBrowser("incognito");
  } catch (e) {
    await fx.emu.stop().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  const { context, pid, close } = opened;
  const problems: string[] = [];
  const sampler = new TreeSampler(pid, 100);
  const disturbed = new Set<string>();
  const run: UploadRun = {
    level,
    ok: false,
    seconds: NaN,
    firstPutSeconds: null,
    reportText: "",
    reportUploaded: null,
    reportFailed: null,
    appSeconds: null,
    appMB: null,
    datasetMBs: NaN,
    uploadedMBs: NaN,
    idle: sampleTree(pid),
    peak: { rss: 0, pss: 0, maxPss: 0, processes: 0, byKind: {}, samples: 0 },
    chromiumCpuSeconds: NaN,
    nodeCpuSeconds: NaN,
    storageLeftBytes: null,
    store: null,
    disturbedBy: [],
    problems,
  };
  let progress: NodeJS.Timeout | null = null;
  try {
    const { page, input } = await openAppPage(context, url, problems, TIMEOUT);
    await sleep(500);
    run.idle = sampleTree(pid);
    const panel = page.getByRole("region", { name: basename(f.path), exact: true });
    const picker = panel.getByRole("group", { name: "Electrical series" });
    await input.setInputFiles(f.path); // a local path: Chromium reads the file itself
    await unlessAlert(page, panel, picker.getByRole("checkbox", { name: SERIES, exact: true }).waitFor());
    for (const b of await picker.getByRole("checkbox").all()) {
      if ((await b.getAttribute("aria-label")) === SERIES) await b.check();
      else if (await b.isEnabled()) await b.uncheck();
    }
    await panel.getByLabel("Chunk size (MiB)").fill(String(CHUNK_MB));
    await panel.getByLabel("Gzip level").fill(String(level));
    await fillUploadForm(panel, fx);
    const button = panel.getByRole("button", { name: "Upload to Pennsieve" });
    if (!(await button.isEnabled())) throw new Error("Upload to Pennsieve stays disabled with the form filled");
    const report = panel.getByRole("status").filter({ hasText: /\d+ files uploaded, \d+ failed/ });

    sampler.start();
    await sleep(300);
    sampler.reset();
    const cpu0 = { chromium: cpuSecondsOf(pid), node: process.cpuUsage() };
    const clickAt = Date.now();
    progress = setInterval(() => {
      const ups = fx.emu.state.uploads.filter((u) => u.outcome === "stored");
      const bytes = ups.reduce((n, u) => n + u.bytes, 0);
      const s = (Date.now() - clickAt) / 1000;
      process.stderr.write(
        `  level ${level}: ${s.toFixed(0)} s, ${ups.length} objects, ${(bytes / MB).toFixed(0)} MB\n`,
      );
      for (const o of othersRunning()) disturbed.add(o);
    }, 15_000);
    const c0 = performance.now();
    await button.click();
    await unlessAlert(page, panel, report.waitFor({ timeout: TIMEOUT }));
    run.seconds = (performance.now() - c0) / 1000;
    run.peak = sampler.peak();
    sampler.stop();
    clearInterval(progress);
    const usage = process.cpuUsage(cpu0.node);
    run.nodeCpuSeconds = (usage.user + usage.system) / 1e6;
    run.chromiumCpuSeconds = cpuSecondsOf(pid) - cpu0.chromium;
    const firstPut = fx.emu.state.requests.find((r) => r.server === "s3" && r.method === "PUT");
    run.firstPutSeconds = firstPut ? (firstPut.at - clickAt) / 1000 : null;

    run.reportText = ((await report.textContent()) ?? "").trim();
    const counts = /(\d+) files uploaded, (\d+) failed/.exec(run.reportText);
    run.reportUploaded = counts ? Number(counts[1]) : null;
    run.reportFailed = counts ? Number(counts[2]) : null;
    const own = /([\d.]+) MB in ([\d.]+) s\b/.exec(run.reportText);
    run.appMB = own ? Number(own[1]) : null;
    run.appSeconds = own ? Number(own[2]) : null;
    run.storageLeftBytes = await page
      .evaluate(async () => (await navigator.storage.estimate()).usage ?? null)
      .catch(() => null);

    const t = performance.now();
    run.store = await checkStore(fx, dataDir);
    console.log(`checked the store in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    run.datasetMBs = f.bytes / MB / run.seconds;
    run.uploadedMBs = run.store.objectBytes / MB / run.seconds;
    run.ok = true;
  } catch (e) {
    run.error = e instanceof Error ? e.message.split("\n")[0] : String(e);
    if (!run.peak.samples) run.peak = sampler.peak();
    run.store ??= await checkStore(fx, dataDir).catch(() => null); // what landed before the failure
  } finally {
    if (progress) clearInterval(progress);
    sampler.stop();
    for (const o of othersRunning()) disturbed.add(o);
    run.disturbedBy = [...disturbed];
    await close().catch(() => {});
    await fx.emu.stop().catch((e: unknown) => problems.push(`emulator stop: ${String(e)}`));
    rmSync(dataDir, { recursive: true, force: true });
  }
  return run;
}

export interface ProblemGroup {
  message: string;
  count: number;
  example: string;
}

/** Messages that differ only in a port or a presigned object URL (one per chunk file), once each with a count. */
export function groupProblems(problems: string[]): ProblemGroup[] {
  const groups = new Map<string, ProblemGroup>();
  for (const p of problems) {
    const message = p
      .replace(/(https?:\/\/[^/\s]+)\/\S*\?X-Amz-\S*/g, "$1/<bucket>/<import>/<object>?<presigned query>")
      .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT");
    const g = groups.get(message);
    if (g) g.count++;
    else groups.set(message, { message, count: 1, example: p });
  }
  return [...groups.values()];
}

function table(runs: UploadRun[], wantFiles: number, f: BenchFile): string {
  const head = ["level", "seconds", "dataset MB/s", "uploaded MB", "uploaded MB/s", "first PUT s", "app s"];
  head.push("peak RSS MB", "peak PSS MB", "objects", "once each");
  const fmt = (x: number | null | undefined, d: number) => (x == null || !Number.isFinite(x) ? "—" : x.toFixed(d));
  const body = runs.map((r) => [
    String(r.level),
    fmt(r.seconds, 1),
    fmt(r.datasetMBs, 1),
    fmt(r.store ? r.store.objectBytes / MB : null, 1),
    fmt(r.uploadedMBs, 1),
    fmt(r.firstPutSeconds, 2),
    fmt(r.appSeconds, 1),
    fmt(r.peak.rss / MB, 0),
    fmt(r.peak.maxPss / MB, 0),
    r.store ? `${r.store.objects}/${wantFiles}` : "—",
    !r.store ? "—" : storeVerdict(r.store, wantFiles, f).length ? "NO" : "yes",
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(w[i]!)).join("  ");
  return [line(head), line(w.map((n) => "-".repeat(n))), ...body.map(line)].join("\n");
}

async function main(): Promise<boolean> {
  const levels = (envList("BENCH_LEVELS") ?? ["0", "1"]).map(Number);
  if (levels.some((l) => !Number.isInteger(l) || l < 0 || l > 9)) throw new Error("BENCH_LEVELS: gzip levels 0–9");
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
  const waited = await waitForQuiet(Number(process.env.BENCH_WAIT_MIN ?? 20));
  const t0 = performance.now();
  const f = (await ensureBenchFiles((s) => console.log(s))).find((x) => x.id === FILE_ID);
  if (!f) throw new Error(`no bench file ${FILE_ID}`);
  // Chunk files: every channel cut into runs of samplesPerChunk rows (1 MiB of float64: 131,072 samples).
  const wantFiles = f.channels * Math.ceil(f.rows / samplesPerChunk(CHUNK_MB));
  await ensureBuild();
  await warm(f.path);
  const { url, server, dir } = await serve();
  const runs: UploadRun[] = [];
  try {
    console.log(`app at ${url}; Chromium ${CHROMIUM}; ${f.id}: ${wantFiles} chunk files expected`);
    for (const level of levels) {
      const busy = await waitForQuiet(Number(process.env.BENCH_WAIT_MIN ?? 20));
      const r = await uploadRun(url, f, level);
      r.disturbedBy = [...new Set([...busy, ...r.disturbedBy])];
      runs.push(r);
      process.stderr.write(
        `level ${level}: ` +
          (r.ok ? `${r.seconds.toFixed(1)} s, ${r.reportText.split(".")[0]}` : `FAILED: ${r.error}`) +
          "\n",
      );
    }
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }

  console.log(
    `\nupload of ${f.id} (${(f.bytes / MB).toFixed(0)} MB of samples, ${f.channels} channels) through the page ` +
      `to the local emulator, chunk ${CHUNK_MB} MB, one run per level\n`,
  );
  console.log(table(runs, wantFiles, f));
  console.log(
    "\nseconds: click on Upload to Pennsieve → report shown; dataset MB/s: dataset bytes / seconds; uploaded MB/s: " +
      "bytes of the objects in the store / seconds;\nfirst PUT s: click → first PUT at the S3 front; app s: the " +
      "app's own figure; peak RSS/PSS: highest sum over all Chromium processes (100 ms samples);\nobjects: in the " +
      `emulator's bucket / expected ${f.channels} × ceil(${f.rows} / ${samplesPerChunk(CHUNK_MB)}); once each: ` +
      "every manifest entry stored by exactly one PUT, nothing else, sizes match, gunzipped sum = float64 samples",
  );
  for (const r of runs) {
    const s = r.store;
    const mb = (x: number) => (x / MB).toFixed(0);
    const kinds = Object.entries(r.peak.byKind).sort((a, b) => b[1] - a[1]);
    console.log(
      `\nlevel ${r.level}: ${r.ok ? r.reportText : `FAILED: ${r.error}`}\n` +
        `  memory (MB): app loaded ${mb(r.idle.rss)} RSS (PSS ${mb(r.idle.pss)}); peak ${mb(r.peak.rss)} = ` +
        `${kinds.map(([k, v]) => `${k} ${mb(v)}`).join(" + ")}; origin storage after ${r.storageLeftBytes ?? "?"} B\n` +
        `  CPU s during the upload: Chromium ${r.chromiumCpuSeconds.toFixed(1)}, node (emulator + s3rver + driver) ` +
        `${r.nodeCpuSeconds.toFixed(1)}`,
    );
    if (s) {
      console.log(
        `  store: ${s.objects} objects, ${(s.objectBytes / MB).toFixed(1)} MB (${(s.diskBytes / MB).toFixed(1)} MB ` +
          `on disk with s3rver's metadata), per channel ${Object.values(s.objectsPerChannel).join(" + ")}; ` +
          `${s.putAttempts} PUTs (${s.putsNotStored} not stored), ${s.presigns} presigned URLs; gunzipped ` +
          `${(s.gunzippedBytes / MB).toFixed(1)} MB`,
      );
      for (const v of storeVerdict(s, wantFiles, f)) console.log(`  STORE PROBLEM: ${v}`);
    }
    if (r.disturbedBy.length) console.log(`  DISTURBED by other benchmarks: ${r.disturbedBy.join("; ")}`);
    for (const g of groupProblems(r.problems))
      console.log(`  problem${g.count > 1 ? ` ×${g.count}` : ""}: ${g.message}`);
  }

  const outDir = join(ROOT, "bench", "out");
  mkdirSync(outDir, { recursive: true });
  const meta = {
    date: new Date().toISOString(),
    file: f.id,
    datasetBytes: f.bytes,
    chunkMb: CHUNK_MB,
    expectedFiles: wantFiles,
    levels,
    node: process.version,
    chromium: CHROMIUM,
    profile: "incognito",
    othersRunningAtStart: waited,
  };
  const compact = runs.map((r) => ({
    ...r,
    problems: groupProblems(r.problems),
    store: r.store && {
      ...r.store,
      verdict: storeVerdict(r.store, wantFiles, f),
      missing: r.store.missing.slice(0, 20),
      extra: r.store.extra.slice(0, 20),
    },
  }));
  writeFileSync(join(outDir, "upload.json"), JSON.stringify({ ...meta, runs: compact }, null, 2));
  console.log(`\nresults: bench/out/upload.json (took ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  return runs.every((r) => r.ok && r.reportFailed === 0 && !!r.store && !storeVerdict(r.store, wantFiles, f).length);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = (await main()) ? 0 : 1;
}
