// The browser part of the benchmark: the built app in headless Chromium, driven as a user drives it, against the
// NumPy baseline on the same big files in the same run. `npm run bench` ends with it; alone:
//   node --import tsx bench/browser.ts        (env: BENCH_REPS, default 2; BENCH_LEVELS, default "0,1")
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { cpSync, createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type ConsoleMessage, type Locator, type Page } from "playwright-core";
import {
  argvOf,
  childrenOf,
  newestMtime,
  sampleTree,
  cpuSecondsSince,
  cpuTicks,
  TreeSampler,
  zipEntries,
  type MemorySample,
} from "./browser-proc";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../e2e/chromium";
import { ensureBenchFiles, SERIES, type BenchFile } from "./grow";
import { BASELINE, envList, findPython, measure, median, type ProcessRun } from "./process-run";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CHROMIUM = CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = CHROMIUM_ARGS;
const BASE = "/bench/";
const FILES = ["B2-float64-contig-960MB", "A384-int16-gzip-20s"];
const TIMEOUT = 15 * 60_000;
const MB = 1e6;

/** The acceptance targets, printed beside the figures. */
const TARGETS = {
  seriesListMs: 2000,
  /** Level 0: baseline seconds / browser seconds at least this. */
  ratioLevel0: { "B2-float64-contig-960MB": 0.75, "A384-int16-gzip-20s": 1.25 } as Record<string, number>,
  /** All the browser's processes together, resident. */
  rssBytes: 1e9,
};

export interface BrowserRun {
  ok: boolean;
  error?: string;
  /** The app loaded, before any file. */
  idle: MemorySample;
  /** setInputFiles alone: near zero when Chromium gets the path (no copy of the file through the protocol). */
  setInputFilesMs: number;
  seriesListMs: number;
  /** Click on "Download zip" to the download saved (download.path() resolved). */
  seconds: number;
  /** The app's own figure, from its "Done: …" line. */
  appSeconds: number | null;
  /** CPU seconds of all the browser's processes over `seconds` (user + system), and by thread name. */
  cpuSeconds: number;
  cpuByThread?: Record<string, number>;
  doneText: string;
  zipBytes: number;
  zipEntries: number | null;
  /** Why the zip is not plausible (not complete, wrong size), or null. */
  zipCheck: string | null;
  /** What the origin still keeps in storage after the download (the OPFS fallback writes the zip there first). */
  storageLeftBytes: number | null;
  /** The way the zip reached the download, from the summary's data-download: "stream" (service worker) or "opfs". */
  downloadPath: string | null;
  openPeak: MemorySample & { maxPss: number };
  peak: MemorySample & { maxPss: number; samples: number };
  problems: string[];
}
type BaselineRun = ProcessRun;
export interface BrowserRow {
  file: string;
  level: number;
  profile: Profile;
  bytesIn: number;
  browser: BrowserRun[];
  baseline: BaselineRun[];
  seconds: number;
  inMBs: number;
  seriesListMs: number;
  /** Max over the runs of the peak RSS sum of the browser's processes. */
  peakRssMB: number;
  peakPssMB: number;
  baselineSeconds: number | null;
  ratio: number | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function baselineRun(python: string, f: BenchFile, level: number): ProcessRun {
  return measure([python, BASELINE, f.path, SERIES, "OUT", "1", String(level)]);
}

/** Reads the file through once, so that it is in the page cache for the browser and the baseline alike. */
export async function warm(path: string): Promise<void> {
  let n = 0;
  for await (const block of createReadStream(path, { highWaterMark: 1 << 24 })) n += (block as Buffer).length;
  if (n !== statSync(path).size) throw new Error(`short read of ${path}`);
}

/** vite build when dist/ is missing or older than the sources; retried, since others edit src/ meanwhile. */
export async function ensureBuild(): Promise<void> {
  const dist = join(ROOT, "dist", "index.html");
  const sources = ["src", "public", "index.html", "vite.config.ts", "package.json"].map((p) => join(ROOT, p));
  if (existsSync(dist) && statSync(dist).mtimeMs >= newestMtime(sources)) return;
  for (let attempt = 1; ; attempt++) {
    console.log(`building the app (npx vite build${attempt > 1 ? `, attempt ${attempt}` : ""}) …`);
    const r = spawnSync("npx", ["vite", "build"], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 });
    if (r.status === 0 && existsSync(dist)) return;
    const why = `${r.stdout}\n${r.stderr}`.trim().split("\n").slice(-15).join("\n");
    if (attempt >= 4) throw new Error(`vite build failed ${attempt} times; last output:\n${why}`);
    console.error(`vite build failed (maybe a half-saved source file), retrying in 30 s:\n${why}`);
    await sleep(30_000);
  }
}

async function freePort(): Promise<number> {
  const srv = createServer().listen(0, "127.0.0.1");
  await once(srv, "listening");
  const { port } = srv.address() as { port: number };
  srv.close();
  await once(srv, "close");
  return port;
}

/** e2e/static-server.mjs on a copy of dist/, so that someone else's build during the run cannot pull files away. */
export async function serve(dist = join(ROOT, "dist")): Promise<{ url: string; server: ChildProcess; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "nwb-bench-dist-"));
  cpSync(dist, dir, { recursive: true });
  const port = await freePort();
  const server = spawn(process.execPath, [join(ROOT, "e2e", "static-server.mjs"), dir, String(port), BASE], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = (await once(server.stdout!, "data")) as [Buffer];
  if (!String(line).startsWith("serving")) throw new Error(`static server: ${String(line)}`);
  return { url: `http://127.0.0.1:${port}${BASE}`, server, dir };
}

/** The Chromium that playwright launched: our child process that speaks the protocol over a pipe (playwright's
 *  Browser has no process(); only a BrowserServer has, and connecting to one would copy input files through it). */
function browserPid(): number {
  const found = childrenOf(process.pid).filter((pid) => argvOf(pid).includes("--remote-debugging-pipe"));
  if (found.length !== 1) throw new Error(`expected one browser process among our children, found ${found.length}`);
  return found[0]!;
}

/**
 * "incognito": chromium.launch + browser.newContext, as playwright tests run. Such a context is off the record:
 * Chromium keeps its storage, the origin-private file system included, in memory.
 * "disk": launchPersistentContext on a fresh profile folder, like a user's normal window: OPFS files on disk.
 * Either way a new browser per run, so that no run inherits another's memory or storage.
 */
export type Profile = "incognito" | "disk";
const SERVICE_WORKERS: "allow" | "block" = process.env.BENCH_SERVICE_WORKERS === "block" ? "block" : "allow";
export async function openBrowser(
  profile: Profile,
): Promise<{ context: BrowserContext; pid: number; close(): Promise<void> }> {
  const launch = { executablePath: CHROMIUM, args: ARGS, headless: true };
  // BENCH_SERVICE_WORKERS=block measures the app's fallback download path (OPFS, then a copy) instead of the stream.
  const options = { acceptDownloads: true, serviceWorkers: SERVICE_WORKERS };
  if (profile === "incognito") {
    const browser = await chromium.launch(launch);
    const context = await browser.newContext(options);
    return { context, pid: browserPid(), close: () => browser.close() };
  }
  const dir = mkdtempSync(join(tmpdir(), "nwb-bench-profile-"));
  const context = await chromium.launchPersistentContext(dir, { ...launch, ...options });
  const close = async () => {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { context, pid: browserPid(), close };
}

/** Errors of the page and its workers, each message once. */
/** The app's page in the context, loaded and timed out after `timeout` ms, its problems collected, its file input ready. */
export async function openAppPage(
  context: BrowserContext,
  url: string,
  problems: string[],
  timeout: number,
): Promise<{ page: Page; input: Locator }> {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(timeout);
  watchProblems(page, problems);
  await page.goto(url);
  const input = page.getByLabel("Open NWB files", { exact: true });
  await input.waitFor({ state: "attached" });
  return { page, input };
}

function watchProblems(page: Page, problems: string[]): void {
  const note = (s: string) => {
    if (!problems.includes(s)) problems.push(s);
  };
  const onConsole = (where: string) => (m: ConsoleMessage) => {
    const at = m.location().url;
    if (m.type() === "error" || m.type() === "warning")
      note(`${where} console.${m.type()}: ${m.text()}${at ? ` (${at})` : ""}`);
  };
  page.on("console", onConsole("page"));
  page.on("worker", (w) => w.on("console", onConsole(`worker ${w.url().split("/").pop()}`)));
  page.on("pageerror", (e) => note(`pageerror: ${e.stack ?? e.message}`));
  page.on("crash", () => note("the page crashed"));
  page.on("requestfailed", (r) => {
    // A streamed download's URL, opened in a hidden frame, always ends "aborted": the response became a download.
    const download = /\/download\/[0-9a-f-]{36}\//.test(r.url()) && r.failure()?.errorText === "net::ERR_ABORTED";
    if (!/^(blob|data):/.test(r.url()) && !download) note(`request failed: ${r.url()} ${r.failure()?.errorText ?? ""}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) note(`HTTP ${r.status()} for ${r.url()}`);
  });
}

/** Awaits p, but fails early when the panel shows an alert (a failed conversion, an unreadable file) or the page dies. */
export async function unlessAlert<T>(page: Page, panel: Locator, p: Promise<T>): Promise<T> {
  const alert = panel.getByRole("alert").first();
  let done = false;
  const watch = (async (): Promise<never> => {
    for (;;) {
      await sleep(500);
      if (done) return new Promise<never>(() => {});
      if (page.isClosed()) throw new Error("the page closed (crashed?)");
      if (await alert.isVisible().catch(() => false)) {
        throw new Error(`the app shows an alert: ${(await alert.textContent().catch(() => "")) ?? ""}`);
      }
    }
  })();
  try {
    return await Promise.race([p, watch]);
  } finally {
    done = true;
    watch.catch(() => {});
  }
}

/** `open`: how the file is opened (by default its path through the file input; bench/remote-page.ts: a URL). */
export async function browserRun(
  profile: Profile,
  url: string,
  f: BenchFile,
  level: number,
  open?: (page: Page) => Promise<void>,
): Promise<BrowserRun> {
  const { context, pid, close } = await openBrowser(profile);
  const problems: string[] = [];
  const sampler = new TreeSampler(pid, 100);
  const run: BrowserRun = {
    ok: false,
    idle: sampleTree(pid),
    setInputFilesMs: NaN,
    seriesListMs: NaN,
    seconds: NaN,
    appSeconds: null,
    cpuSeconds: NaN,
    doneText: "",
    zipBytes: 0,
    zipEntries: null,
    zipCheck: null,
    storageLeftBytes: null,
    downloadPath: null,
    openPeak: { rss: 0, pss: 0, maxPss: 0, processes: 0, byKind: {} },
    peak: { rss: 0, pss: 0, maxPss: 0, processes: 0, byKind: {}, samples: 0 },
    problems,
  };
  try {
    const { page, input } = await openAppPage(context, url, problems, TIMEOUT);
    // The download service worker claims the page on its first load; without it the app falls back to OPFS.
    if (SERVICE_WORKERS === "allow")
      await page
        .waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 10_000 })
        .catch(() => problems.push("no service worker controls the page: the download goes through OPFS"));
    await sleep(500);
    run.idle = sampleTree(pid); // the app loaded, nothing opened
    const panel = page.getByRole("region", { name: basename(f.path), exact: true });
    const picker = panel.getByRole("group", { name: "Electrical series" });
    const box = picker.getByRole("checkbox", { name: SERIES, exact: true });
    sampler.start();

    const t0 = performance.now();
    // A local path: playwright hands it to Chromium (DOM.setFileInputFiles).
    await (open ? open(page) : input.setInputFiles(f.path));
    run.setInputFilesMs = performance.now() - t0;
    await unlessAlert(page, panel, box.waitFor({ state: "visible" }));
    run.seriesListMs = performance.now() - t0;
    run.openPeak = sampler.peak();

    for (const b of await picker.getByRole("checkbox").all()) {
      if ((await b.getAttribute("aria-label")) === SERIES) await b.check();
      else if (await b.isEnabled()) await b.uncheck();
    }
    await panel.getByLabel("Chunk size (MiB)").fill("1");
    await panel.getByLabel("Gzip level").fill(String(level));
    const button = panel.getByRole("button", { name: "Download zip" });
    await button.waitFor();
    const downloaded = page.waitForEvent("download", { timeout: TIMEOUT });
    downloaded.catch(() => {});
    sampler.reset();

    const ticks = cpuTicks(pid);
    const c0 = performance.now();
    await button.click();
    const download = await unlessAlert(page, panel, downloaded);
    const zip = await unlessAlert(page, panel, download.path()); // resolves once the file is complete
    run.seconds = (performance.now() - c0) / 1000;
    const cpu = cpuSecondsSince(pid, ticks);
    run.cpuSeconds = cpu.total;
    run.cpuByThread = cpu.byThread;
    run.peak = sampler.peak();
    sampler.stop();
    const failure = await download.failure();
    if (failure) problems.push(`the download failed: ${failure}`);

    try {
      run.zipBytes = statSync(zip).size;
      run.zipEntries = zipEntries(zip);
      // BENCH_VERIFY=1: every entry's bytes against the CRC-32 its headers record (Python's zipfile).
      if (process.env.BENCH_VERIFY === "1") {
        const script = "import sys, zipfile\nbad = zipfile.ZipFile(sys.argv[1]).testzip()\nprint(bad or 'ok')";
        const r = spawnSync("python3", ["-c", script, zip], { encoding: "utf8" });
        if (r.stdout.trim() !== "ok")
          problems.push(`the zip fails its CRC check: ${r.stdout.trim()} ${r.stderr.trim()}`);
      }
    } finally {
      await download.delete(); // GBs: never keep two
    }
    const status = panel.getByRole("status").filter({ hasText: /^\s*Done/ });
    await unlessAlert(page, panel, status.waitFor({ timeout: 60_000 }));
    run.doneText = ((await status.textContent()) ?? "").trim();
    run.downloadPath = await status.getAttribute("data-download");
    const secs = / in ([\d.]+) s\b/.exec(run.doneText);
    run.appSeconds = secs ? Number(secs[1]) : null;
    run.storageLeftBytes = await page
      .evaluate(async () => (await navigator.storage.estimate()).usage ?? null)
      .catch(() => null);
    run.ok = true;
  } catch (e) {
    run.error = e instanceof Error ? e.message.split("\n")[0] : String(e);
    if (!run.peak.samples) run.peak = sampler.peak();
  } finally {
    sampler.stop();
    await close().catch(() => {});
  }
  return run;
}

/** Level 0 stores every sample as big-endian float64: the zip is that plus framing. */
export function zipCheck(f: BenchFile, level: number, run: BrowserRun): string | null {
  if (!run.ok) return null;
  const itemsize = f.dtype === "<h" ? 2 : 8;
  const samples = (f.bytes * 8) / itemsize;
  if (run.zipBytes <= 0) return "empty zip";
  if (run.zipEntries === null) return "no end-of-central-directory record: not a complete zip";
  const r = run.zipBytes / samples;
  if (level === 0 && (r < 1 || r > 1.02)) return `level-0 zip is ${r.toFixed(4)}× the float64 sample bytes`;
  if (level > 0 && r >= 1) return `level-${level} zip is not smaller than the samples (${r.toFixed(3)}×)`;
  return null;
}

function summarize(
  f: BenchFile,
  level: number,
  profile: Profile,
  browser: BrowserRun[],
  baseline: BaselineRun[],
): BrowserRow {
  const ok = browser.filter((r) => r.ok);
  const seconds = median(ok.map((r) => r.seconds));
  const baselineSeconds = baseline.length ? median(baseline.map((r) => r.seconds)) : null;
  return {
    file: f.id,
    level,
    profile,
    bytesIn: f.bytes,
    browser,
    baseline,
    seconds,
    inMBs: f.bytes / MB / seconds,
    seriesListMs: median(browser.map((r) => r.seriesListMs)),
    peakRssMB: Math.max(...browser.map((r) => Math.max(r.peak.rss, r.openPeak.rss))) / MB,
    peakPssMB: Math.max(...browser.map((r) => Math.max(r.peak.maxPss, r.openPeak.maxPss))) / MB,
    baselineSeconds,
    ratio: baselineSeconds === null ? null : baselineSeconds / seconds,
  };
}

function table(rows: BrowserRow[]): string {
  const head = ["file", "level", "profile", "browser s", "in MB/s", "series list ms", "peak RSS MB", "peak PSS MB"];
  head.push("baseline s", "ratio");
  const fmt = (x: number | null, d: number) => (x === null || !Number.isFinite(x) ? "—" : x.toFixed(d));
  const body = rows.map((r) => [
    r.file,
    String(r.level),
    r.profile,
    fmt(r.seconds, 2),
    fmt(r.inMBs, 1),
    fmt(r.seriesListMs, 0),
    fmt(r.peakRssMB, 0),
    fmt(r.peakPssMB, 0),
    fmt(r.baselineSeconds, 2),
    fmt(r.ratio, 2),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i !== 1 && i < 3 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join("  ");
  return [line(head), line(w.map((n) => "-".repeat(n))), ...body.map(line)].join("\n");
}

function verdicts(rows: BrowserRow[]): string[] {
  const mark = (pass: boolean) => (pass ? "PASS" : "FAIL");
  const out: string[] = [];
  const slowest = Math.max(...rows.map((r) => r.seriesListMs));
  out.push(
    `${mark(slowest <= TARGETS.seriesListMs)}  series list within 2 s of the drop: slowest median ${slowest.toFixed(0)} ms`,
  );
  for (const r of rows.filter((x) => x.level === 0 && x.ratio !== null)) {
    const want = TARGETS.ratioLevel0[r.file];
    if (want !== undefined)
      out.push(`${mark(r.ratio! >= want)}  ${r.file} level 0: ratio ${r.ratio!.toFixed(2)} ≥ ${want}`);
  }
  const rss = Math.max(...rows.map((r) => r.peakRssMB));
  const pss = Math.max(...rows.map((r) => r.peakPssMB));
  // Both readings of "together resident": the PSS sum counts each resident page once (what the processes
  // hold together); the RSS sum counts a shared page (the Chromium binary, shared memory) once per process.
  out.push(
    `${mark(pss < TARGETS.rssBytes / MB)}  all browser processes < 1 GB resident together: peak PSS sum ${pss.toFixed(0)} MB`,
    `${mark(rss < TARGETS.rssBytes / MB)}  the same as an RSS sum (shared pages once per process): ${rss.toFixed(0)} MB`,
  );
  return out;
}

/** Every browser run finished with a plausible zip. */
export const allGood = (rows: BrowserRow[]): boolean => rows.every((r) => r.browser.every((b) => b.ok && !b.zipCheck));

export interface BrowserBenchOptions {
  reps?: number;
  levels?: number[];
  profiles?: Profile[];
  python?: string | null;
}

/** Runs the browser part; returns its rows (also written to bench/out/browser.json). */
export async function runBrowserBench(opts: BrowserBenchOptions = {}): Promise<BrowserRow[]> {
  const reps = opts.reps ?? Number(process.env.BENCH_REPS ?? 2);
  const levels = opts.levels ?? (envList("BENCH_LEVELS") ?? ["0", "1"]).map(Number);
  const profiles = opts.profiles ?? ((envList("BENCH_PROFILES") ?? ["incognito", "disk"]) as Profile[]);
  const only = envList("BENCH_FILES") ?? FILES;
  if (profiles.some((p) => p !== "incognito" && p !== "disk")) throw new Error("BENCH_PROFILES: incognito, disk");
  // BENCH_BASELINE=0: the browser alone (memory experiments), without the NumPy runs in between.
  const skipBaseline = process.env.BENCH_BASELINE === "0";
  const python = opts.python !== undefined ? opts.python : skipBaseline ? null : findPython();
  if (!python && !skipBaseline)
    console.error("no python with h5py and numpy: the baseline is skipped (see bench/README.md)");
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
  const t0 = performance.now();
  const files = (await ensureBenchFiles((s) => console.log(s))).filter(
    (f) => FILES.includes(f.id) && only.includes(f.id),
  );
  files.sort((a, b) => FILES.indexOf(a.id) - FILES.indexOf(b.id));
  await ensureBuild();
  const { url, server, dir } = await serve();
  const rows: BrowserRow[] = [];
  try {
    console.log(`app at ${url}; Chromium ${CHROMIUM}, a new browser per run (profiles: ${profiles.join(", ")})`);
    for (const f of files) {
      await warm(f.path);
      for (const level of levels) {
        const br = new Map<Profile, BrowserRun[]>(profiles.map((p) => [p, []]));
        const base: BaselineRun[] = [];
        for (let i = 0; i < reps; i++) {
          // Interleaved, so that a slow spell of the machine hits both alike.
          for (const profile of profiles) {
            const r = await browserRun(profile, url, f, level);
            const bad = zipCheck(f, level, r);
            r.zipCheck = bad;
            br.get(profile)!.push(r);
            process.stderr.write(
              `${f.id} level ${level} ${profile} run ${i + 1}: ` +
                (r.ok
                  ? `browser ${r.seconds.toFixed(2)} s, series list ${r.seriesListMs.toFixed(0)} ms, ` +
                    `peak RSS ${(r.peak.rss / MB).toFixed(0)} MB, zip ${(r.zipBytes / MB).toFixed(0)} MB`
                  : `browser FAILED: ${r.error}`) +
                "\n",
            );
          }
          if (python) {
            const b = baselineRun(python, f, level);
            base.push(b);
            process.stderr.write(`  baseline ${b.seconds.toFixed(2)} s\n`);
          }
        }
        for (const profile of profiles) rows.push(summarize(f, level, profile, br.get(profile)!, base));
      }
    }
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }

  console.log(`\nbrowser (headless Chromium, chunk 1 MB) vs NumPy baseline, median of ${reps} runs each\n`);
  console.log(table(rows));
  console.log(
    "\nbrowser s: click on Download zip → download complete; in MB/s: dataset bytes / browser s; series list: " +
      "setInputFiles → series checkbox visible;\npeak RSS/PSS: max over runs of the sum over all Chromium processes " +
      "(100 ms samples); ratio: baseline s / browser s (> 1: browser faster)\n\ntargets:",
  );
  for (const v of verdicts(rows)) console.log(`  ${v}`);
  // Each message once, with the runs that saw it.
  const problems = new Map<string, string[]>();
  for (const r of rows) {
    r.browser.forEach((b, i) => {
      for (const p of [...(b.error ? [`FAILED: ${b.error}`] : []), ...(b.zipCheck ? [`zip: ${b.zipCheck}`] : [])]
        .concat(b.problems)
        .map((x) => x.replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT"))) {
        problems.set(p, [...(problems.get(p) ?? []), `${r.file} L${r.level} ${r.profile} #${i + 1}`]);
      }
    });
  }
  if (problems.size) {
    console.log("\nproblems seen (each with the runs that saw it):");
    const total = rows.reduce((n, r) => n + r.browser.length, 0);
    for (const [p, runs] of problems)
      console.log(`  ${p}\n      in ${runs.length === total && total > 1 ? `all ${total} runs` : runs.join(", ")}`);
  }
  console.log("\nper row (MB; RSS sums; at each conversion's highest sample, by process kind):");
  const mb = (x: number) => (x / MB).toFixed(0);
  for (const r of rows) {
    const top = [...r.browser].sort((a, b) => b.peak.rss - a.peak.rss)[0];
    if (!top) continue;
    const kinds = Object.entries(top.peak.byKind).sort((a, b) => b[1] - a[1]);
    const left = r.browser.map((b) => (b.storageLeftBytes === null ? "?" : mb(b.storageLeftBytes))).join("/");
    console.log(
      `  ${r.file} level ${r.level} ${r.profile}: app loaded ${mb(top.idle.rss)} (PSS ${mb(top.idle.pss)}), ` +
        `file open ${mb(top.openPeak.rss)}, ` +
        `conversion ${mb(top.peak.rss)} = ${kinds.map(([k, v]) => `${k} ${mb(v)}`).join(" + ")}; ` +
        `zip ${mb(top.zipBytes)} (${top.zipEntries ?? "?"} entries); left in origin storage after the download ${left}; ` +
        `app's own seconds ${r.browser.map((b) => b.appSeconds ?? "?").join("/")}; ` +
        `download path ${r.browser.map((b) => b.downloadPath ?? "?").join("/")}; ` +
        `setInputFiles ${r.browser.map((b) => b.setInputFilesMs.toFixed(0)).join("/")} ms`,
    );
  }
  const outDir = join(ROOT, "bench", "out");
  mkdirSync(outDir, { recursive: true });
  const meta = {
    date: new Date().toISOString(),
    reps,
    levels,
    python,
    node: process.version,
    chromium: CHROMIUM,
    profiles,
    chunkMb: 1,
    targets: TARGETS,
  };
  writeFileSync(join(outDir, "browser.json"), JSON.stringify({ ...meta, rows }, null, 2));
  console.log(`results: bench/out/browser.json (browser part took ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  return rows;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = await runBrowserBench();
  process.exitCode = allGood(rows) ? 0 : 1;
}
