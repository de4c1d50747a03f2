import { readFileSync } from "node:fs";
import { expect, type Locator, type Page } from "@playwright/test";
import { unzipSync } from "fflate";
import { join } from "node:path";
import { NWB } from "../test/golden";

/**
 * Records every request that leaves the page's origin (blob: and data: URLs are local), from the page, its
 * workers and the service worker alike (context-wide).
 */
export function watchRequests(page: Page): string[] {
  const offOrigin: string[] = [];
  page.context().on("request", (r) => {
    const url = new URL(r.url());
    if (url.protocol === "blob:" || url.protocol === "data:") return;
    if (url.host !== `127.0.0.1:${process.env.E2E_PORT ?? 4180}`) offOrigin.push(r.url());
  });
  return offOrigin;
}

export async function openFiles(page: Page, paths: string[]): Promise<void> {
  await page.getByLabel("Open NWB files").setInputFiles(paths);
}

/**
 * Closes every file's panel (a set's worker goes with its last panel), so that one page can take several cases in
 * turn: a browser context, a page load and the first worker's start cost more CPU than most cases' own work.
 */
export async function closeAllFiles(page: Page): Promise<void> {
  const close = page.locator(".file-panel-header button.close");
  while ((await close.count()) > 0) await close.first().click();
  await expect(page.locator(".file-panel")).toHaveCount(0);
}

/** How "Download zip" reached the download: through the service worker, via the origin-private file system, or
 *  from memory. */
export type DownloadPath = "stream" | "opfs" | "memory";

/** Waits until the download service worker controls the page, so that "Download zip" streams through it. */
export async function streamReady(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null);
}

/** The names in the origin-private file system, where the fallback path writes its zips. */
export function opfsNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const root = (await navigator.storage.getDirectory()) as unknown as { keys(): AsyncIterable<string> };
    const names: string[] = [];
    for await (const name of root.keys()) names.push(name);
    return names;
  });
}

/** Picks exactly these series in a panel and sets the chunk size (and the level). */
export async function pickSeries(panel: Locator, series: string[], chunkMb: number, level?: number): Promise<void> {
  const picker = panel.getByRole("group", { name: "Electrical series" });
  await expect(picker.getByRole("checkbox").first()).toBeVisible();
  for (const box of await picker.getByRole("checkbox").all()) {
    const name = await box.getAttribute("aria-label");
    if (series.includes(name!)) await box.check();
    else if (await box.isEnabled()) await box.uncheck();
  }
  await panel.getByLabel("Chunk size (MiB)").fill(String(chunkMb));
  if (level !== undefined) await panel.getByLabel("Gzip level").fill(String(level));
}

/**
 * Picks exactly these series in a panel, sets the chunk size, downloads the zip (by the path given: "stream"
 * waits for the service worker first) and returns its entries.
 */
export async function convertInPanel(
  page: Page,
  fileName: string,
  series: string[],
  chunkMb: number,
  level?: number,
  path: DownloadPath = "stream",
): Promise<Map<string, Uint8Array>> {
  const panel = page.getByRole("region", { name: fileName, exact: true });
  await pickSeries(panel, series, chunkMb, level);
  if (path === "stream") await streamReady(page);
  const download = page.waitForEvent("download");
  await panel.getByRole("button", { name: "Download zip" }).click();
  const file = await (await download).path();
  const status = panel.getByRole("status");
  await expect(status).toContainText("Done");
  await expect(status).toHaveAttribute("data-download", path);
  return new Map(Object.entries(unzipSync(new Uint8Array(readFileSync(file)))));
}

/** Starts a conversion of intan32 in small chunks at level 9: long enough to be running for a while. */
export async function startLongConversion(page: Page) {
  await openFiles(page, [join(NWB, "intan32.nwb")]);
  const panel = page.getByRole("region", { name: "intan32.nwb", exact: true });
  await pickSeries(panel, ["/acquisition/ElectricalSeriesRaw"], 0.001, 9);
  await streamReady(page);
  const downloading = page.waitForEvent("download");
  await panel.getByRole("button", { name: "Download zip" }).click();
  const download = await downloading;
  await expect(panel.getByText(/ of \d+ files/)).toBeVisible();
  return { panel, download };
}
