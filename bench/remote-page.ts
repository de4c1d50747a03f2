// npm run bench:remote:page — the page reading over the shaped link (issue 18, point 6), in headless Chromium on the
// production build, against the DANDI stand-in (50 ms per answer, one shared 100 MB/s link):
// (a) "Open" in the "Open URL…" dialog to the series list of the grown 384-channel file, and the requests it took,
//     beside the same file opened from disk;
// (b) "Download zip" at level 0 of the NeuroConv-layout file by URL, seconds and % of the link, peak PSS of the
//     browser's processes, beside the page converting the local file in the same run.
//   BENCH_REPS (2), BENCH_REMOTE_CONVERT (default /work/layouts/NC384-int16-gzip-20s.nwb), BENCH_REMOTE_SKIP=inspect|convert.
import { existsSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { basename } from "node:path";
import { expect } from "@playwright/test";
import type { Page } from "playwright-core";
import { startStandInProcess } from "../test/dandi/process";
import { browserRun, ensureBuild, openAppPage, openBrowser, serve, type BrowserRun } from "./browser";
import { BENCH_FILES, ensureBenchFiles, SERIES, type BenchFile } from "./grow";
import { LAYOUT_FILES } from "./layout-files";
import { median } from "./process-run";

const REPS = Number(process.env.BENCH_REPS ?? 2);
const CONVERT = process.env.BENCH_REMOTE_CONVERT ?? "/work/layouts/NC384-int16-gzip-20s.nwb";
const SKIP = process.env.BENCH_REMOTE_SKIP ?? "";
const LINK = 100e6;
const MB = 1e6;
const load = () => loadavg()[0]!.toFixed(1);

const [a384] = await ensureBenchFiles(
  (s) => console.log(s),
  BENCH_FILES.filter((f) => f.id === "A384-int16-gzip-20s"),
);
const layout = LAYOUT_FILES.find((f) => basename(CONVERT).startsWith(f.id));
const convertFile: BenchFile | null = SKIP.includes("convert") || !layout ? null : { ...layout, path: CONVERT };
if (convertFile && !existsSync(convertFile.path)) throw new Error(`${convertFile.path}: missing`);
await ensureBuild();
const app = await serve();
const standIn = await startStandInProcess({
  files: Object.fromEntries([a384!, convertFile].filter((f) => f !== null).map((f) => [basename(f.path), f.path])),
  latencyMs: 50,
  bytesPerSecond: LINK,
});
console.log(`stand-in: 50 ms per answer, one 100 MB/s link; app at ${app.url}; load ${load()}`);

/** Opens `url` through "Open URL…" (the dialog's accessible names: issue 18). */
const byUrl = (url: string) => async (page: Page) => {
  await page.getByRole("button", { name: "Open URL…" }).click();
  const dialog = page.getByRole("dialog", { name: "Open files by URL" });
  await dialog.getByLabel("NWB file URLs").fill(url);
  await dialog.getByRole("button", { name: "Open", exact: true }).click();
};

try {
  if (!SKIP.includes("inspect")) await seriesList(a384!);
  if (convertFile) await conversions(convertFile);
} finally {
  standIn.close();
  app.server.kill();
}
process.exit(0);

/** Milliseconds from opening (the dialog's "Open", or the file input) to the series' checkbox, in a fresh browser. */
async function timeToSeries(f: BenchFile, open: ((page: Page) => Promise<void>) | null): Promise<number> {
  const browser = await openBrowser("incognito");
  try {
    const problems: string[] = [];
    const { page, input } = await openAppPage(browser.context, app.url, problems, 120_000);
    const panel = page.getByRole("region", { name: basename(f.path), exact: true });
    const box = panel.getByRole("group", { name: "Electrical series" }).getByRole("checkbox", { name: SERIES });
    const t0 = performance.now();
    await (open ? open(page) : input.setInputFiles(f.path));
    await expect(box).toBeVisible({ timeout: 120_000 });
    const ms = performance.now() - t0;
    if (problems.length) console.log(`  problems: ${problems.join("; ")}`);
    return ms;
  } finally {
    await browser.close();
  }
}

async function seriesList(f: BenchFile) {
  const url = standIn.url(basename(f.path));
  const remote: number[] = [];
  const local: number[] = [];
  let requests: Record<string, number> = {};
  for (let i = 0; i < REPS; i++) {
    await standIn.reset();
    remote.push(await timeToSeries(f, byUrl(url)));
    requests = (await standIn.state()).requests;
    local.push(await timeToSeries(f, null));
  }
  const each = (xs: number[]) => xs.map((x) => (x / 1000).toFixed(2)).join(", ");
  console.log(`\n(a) page: series list of ${basename(f.path)}:`);
  console.log(`  by URL   ${(median(remote) / 1000).toFixed(2)} s (runs ${each(remote)})`);
  console.log(`  on disk  ${(median(local) / 1000).toFixed(2)} s (runs ${each(local)})`);
  const hosts = Object.entries(requests).map(([h, n]) => `${h === standIn.fileHost ? "file host" : h} ${n}`);
  console.log(`  requests ${hosts.join(", ") || "none"}; load ${load()}`);
}

async function conversions(f: BenchFile) {
  const url = standIn.url(basename(f.path));
  const bytes = statSync(f.path).size;
  const remote: (BrowserRun & { requests: number })[] = [];
  const local: BrowserRun[] = [];
  for (let i = 0; i < REPS; i++) {
    local.push(await browserRun("incognito", app.url, f, 0));
    await standIn.reset();
    const run = await browserRun("incognito", app.url, f, 0, byUrl(url));
    remote.push({ ...run, requests: (await standIn.state()).rangeRequests });
    const say = (r: BrowserRun) => (r.ok ? `${r.seconds.toFixed(2)} s` : `failed: ${r.error}`);
    process.stderr.write(`  run ${i + 1}: local ${say(local[i]!)}, by URL ${say(run)} (load ${load()})\n`);
  }
  const row = (label: string, runs: BrowserRun[], extra = "") => {
    const ok = runs.filter((r) => r.ok);
    const s = median(ok.map((r) => r.seconds));
    const mbs = bytes / MB / s;
    const pss = median(ok.map((r) => r.peak.maxPss)) / MB;
    const each = runs.map((r) => (r.ok ? r.seconds.toFixed(2) : "failed")).join(", ");
    console.log(
      `  ${label.padEnd(8)} ${s.toFixed(2)} s (runs ${each}), ${mbs.toFixed(1)} MB/s of input ` +
        `(${((100 * mbs * MB) / LINK).toFixed(0)} % of the link), peak PSS of the browser ${pss.toFixed(0)} MB${extra}`,
    );
    for (const r of runs) for (const p of r.problems) console.log(`    ${label}: ${p}`);
    return s;
  };
  console.log(`\n(b) page: Download zip, level 0, of ${basename(f.path)} (${(bytes / MB).toFixed(0)} MB on disk):`);
  const floor = row("on disk", local);
  const s = row("by URL", remote, `; ${median(remote.map((r) => r.requests))} range requests`);
  const zips = new Set([...local, ...remote].filter((r) => r.ok).map((r) => r.zipBytes));
  const checks = [...local, ...remote].map((r) => r.zipCheck).filter(Boolean);
  console.log(`  by URL / on disk ${(s / floor).toFixed(2)}; the link alone: ${(bytes / LINK).toFixed(2)} s`);
  console.log(
    `  zips: ${zips.size === 1 ? "the same size" : `sizes ${[...zips].join(", ")}`}${checks.length ? `; ${checks.join("; ")}` : ""}`,
  );
  console.log(`  load ${load()}`);
}
