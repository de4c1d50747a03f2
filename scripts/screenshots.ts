// Screenshots of the page's main states at 1280 and 390 px, for the README (docs/screenshots/*.png).
// usage: node --import tsx scripts/screenshots.ts   (builds the app, serves it as the e2e tests do, drives Chromium)
// SCREENSHOTS_PORT (4189) picks the port; SCREENSHOTS_NO_BUILD=1 uses dist/ as it is.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Locator, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../e2e/chromium";
import { NWB } from "../test/golden";

const ROOT = join(import.meta.dirname, "..");
const OUT = join(ROOT, "docs", "screenshots");
const BASE = "/tools/nwb2pennsieve/";
const PORT = Number(process.env.SCREENSHOTS_PORT ?? 4189);
const URL = `http://127.0.0.1:${PORT}${BASE}`;
const UNITS = join(ROOT, "test", "fixtures", "tables", "nwb", "units_full.nwb");

const WIDTHS = [
  { name: "desktop", width: 1280, height: 860 },
  { name: "phone", width: 390, height: 844 },
];

/** Each state: how a user reaches it from the landing page, and the part of the page to bring into view. */
const STATES: { name: string; reach(page: Page): Promise<Locator | null> }[] = [
  { name: "landing", reach: async () => null },
  {
    name: "file",
    reach: async (page) => {
      const panel = await open(page, join(NWB, "intan32.nwb"));
      await panel.getByRole("treeitem", { name: /^acquisition/ }).click();
      await panel.getByRole("treeitem", { name: /^ElectricalSeriesRaw/ }).click();
      await panel.getByRole("img", { name: /^Plot of/ }).waitFor({ timeout: 30_000 });
      return panel;
    },
  },
  {
    name: "table",
    reach: async (page) => {
      const panel = await open(page, UNITS);
      const tables = panel.getByRole("region", { name: "Tables", exact: true });
      await tables.getByRole("button", { name: "/units", exact: true }).click();
      await tables.getByRole("status").filter({ hasText: "6 of 6 rows" }).waitFor();
      await page.waitForFunction(() => document.querySelectorAll(".table-cell-loading").length === 0);
      return tables;
    },
  },
  {
    name: "converted",
    reach: async (page) => {
      const panel = await open(page, join(NWB, "sine2.nwb"));
      await panel.getByLabel("Chunk size (MiB)").fill("1");
      await panel.getByRole("button", { name: "Download zip" }).click();
      await panel.getByRole("status").filter({ hasText: "Done" }).waitFor({ timeout: 60_000 });
      return panel.getByRole("group", { name: "Electrical series" });
    },
  },
  {
    name: "upload",
    reach: async (page) => {
      const panel = await open(page, join(NWB, "sine2.nwb"));
      await panel.getByText("Pennsieve upload").click();
      return panel.getByText("Pennsieve upload");
    },
  },
];

async function open(page: Page, path: string): Promise<Locator> {
  const name = path.slice(path.lastIndexOf("/") + 1);
  await page.getByLabel("Open NWB files").setInputFiles([path]);
  const panel = page.getByRole("region", { name, exact: true });
  await panel.getByRole("tree").waitFor({ timeout: 60_000 });
  return panel;
}

/** Serves dist/ under the base path as the e2e tests do, until the returned function is called. */
async function serve(): Promise<() => void> {
  const server = spawn(process.execPath, ["e2e/static-server.mjs", "dist", String(PORT), BASE], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.once("exit", (code) => reject(new Error(`the static server exited (${code})`)));
    server.stdout.once("data", () => resolve());
  });
  return () => server.kill();
}

async function main() {
  if (!process.env.SCREENSHOTS_NO_BUILD) execFileSync("npx", ["vite", "build"], { cwd: ROOT, stdio: "inherit" });
  mkdirSync(OUT, { recursive: true });
  const stop = await serve();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    for (const size of WIDTHS)
      for (const state of STATES) {
        // A fresh context each time: every state starts from the landing page, as a new user would.
        const context = await browser.newContext({
          viewport: { width: size.width, height: size.height },
          deviceScaleFactor: 1,
          acceptDownloads: true,
        });
        const page = await context.newPage();
        await page.goto(URL);
        const focus = await state.reach(page);
        await focus?.scrollIntoViewIfNeeded();
        if (focus) await focus.evaluate((el) => el.scrollIntoView({ block: "start" }));
        // The caret and the focus ring are not part of the picture.
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        const file = join(OUT, `${state.name}-${size.width}.png`);
        await page.screenshot({ path: file, animations: "disabled" });
        console.warn(`${file} (${(readFileSync(file).length / 1024).toFixed(0)} KiB)`);
        await context.close();
      }
  } finally {
    await browser.close();
    stop();
  }
}

await main();
