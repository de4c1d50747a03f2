// The tables benchmark's page part: the production build in headless Chromium, driven by the accessible names of
// issue 15 (region "Tables", button "/units", grid "/units", status "N of M rows", "Filter <column>", "Export …",
// "Combine across files"). Times are taken in the page where a Playwright wait would poll (its back-off reads up
// to ~0.3 s late).
import { rmSync, statSync } from "node:fs";
import { basename } from "node:path";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { TreeSampler, type MemorySample } from "../browser-proc";
import { ensureBuild, openAppPage, openBrowser, serve, unlessAlert, warm } from "../browser";
import { median } from "../process-run";
import { checkJsonl, checkParquet } from "./cli";
import type { UnitsFile } from "./generate";
import { printProfiles, profileThreads } from "./page-profile";

const MB = 1e6;
const TIMEOUT = 120_000;

/** The issue's targets for the page. */
export const PAGE_TARGETS = { firstRowsMs: 1000, filterMs: 500, exportMs: 2000, pssMB: 1000 };

/** The two filters as typed in the columns' filter inputs. */
export const PAGE_FILTERS: [column: string, text: string][] = [
  ["presence_ratio", "> 0.5"],
  ["isi_violations_ratio", "< 0.2"],
];

type Flow = "big" | "combine";
type Peak = MemorySample & { maxPss: number; samples: number };

export interface PageRun {
  flow: Flow;
  ok: boolean;
  error?: string;
  /** setInputFiles → the "/units" button in the (first) file's Tables region. */
  listMs: number;
  /** Click on "/units" (big) or "Combine across files" (combine) → a grid cell holding a file's name: a row. */
  firstRowsMs: number;
  /** Each filter: its text filled → the status's count changed (the last: to the survivors' count). */
  filterMs: number[];
  /** Click on "Export Parquet" / "Export JSON lines" → the download complete. */
  exportMs: Record<string, number>;
  exportBytes: Record<string, number>;
  exportCheck: Record<string, string>;
  statusText: string;
  /** Memory while opening, showing and filtering; then while exporting. */
  viewPeak: Peak;
  exportPeak: Peak;
  problems: string[];
}

export interface PageRow {
  flow: Flow;
  runs: PageRun[];
  listMs: number;
  firstRowsMs: number;
  filterMs: number;
  exportMs: Record<string, number>;
  peakPssMB: number;
  peakRssMB: number;
  viewPssMB: number;
}

export interface PageResult {
  ok: boolean;
  rows: PageRow[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const NO_PEAK: Peak = { rss: 0, pss: 0, maxPss: 0, processes: 0, byKind: {}, samples: 0 };

/**
 * Arms a MutationObserver in the page that notes the time (Date.now(), the same clock as ours) when an element
 * matching `selector` comes to hold text matching `pattern`: a new element, or one whose text differs from what it
 * held when armed (so another file's grid or status, unchanged, never counts), and with `inNew` only inside a
 * container that was not there when armed; `armed` then gives that time.
 * Armed before the action, so a change the action makes at once is not missed.
 */
async function arm(page: Page, selector: string, pattern: string, inNew?: string): Promise<void> {
  await page.evaluate(
    ({ selector, pattern, inNew }) => {
      const rx = new RegExp(pattern);
      const before = new WeakMap<Element, string>();
      for (const e of document.querySelectorAll(selector)) before.set(e, e.textContent ?? "");
      // With inNew, only elements inside a container (e.g. a grid) that was not there when armed count. (No
      // named functions in here: tsx would wrap them in a helper the page does not have.)
      const old = new WeakSet<Element>(inNew ? [...document.querySelectorAll(inNew)] : []);
      const w = window as unknown as { __benchSeen?: Promise<number> };
      w.__benchSeen = new Promise<number>((resolve) => {
        const seen = new MutationObserver(() => {
          for (const e of document.querySelectorAll(selector)) {
            const text = e.textContent ?? "";
            const container = inNew ? e.closest(inNew) : null;
            const fresh = !inNew || (container !== null && !old.has(container));
            if (before.get(e) !== text && rx.test(text) && fresh) {
              seen.disconnect();
              resolve(Date.now());
              return;
            }
          }
        });
        seen.observe(document.body, { childList: true, subtree: true, characterData: true });
      });
    },
    { selector, pattern, inNew },
  );
}
const armed = (page: Page) => page.evaluate(() => (window as unknown as { __benchSeen: Promise<number> }).__benchSeen);

const NUMBER = "\\d[\\d,\\u202f\\u00a0 ]*";
const STATUS = new RegExp(`(${NUMBER}) of (${NUMBER}) rows`);
const count = (text: string) => Number(STATUS.exec(text)?.[1]?.replace(/\D/g, "") ?? NaN);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Fills the filters in turn; each timed to its count in the status. */
async function filter(page: Page, scope: Locator, status: Locator, survivors: number, total: number) {
  const times: number[] = [];
  let shown = total;
  for (const [i, [column, text]] of PAGE_FILTERS.entries()) {
    const last = i === PAGE_FILTERS.length - 1;
    // The last filter must end at the survivors' count; the others at any count other than the one shown.
    const want = last ? `^\\s*${survivors} of ` : `^\\s*(?!${shown} of )${NUMBER} of `;
    await arm(page, '[role="status"]', want);
    const f0 = Date.now();
    await scope.getByLabel(`Filter ${column}`, { exact: true }).fill(text);
    times.push((await unlessAlert(page, scope, armed(page))) - f0);
    shown = count(((await status.textContent()) ?? "").trim());
  }
  return times;
}

async function exportAll(
  page: Page,
  scope: Locator,
  run: PageRun,
  check: Record<string, (p: string) => string | null>,
  profile: BrowserContext | null,
) {
  for (const [format, name] of [
    ["parquet", "Export Parquet"],
    ["jsonl", "Export JSON lines"],
  ] as const) {
    const downloaded = page.waitForEvent("download", { timeout: TIMEOUT });
    downloaded.catch(() => {});
    const profiler = profile ? await profileThreads(profile, page) : null;
    const e0 = performance.now();
    await scope.getByRole("button", { name, exact: true }).click();
    const download = await unlessAlert(page, scope, downloaded);
    const path = await unlessAlert(page, scope, download.path());
    run.exportMs[format] = performance.now() - e0;
    if (profiler)
      printProfiles(`${run.flow} export ${format} (${run.exportMs[format].toFixed(0)} ms)`, await profiler.stop());
    const failure = await download.failure();
    if (failure) run.problems.push(`${format} download failed: ${failure}`);
    run.exportBytes[format] = statSync(path).size;
    run.exportCheck[format] = check[format]!(path) ?? "ok";
    await download.delete();
  }
}

async function pageRun(url: string, flow: Flow, files: UnitsFile[]): Promise<PageRun> {
  const { context, pid, close } = await openBrowser("incognito");
  const problems: string[] = [];
  const sampler = new TreeSampler(pid, 100);
  const run: PageRun = {
    flow,
    ok: false,
    listMs: NaN,
    firstRowsMs: NaN,
    filterMs: [],
    exportMs: {},
    exportBytes: {},
    exportCheck: {},
    statusText: "",
    viewPeak: NO_PEAK,
    exportPeak: NO_PEAK,
    problems,
  };
  const units = files.reduce((n, f) => n + f.units, 0);
  const survivors = files.reduce((n, f) => n + f.survivors, 0);
  const spikes = files.reduce((n, f) => n + f.survivorSpikes, 0);
  const first = basename(files[0]!.path);
  try {
    const { page, input } = await openAppPage(context, url, problems, TIMEOUT);
    // Exports stream through the download service worker, as the zip does; without it the page falls back.
    await page
      .waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 10_000 })
      .catch(() => problems.push("no service worker controls the page"));
    await sleep(300);
    sampler.start();

    const panel = page.getByRole("region", { name: first, exact: true });
    const open = panel.getByRole("region", { name: "Tables" }).getByRole("button", { name: "/units", exact: true });
    const t0 = performance.now();
    await input.setInputFiles(files.map((f) => f.path));
    await unlessAlert(page, panel, open.waitFor({ state: "visible" }));
    if (flow === "combine") {
      const last = page.getByRole("region", { name: basename(files.at(-1)!.path), exact: true });
      await unlessAlert(page, last, last.getByRole("region", { name: "Tables" }).getByRole("button").first().waitFor());
    }
    run.listMs = performance.now() - t0;

    // A row is there when a grid cell holds a file's name (the first column, _nwb_path): not the "…" of a cell
    // still being read, nor the header's or the filters' cells.
    const cells = '[role="grid"] [role="gridcell"], table td';
    const grids = '[role="grid"], table';
    let scope = panel;
    if (flow === "big") {
      await arm(page, cells, `^\\s*${escape(first)}\\s*$`, grids);
      const c0 = Date.now();
      await open.click();
      run.firstRowsMs = (await unlessAlert(page, panel, armed(page))) - c0;
    } else {
      await open.click();
      // The file's own grid shows its rows first, so that only the combined grid (a new one) can count.
      const own = panel.getByRole("grid", { name: "/units", exact: true });
      await own.getByText(first, { exact: true }).first().waitFor();
      scope = page.getByRole("region", { name: "Combined tables", exact: true });
      await arm(page, cells, `^\\s*${escape(first)}\\s*$`, grids);
      const c0 = Date.now();
      await panel.getByRole("button", { name: "Combine across files", exact: true }).click();
      run.firstRowsMs = (await unlessAlert(page, scope, armed(page))) - c0;
    }
    await scope.getByRole("grid", { name: "/units", exact: true }).waitFor({ state: "visible" });
    const status = scope.getByRole("status").filter({ hasText: STATUS }).first();
    await status.waitFor();
    const before = ((await status.textContent()) ?? "").trim();
    if (count(before) !== units) problems.push(`status before filtering: "${before}", not ${units} rows`);

    run.filterMs = await filter(page, scope, status, survivors, units);
    run.statusText = ((await status.textContent()) ?? "").trim();
    run.viewPeak = sampler.peak();
    sampler.reset();

    const checks = { parquet: checkParquet(survivors, spikes), jsonl: checkJsonl(survivors, spikes) };
    await exportAll(page, scope, run, checks, process.env.BENCH_PAGE_PROFILE === "1" ? context : null);
    run.exportPeak = sampler.peak();
    run.ok = Object.values(run.exportCheck).every((c) => c === "ok");
  } catch (e) {
    run.error = e instanceof Error ? e.message.split("\n")[0] : String(e);
    if (run.viewPeak === NO_PEAK) run.viewPeak = sampler.peak();
    else run.exportPeak = sampler.peak();
  } finally {
    sampler.stop();
    await close().catch(() => {});
  }
  return run;
}

function summarize(flow: Flow, runs: PageRun[]): PageRow {
  const ok = runs.filter((r) => r.ok);
  const peaks = runs.flatMap((r) => [r.viewPeak, r.exportPeak]);
  return {
    flow,
    runs,
    listMs: median(ok.map((r) => r.listMs)),
    firstRowsMs: median(ok.map((r) => r.firstRowsMs)),
    filterMs: median(ok.map((r) => r.filterMs.at(-1)!)),
    exportMs: Object.fromEntries(["parquet", "jsonl"].map((f) => [f, median(ok.map((r) => r.exportMs[f] ?? NaN))])),
    peakPssMB: Math.max(...peaks.map((p) => p.maxPss)) / MB,
    peakRssMB: Math.max(...peaks.map((p) => p.rss)) / MB,
    viewPssMB: Math.max(...runs.map((r) => r.viewPeak.maxPss)) / MB,
  };
}

/** Runs the page part (env BENCH_PAGE_REPS, default 2; BENCH_PAGE_FLOWS, default "big,combine"; BENCH_PAGE_PROFILE=1
 *  profiles the page and its workers during each export), a new browser per run, the flows interleaved. */
export async function runTablesPageBench(big: UnitsFile, sessions: UnitsFile[]): Promise<PageResult> {
  const reps = Number(process.env.BENCH_PAGE_REPS ?? 2);
  const flows = (process.env.BENCH_PAGE_FLOWS ?? "big,combine").split(",") as Flow[];
  await ensureBuild();
  for (const f of [big, ...sessions]) await warm(f.path);
  const { url, server, dir } = await serve();
  const runs = new Map<Flow, PageRun[]>(flows.map((f) => [f, []]));
  try {
    for (let i = 0; i < reps; i++) {
      for (const flow of flows) {
        const r = await pageRun(url, flow, flow === "big" ? [big] : sessions);
        runs.get(flow)!.push(r);
        const ms = (x: number) => x.toFixed(0);
        process.stderr.write(
          `tables page ${flow} run ${i + 1}: ` +
            (r.ok
              ? `listed ${ms(r.listMs)} ms, first rows ${r.firstRowsMs} ms, filters ${r.filterMs.join(" + ")} ms, ` +
                `export ${Object.entries(r.exportMs)
                  .map(([k, v]) => `${k} ${ms(v)} ms`)
                  .join(", ")}, peak PSS ${ms(r.viewPeak.maxPss / MB)} / ${ms(r.exportPeak.maxPss / MB)} MB`
              : `FAILED: ${r.error ?? JSON.stringify(r.exportCheck)}`) +
            "\n",
        );
      }
    }
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  const rows = flows.map((f) => summarize(f, runs.get(f)!));
  const mark = (pass: boolean) => (pass ? "PASS" : "FAIL");
  console.log(`\ntables in the page (headless Chromium, production build; medians of ${reps} runs)\n`);
  for (const r of rows) {
    const what = r.flow === "big" ? `${big.name}` : `${sessions.length} session files combined`;
    const n = r.flow === "big" ? big.survivors : sessions.reduce((a, f) => a + f.survivors, 0);
    console.log(`${what}:`);
    console.log(`  ${mark(r.firstRowsMs <= PAGE_TARGETS.firstRowsMs)}  first rows ≤ 1 s: ${r.firstRowsMs} ms`);
    console.log(
      `  ${mark(r.filterMs <= PAGE_TARGETS.filterMs)}  the second filter → "${n} of … rows" ≤ 0.5 s: ${r.filterMs} ms ` +
        `(each run, both filters: ${r.runs.map((x) => x.filterMs.join(" + ")).join(", ")} ms)`,
    );
    for (const [f, ms] of Object.entries(r.exportMs))
      console.log(`  ${mark(ms <= PAGE_TARGETS.exportMs)}  export ${f} of the ${n} units ≤ 2 s: ${ms.toFixed(0)} ms`);
    console.log(
      `  ${mark(r.peakPssMB <= PAGE_TARGETS.pssMB)}  the browser's processes ≤ 1 GB together: peak PSS sum ` +
        `${r.peakPssMB.toFixed(0)} MB (${r.viewPssMB.toFixed(0)} MB before the exports; RSS sum ${r.peakRssMB.toFixed(0)} MB)`,
    );
    const top = [...r.runs].sort((a, b) => b.exportPeak.rss - a.exportPeak.rss)[0];
    const kinds = Object.entries(top?.exportPeak.byKind ?? {}).sort((a, b) => b[1] - a[1]);
    console.log(
      `  (listed ${r.listMs.toFixed(0)} ms after setInputFiles; at the exports' highest sample, RSS by process kind: ` +
        `${kinds.map(([k, v]) => `${k} ${(v / MB).toFixed(0)}`).join(" + ")} MB)`,
    );
  }
  const all = [...runs.values()].flat();
  const problems = new Set(all.flatMap((r) => [...(r.error ? [`FAILED: ${r.error}`] : []), ...r.problems]));
  for (const p of problems) console.log(`  problem: ${p}`);
  for (const r of all)
    for (const [f, c] of Object.entries(r.exportCheck)) if (c !== "ok") console.log(`  ${r.flow} ${f} export: ${c}`);
  return { ok: all.every((r) => r.ok), rows };
}
