// What opening a file costs in the page, where each opened set has its own HDF5 worker: the time from choosing
// a file to its tree shown, and the memory (PSS of all the browser's processes) each set still open adds.
// usage: node --import tsx bench/open-cost.ts   (builds the app when dist/ is stale; env OPEN_REPS, default 3;
// OPEN_DIST, another build to measure, e.g. an older commit's)
// Each set's memory is measured on copies of one small file (sine2.nwb, 3.4 MB) under other names, so that what
// grows is the cost of a set and its worker, not of what the files hold.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../e2e/chromium";
import { argvOf, childrenOf, processTree } from "./browser-proc";
import { ensureBuild, serve } from "./browser";

const ROOT = join(import.meta.dirname, "..");
const NWB = join(ROOT, "test", "fixtures", "nwb");
const REPS = Number(process.env.OPEN_REPS ?? 3);
const COPIES = mkdtempSync(join(tmpdir(), "nwb-open-cost-"));
const SETS = [1, 2, 3, 4, 5, 6].map((i) => {
  copyFileSync(join(NWB, "sine2.nwb"), join(COPIES, `copy${i}.nwb`));
  return `copy${i}.nwb`;
});
const MB = 1e6;

function pathOf(name: string): string {
  if (name === "sample.nwb") return join(ROOT, "public", "sample.nwb");
  return name.startsWith("copy") ? join(COPIES, name) : join(NWB, name);
}

/** Own (anonymous + shared) PSS of every process of the browser we launched, summed. */
function ownPss(): number {
  const [pid] = childrenOf(process.pid).filter((p) => argvOf(p).includes("--remote-debugging-pipe"));
  let sum = 0;
  for (const p of processTree(pid!)) {
    try {
      const r = readFileSync(`/proc/${p}/smaps_rollup`, "utf8");
      const kb = (f: string) => Number(new RegExp(`^${f}:\\s+(\\d+) kB`, "m").exec(r)?.[1] ?? 0) * 1024;
      sum += kb("Pss_Anon") + kb("Pss_Shmem");
    } catch {
      // exited meanwhile
    }
  }
  return sum;
}

async function settledPss(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.detach();
  await page.waitForTimeout(1_500);
  return ownPss();
}

/** Opens one file as a set of its own; returns ms from the choice to its tree shown. */
async function open(page: Page, name: string): Promise<number> {
  // Timed in the page (a new tree in the document), not by Playwright's polling, which backs off to 500 ms steps.
  const shown = page.evaluate(() => {
    const trees = document.querySelectorAll('[role="tree"]').length;
    return new Promise<number>((resolve) => {
      const seen = new MutationObserver(() => {
        if (document.querySelectorAll('[role="tree"]').length <= trees) return;
        seen.disconnect();
        resolve(Date.now());
      });
      seen.observe(document.body, { childList: true, subtree: true });
    });
  });
  const t0 = Date.now();
  await page.getByLabel("Open NWB files").setInputFiles([pathOf(name)]);
  const ms = (await shown) - t0;
  await page.getByRole("region", { name, exact: true }).getByRole("tree").waitFor();
  return ms;
}

async function close(page: Page, name: string): Promise<void> {
  await page.getByRole("button", { name: `Close ${name}` }).click();
  await page.getByRole("region", { name, exact: true }).waitFor({ state: "detached" });
}

if (!process.env.OPEN_DIST) await ensureBuild();
const { url, server, dir } = await serve(process.env.OPEN_DIST);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  await page.getByRole("button", { name: "Try the sample file" }).waitFor();

  for (const name of ["sample.nwb", "sine2.nwb"]) {
    for (let i = 0; i < REPS; i++) {
      console.log(`open ${name}: ${await open(page, name)} ms`);
      await close(page, name);
    }
  }

  const start = await settledPss(page);
  const steps: number[] = [];
  for (const name of SETS) {
    await open(page, name);
    steps.push(await settledPss(page));
  }
  const per = (steps.at(-1)! - start) / SETS.length;
  console.log(
    `own PSS: ${(start / MB).toFixed(0)} MB with no set open; with 1..${SETS.length} sets: ` +
      steps.map((s) => (s / MB).toFixed(0)).join(", ") +
      ` MB; ${(per / MB).toFixed(1)} MB per set`,
  );
} finally {
  await browser.close();
  server.kill();
  rmSync(dir, { recursive: true, force: true });
  rmSync(COPIES, { recursive: true, force: true });
}
