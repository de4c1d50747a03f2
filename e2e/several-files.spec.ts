import { readFileSync } from "node:fs";
import { expect, test, type Download, type Page } from "@playwright/test";
import { unzipSync } from "fflate";
import { startFixture, type Fixture } from "../test/emulator/test-helpers";
import { caseInputs, compareWithGolden, goldenCases, type GoldenCase } from "../test/golden";
import { landedProblems } from "../test/landed";
import { FAST_SERIES, SLOW_SERIES, writeSlowFilterFile } from "../test/slow-filter";
import { closeAllFiles, openFiles, pickSeries, streamReady, type DownloadPath } from "./helpers";
import { fillUploadForm } from "./upload-form-fill";

// Two golden cases with the same chunk size (one set of settings applies to every open file).
const cases = ["sine2_256k", "gaps4_256k"].map((name) => goldenCases().find((g) => g.case === name)!);
const stem = (g: GoldenCase) => g.input.replace(/\.nwb$/, "");
const unzip = async (download: Download) =>
  new Map(Object.entries(unzipSync(new Uint8Array(readFileSync(await download.path())))));

/**
 * Opens the page (or, when it is open, closes its files), then each case on its own (a set and a worker each), ticks
 * its series and sets the shared chunk size.
 */
async function openCases(page: Page): Promise<void> {
  if (page.url() === "about:blank") await page.goto("./");
  else await closeAllFiles(page);
  for (const g of cases) {
    await openFiles(page, caseInputs(g));
    await pickSeries(page.getByRole("region", { name: g.input, exact: true }), g.series, g.chunk_mb);
  }
}

/** Converts all into one zip with a folder per file; checks each folder against its golden case. */
async function convertIntoOneZip(page: Page, path: DownloadPath): Promise<void> {
  const all = page.getByRole("region", { name: "All open files" });
  await all.getByRole("radio", { name: /one zip with a folder per file/ }).check();
  const download = page.waitForEvent("download");
  await all.getByRole("button", { name: "Convert all" }).click();
  const zip = await download;
  expect(zip.suggestedFilename()).toBe("nwb2pennsieve-2-files-pennsieve.zip");
  const entries = await unzip(zip);
  const status = all.getByRole("status");
  await expect(status).toContainText("Done:");
  await expect(status).toContainText("in 2 folders (sine2/, gaps4/)");
  await expect(status).toHaveAttribute("data-download", path);
  const folders = new Set([...entries.keys()].map((name) => name.slice(0, name.indexOf("/"))));
  expect(folders).toEqual(new Set(cases.map(stem)));
  for (const g of cases) {
    const own = new Map(
      [...entries].filter(([name]) => name.startsWith(`${stem(g)}/`)).map(([n, b]) => [n.slice(stem(g).length + 1), b]),
    );
    expect(compareWithGolden(g, own)).toEqual([]);
  }
}

// One page takes these checks in turn, each a step that first closes the files before it (a browser context, a page
// load and a worker's first start cost more CPU than most checks: see golden.spec.ts).
test("Convert all: offered with two files and its choice said; one zip with a folder per file, streamed; one zip per file", async ({
  page,
}) => {
  test.setTimeout(240000);
  await page.goto("./");
  await test.step("Convert all is offered with two files open, and its choice is said", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await closeAllFiles(page);
    await openFiles(page, caseInputs(cases[0]!));
    await expect(page.getByRole("button", { name: "Convert all" })).toHaveCount(0);
    await openFiles(page, caseInputs(cases[1]!));
    const all = page.getByRole("region", { name: "All open files" });
    const layout = all.getByRole("group", { name: "Convert all into" });
    await expect(layout.getByRole("radio", { name: /one zip with a folder per file/ })).toBeChecked();
    await expect(layout.getByRole("radio", { name: /one zip per file/ })).not.toBeChecked();
    await expect(all.getByRole("button", { name: "Upload all" })).toHaveAccessibleDescription(/^Upload all needs: /);
    // A file that cannot convert holds Convert all back, and says why.
    await pickSeries(page.getByRole("region", { name: "gaps4.nwb", exact: true }), [], 0.25);
    await expect(all.getByRole("button", { name: "Convert all" })).toBeDisabled();
    await expect(all.getByRole("button", { name: "Convert all" })).toHaveAccessibleDescription(
      "gaps4.nwb: Tick a series to convert.",
    );
  });

  await test.step("Convert all into one zip with a folder per file streams, across two workers, the golden outputs", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openCases(page);
    await streamReady(page);
    await convertIntoOneZip(page, "stream");
  });

  await test.step("Convert all into one zip per file downloads each file's golden zip", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openCases(page);
    await streamReady(page);
    const all = page.getByRole("region", { name: "All open files" });
    await all.getByRole("radio", { name: /one zip per file/ }).check();
    const downloads: Download[] = [];
    page.on("download", (d) => downloads.push(d));
    await all.getByRole("button", { name: "Convert all" }).click();
    for (const g of cases) {
      const panel = page.getByRole("region", { name: g.input, exact: true });
      await expect(panel.getByRole("status")).toContainText(`${stem(g)}-pennsieve.zip is in your downloads`);
    }
    await expect.poll(() => downloads.length).toBe(2);
    for (const g of cases) {
      const d = downloads.find((x) => x.suggestedFilename() === `${stem(g)}-pennsieve.zip`)!;
      expect(compareWithGolden(g, await unzip(d))).toEqual([]);
    }
  });
});

test("Cancel all stops the one zip at once, even inside a long HDF5 read, and discards it @timed", async ({ page }) => {
  test.setTimeout(90_000);
  // The second file's slow series decodes one 48 MB bzip2 chunk in one synchronous HDF5 call (see cancel.spec.ts).
  const slow = await writeSlowFilterFile();
  const g = cases[0]!;
  // The slow series' preview may take a loaded machine past the watchdog's 20 s: not what is tested here.
  await page.goto("./?watchdog=120");
  await openFiles(page, caseInputs(g));
  await openFiles(page, [slow]);
  const slowPanel = page.getByRole("region", { name: "slow-bzip2.nwb", exact: true });
  await expect(slowPanel.getByRole("tree")).toBeVisible({ timeout: 60_000 });
  await pickSeries(slowPanel, [FAST_SERIES, SLOW_SERIES], 1, 0);
  await streamReady(page);
  const all = page.getByRole("region", { name: "All open files" });
  const downloading = page.waitForEvent("download", { timeout: 30_000 });
  await all.getByRole("button", { name: "Convert all" }).click();
  await expect(all.getByText("Converting file 2 of 2: slow-bzip2.nwb")).toBeVisible({ timeout: 30_000 });
  await all.getByRole("button", { name: "Cancel all" }).click();
  // The worker is stopped half a second after it was asked (cancel.spec.ts times that path); a loaded machine adds.
  await expect(all.getByRole("status")).toContainText("Cancelled; the partial zip was discarded.", { timeout: 5_000 });
  expect(await (await downloading).failure()).not.toBeNull();
  // The set is reopened in a fresh worker; both files can go again.
  await expect(all.getByRole("button", { name: "Convert all" })).toBeEnabled({ timeout: 30_000 });
});

test.describe("with service workers blocked", () => {
  test.use({ serviceWorkers: "block" });
  // One page, reloaded without the private file system for the second step (a context costs more than a reload).
  test("Convert all into one zip appends each part to the same private file; without it either, the parts come back in memory and join in order", async ({
    page,
  }) => {
    await test.step("Convert all into one zip appends each part to the same private file", async () => {
      await openCases(page);
      await convertIntoOneZip(page, "opfs");
    });
    await test.step("without the private file system either, each part comes back in memory and they join in order", async () => {
      await page.addInitScript(() => {
        StorageManager.prototype.getDirectory = () => Promise.reject(new DOMException("no OPFS here", "SecurityError"));
      });
      await page.reload();
      await openCases(page);
      await convertIntoOneZip(page, "memory");
    });
  });
});

test.describe("Upload all", () => {
  let fx: Fixture;
  test.beforeEach(async () => {
    fx = await startFixture({ seed: 3, corsOrigins: [`http://127.0.0.1:${process.env.E2E_PORT ?? 4180}`] });
  });
  test.afterEach(async () => {
    await fx.emu.stop();
  });

  test("uploads every open file's selection with the shared settings, a report per file", async ({ page }) => {
    await openCases(page);
    // Typed once, in the first file's form.
    const first = page.getByRole("region", { name: cases[0]!.input, exact: true });
    await fillUploadForm(first, fx);
    const all = page.getByRole("region", { name: "All open files" });
    await all.getByRole("button", { name: "Upload all" }).click();
    const reports = all.getByRole("list", { name: "Uploads" }).getByRole("listitem");
    await expect(reports).toHaveCount(2, { timeout: 60_000 });
    for (const [i, g] of cases.entries()) {
      const files = Object.keys(g.files).length;
      await expect(reports.nth(i)).toContainText(`${g.input}: ${files} files uploaded, 0 failed;`);
      // And in the file's own upload form (open in the first panel; opened here in the second).
      const panel = page.getByRole("region", { name: g.input, exact: true });
      if (i > 0) await panel.getByText("Pennsieve upload").click();
      await expect(panel.getByRole("status")).toContainText(`${files} files uploaded, 0 failed;`);
    }
    // Both files went to the one package: each case's files landed exactly, nothing else did.
    const total = cases.reduce((n, g) => n + Object.keys(g.files).length, 0);
    expect(await fx.emu.listObjects()).toHaveLength(total);
    for (const g of cases)
      expect((await landedProblems(fx.emu, g, fx.packageId)).filter((p) => !/objects, want/.test(p))).toEqual([]);
  });
});
