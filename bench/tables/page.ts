// The tables benchmark's page part: the production build in headless Chromium, driven by the accessible names of
// issue 15 (region "Tables", button "/units", grid "/units", status "N of M rows", "Filter <column>", "Export …").
// Times are taken in the page where a Playwright wait would poll (its back-off reads up to ~0.3 s late).
import { rmSync, statSync } from "node:fs";
import { basename } from "node:path";
import type { Page } from "playwright-core";
import { TreeSampler, type MemorySample } from "../browser-proc";
import { ensureBuild, openBrowser, serve, unlessAlert, warm, watchProblems } from "../browser";
import { median } from "../process-run";
import { checkJsonl, checkParquet } from "./cli";
import type { UnitsFile } from "./generate";

const MB = 1e6;
const TIMEOUT = 120_000;

/** The issue's targets for the page. */
export const PAGE_TARGETS = { firstRowsMs: 1000, filterMs: 500, exportMs: 2000, pssMB: 1000 };

/** The two filters as typed in the columns' filter inputs. */
export const PAGE_FILTERS: [column: string, text: string][] = [
  ["presence_ratio", "> 0.5"],
  ["isi_violations_ratio", "< 0.2"],
];

export interface PageRun {
  ok: boolean;
  error?: string;
  /** setInputFiles → the "/units" button in the Tables region. */
  listMs: number;
  /** Click on "/units" → a cell of the grid with text in it. */
  firstRowsMs: number;
  /** Each filter: its text filled → the status's count changed (the last: to the survivors' count). */
  filterMs: number[];
  /** Click on "Export Parquet" / "Export JSON lines" → the download complete. */
  exportMs: Record<string, number>;
  exportBytes: Record<string, number>;
  exportCheck: Record<string, string>;
  statusText: string;
  peak: MemorySample & { maxPss: number; samples: number };
  problems: string[];
}

export interface PageResult {
  ok: boolean;
  runs: PageRun[];
  medians: { listMs: number; firstRowsMs: number; filterMs: number; exportMs: Record<string, number> };
  peakPssMB: number;
  peakRssMB: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Arms a MutationObserver in the page that notes the time (Date.now(), the same clock as ours) when an element
 * matching `selector` has text matching `pattern`; `waitArmed` then gives that time. Armed before the action, so
 * a change the action makes at once is not missed, and only changes after arming count.
 */
async function arm(page: Page, selector: string, pattern: string): Promise<void> {
  await page.evaluate(
    ({ selector, pattern }) => {
      const rx = new RegExp(pattern);
      const w = window as unknown as { __benchSeen?: Promise<number> };
      w.__benchSeen = new Promise<number>((resolve) => {
        const seen = new MutationObserver(() => {
          for (const e of document.querySelectorAll(selector)) {
            if (rx.test(e.textContent ?? "")) {
              seen.disconnect();
              resolve(Date.now());
              return;
            }
          }
        });
        seen.observe(document.body, { childList: true, subtree: true, characterData: true });
      });
    },
    { selector, pattern },
  );
}
const armed = (page: Page) => page.evaluate(() => (window as unknown as { __benchSeen: Promise<number> }).__benchSeen);

const STATUS = /(\d[\d,\u202f\u00a0 ]*) of (\d[\d,\u202f\u00a0 ]*) rows/;
const count = (text: string) => Number(STATUS.exec(text)?.[1]?.replace(/\D/g, "") ?? NaN);

async function pageRun(url: string, big: UnitsFile): Promise<PageRun> {
  const { context, pid, close } = await openBrowser("incognito");
  const problems: string[] = [];
  const sampler = new TreeSampler(pid, 100);
  const run: PageRun = {
    ok: false,
    listMs: NaN,
    firstRowsMs: NaN,
    filterMs: [],
    exportMs: {},
    exportBytes: {},
    exportCheck: {},
    statusText: "",
    peak: { rss: 0, pss: 0, maxPss: 0, processes: 0, byKind: {}, samples: 0 },
    problems,
  };
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    watchProblems(page, problems);
    await page.goto(url);
    const input = page.getByLabel("Open NWB files");
    await input.waitFor({ state: "attached" });
    // Exports stream through the download service worker, as the zip does; without it the page falls back.
    await page
      .waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 10_000 })
      .catch(() => problems.push("no service worker controls the page"));
    await sleep(300);
    sampler.start();

    const panel = page.getByRole("region", { name: basename(big.path), exact: true });
    const open = panel.getByRole("region", { name: "Tables" }).getByRole("button", { name: "/units", exact: true });
    const t0 = performance.now();
    await input.setInputFiles(big.path);
    await unlessAlert(page, panel, open.waitFor({ state: "visible" }));
    run.listMs = performance.now() - t0;

    // First rows: any cell of a grid (or table) with text in it, after the click.
    await arm(page, '[role="grid"] [role="gridcell"], [role="grid"] td, table td, [role="table"] [role="cell"]', "\\S");
    const c0 = Date.now();
    await open.click();
    run.firstRowsMs = (await unlessAlert(page, panel, armed(page))) - c0;
    const grid = page
      .getByRole("grid", { name: "/units", exact: true })
      .or(page.getByRole("table", { name: "/units", exact: true }));
    await grid.first().waitFor({ state: "visible" });
    const status = page.getByRole("status").filter({ hasText: STATUS }).first();
    await status.waitFor();
    const before = ((await status.textContent()) ?? "").trim();
    if (count(before) !== big.units) problems.push(`status before filtering: "${before}"`);

    let shown = big.units;
    for (const [i, [column, text]] of PAGE_FILTERS.entries()) {
      const last = i === PAGE_FILTERS.length - 1;
      // The last filter must end at the survivors' count; the others at any count other than the one shown.
      const want = last ? `^\\s*${big.survivors} of ` : `^\\s*(?!${shown} of )\\d[\\d,\\u202f\\u00a0 ]* of `;
      await arm(page, '[role="status"]', want);
      const box = page.getByLabel(`Filter ${column}`, { exact: true });
      const f0 = Date.now();
      await box.fill(text);
      run.filterMs.push((await unlessAlert(page, panel, armed(page))) - f0);
      shown = count(((await status.textContent()) ?? "").trim());
    }
    run.statusText = ((await status.textContent()) ?? "").trim();

    for (const [format, name] of [
      ["parquet", "Export Parquet"],
      ["jsonl", "Export JSON lines"],
    ] as const) {
      const downloaded = page.waitForEvent("download", { timeout: TIMEOUT });
      downloaded.catch(() => {});
      const e0 = performance.now();
      await page.getByRole("button", { name, exact: true }).click();
      const download = await unlessAlert(page, panel, downloaded);
      const path = await unlessAlert(page, panel, download.path());
      run.exportMs[format] = performance.now() - e0;
      const failure = await download.failure();
      if (failure) problems.push(`${format} download failed: ${failure}`);
      run.exportBytes[format] = statSync(path).size;
      run.exportCheck[format] =
        (format === "jsonl" ? checkJsonl(big.survivors, big.survivorSpikes)(path) : checkParquet(path)) ?? "ok";
      await download.delete();
    }
    run.peak = sampler.peak();
    run.ok = Object.values(run.exportCheck).every((c) => c === "ok");
  } catch (e) {
    run.error = e instanceof Error ? e.message.split("\n")[0] : String(e);
    run.peak = sampler.peak();
  } finally {
    sampler.stop();
    await close().catch(() => {});
  }
  return run;
}

/** Runs the page part (env BENCH_PAGE_REPS, default 2): a new browser per run. */
export async function runTablesPageBench(big: UnitsFile, _sessions: UnitsFile[]): Promise<PageResult> {
  const reps = Number(process.env.BENCH_PAGE_REPS ?? 2);
  await ensureBuild();
  await warm(big.path);
  const { url, server, dir } = await serve();
  const runs: PageRun[] = [];
  try {
    for (let i = 0; i < reps; i++) {
      const r = await pageRun(url, big);
      runs.push(r);
      process.stderr.write(
        `tables page run ${i + 1}: ` +
          (r.ok
            ? `list ${r.listMs.toFixed(0)} ms, first rows ${r.firstRowsMs} ms, filters ${r.filterMs.join(" + ")} ms, ` +
              `export ${Object.entries(r.exportMs)
                .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
                .join(", ")}, peak PSS ${(r.peak.maxPss / MB).toFixed(0)} MB`
            : `FAILED: ${r.error ?? JSON.stringify(r.exportCheck)}`) +
          "\n",
      );
    }
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  const ok = runs.filter((r) => r.ok);
  const result: PageResult = {
    ok: ok.length === runs.length,
    runs,
    medians: {
      listMs: median(ok.map((r) => r.listMs)),
      firstRowsMs: median(ok.map((r) => r.firstRowsMs)),
      filterMs: median(ok.map((r) => r.filterMs.at(-1)!)),
      exportMs: Object.fromEntries(["parquet", "jsonl"].map((f) => [f, median(ok.map((r) => r.exportMs[f] ?? NaN))])),
    },
    peakPssMB: Math.max(...runs.map((r) => r.peak.maxPss)) / MB,
    peakRssMB: Math.max(...runs.map((r) => r.peak.rss)) / MB,
  };
  const m = result.medians;
  const mark = (pass: boolean) => (pass ? "PASS" : "FAIL");
  console.log(`\ntables in the page (headless Chromium, production build; median of ${ok.length} runs)\n`);
  console.log(
    `  ${mark(m.firstRowsMs <= PAGE_TARGETS.firstRowsMs)}  first rows ≤ 1 s after opening /units: ${m.firstRowsMs} ms`,
  );
  console.log(
    `  ${mark(m.filterMs <= PAGE_TARGETS.filterMs)}  two filters → "${big.survivors} of ${big.units} rows" ≤ 0.5 s: ` +
      `last filter ${m.filterMs} ms (each run: ${ok.map((r) => r.filterMs.join(" + ")).join(", ")} ms)`,
  );
  for (const [f, ms] of Object.entries(m.exportMs))
    console.log(
      `  ${mark(ms <= PAGE_TARGETS.exportMs)}  export ${f} of the ${big.survivors} units ≤ 2 s: ${ms.toFixed(0)} ms`,
    );
  console.log(
    `  ${mark(result.peakPssMB <= PAGE_TARGETS.pssMB)}  the page's processes ≤ 1 GB together: peak PSS sum ` +
      `${result.peakPssMB.toFixed(0)} MB (RSS sum ${result.peakRssMB.toFixed(0)} MB)`,
  );
  console.log(`  (file listed ${m.listMs.toFixed(0)} ms after setInputFiles)`);
  const problems = new Set(runs.flatMap((r) => [...(r.error ? [`FAILED: ${r.error}`] : []), ...r.problems]));
  for (const p of problems) console.log(`  problem: ${p}`);
  return result;
}
