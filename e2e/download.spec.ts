import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { unzipSync } from "fflate";
import { caseInputs, compareWithGolden, goldenCases } from "../test/golden";
import {
  closeAllFiles,
  convertInPanel,
  openFiles,
  opfsNames,
  pickSeries,
  startLongConversion,
  streamReady,
  watchRequests,
} from "./helpers";

const golden = (name: string) => goldenCases().find((g) => g.case === name)!;

// One page takes these checks in turn, each a step that first closes the files before it (a browser context, a page
// load and a worker's first start cost more CPU than most checks: see golden.spec.ts).
test("Download zip streams through the service worker; cancelling the conversion or the download", async ({ page }) => {
  test.setTimeout(240000);
  await page.goto("./");
  await test.step("Download zip streams through the service worker: no copy in the origin's storage", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const g = golden("sine2_256k");
    const offOrigin = watchRequests(page);
    await closeAllFiles(page);
    await openFiles(page, caseInputs(g));
    const panel = page.getByRole("region", { name: g.input, exact: true });
    await pickSeries(panel, g.series, g.chunk_mb);
    await streamReady(page);
    const downloading = page.waitForEvent("download");
    await panel.getByRole("button", { name: "Download zip" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe("sine2-pennsieve.zip");
    const prefix = new URL("download/", page.url()).href;
    expect(download.url()).toMatch(new RegExp(`^${prefix.replace(/[.]/g, "\\.")}[0-9a-f-]{36}/sine2-pennsieve\\.zip$`));
    const entries = unzipSync(new Uint8Array(readFileSync(await download.path())));
    await expect(panel.getByRole("status")).toContainText("Done");
    await expect(panel.getByRole("status")).toHaveAttribute("data-download", "stream");
    expect(compareWithGolden(g, new Map(Object.entries(entries)))).toEqual([]);
    expect(await opfsNames(page)).toEqual([]);
    // The service worker answers each download URL once, and unknown ids with a 404 of its own.
    const again = await page.evaluate(async (url) => (await fetch(url)).status, download.url());
    expect(again).toBe(404);
    const unknown = await page.evaluate(async (url) => {
      const r = await fetch(url);
      return `${r.status} ${await r.text()}`;
    }, `${prefix}not-an-id/x.zip`);
    expect(unknown).toMatch(/^404 No such download/);
    expect(offOrigin).toEqual([]);
  });

  await test.step("cancelling a streamed conversion makes the download fail; the app stays usable", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const g = golden("intan32_128k");
    await closeAllFiles(page);
    await openFiles(page, caseInputs(g));
    const panel = page.getByRole("region", { name: g.input, exact: true });
    // Tiny chunk files at the highest level: a conversion long enough to cancel half-way.
    await pickSeries(panel, g.series, 0.001, 9);
    await streamReady(page);
    const downloading = page.waitForEvent("download");
    await panel.getByRole("button", { name: "Download zip" }).click();
    const download = await downloading;
    // The download is under way while the conversion still runs.
    await expect(panel.getByText(/ of \d+ files/)).toBeVisible();
    await panel.getByRole("button", { name: "Cancel" }).click();
    await expect(panel.getByRole("status")).toContainText("Cancelled");
    expect(await download.failure()).not.toBeNull();
    expect(await opfsNames(page)).toEqual([]);
    // The next conversion streams as usual.
    const entries = await convertInPanel(page, g.input, g.series, g.chunk_mb);
    expect(compareWithGolden(g, entries)).toEqual([]);
  });

  await test.step("cancelling the download in the browser stops the conversion", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await closeAllFiles(page);
    const { panel, download } = await startLongConversion(page);
    await download.cancel();
    await expect(panel.getByRole("alert")).toContainText("the browser stopped the download");
    expect(await download.failure()).not.toBeNull();
  });
});

test.describe("with service workers blocked", () => {
  test.use({ serviceWorkers: "block" });

  // One page, reloaded without the private file system for the second step (a context costs more than a reload).
  test("Download zip falls back to the origin-private file system; without it either, a small zip is built in memory", async ({
    page,
  }) => {
    const g = golden("sine2_256k");
    await test.step("Download zip falls back to the origin-private file system", async () => {
      const offOrigin = watchRequests(page);
      await page.goto("./");
      await openFiles(page, caseInputs(g));
      expect(await page.evaluate(() => navigator.serviceWorker?.controller ?? null)).toBeNull();
      const entries = await convertInPanel(page, g.input, g.series, g.chunk_mb, undefined, "opfs");
      expect(compareWithGolden(g, entries)).toEqual([]);
      expect(await opfsNames(page)).toEqual([expect.stringMatching(/-sine2-pennsieve\.zip$/)]);
      expect(offOrigin).toEqual([]);
    });

    await test.step("without the origin-private file system either, a small zip is built in memory", async () => {
      await page.addInitScript(() => {
        StorageManager.prototype.getDirectory = () => Promise.reject(new DOMException("no OPFS here", "SecurityError"));
      });
      await page.reload();
      await openFiles(page, caseInputs(g));
      const entries = await convertInPanel(page, g.input, g.series, g.chunk_mb, undefined, "memory");
      expect(compareWithGolden(g, entries)).toEqual([]);
    });
  });
});
