import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { caseInputs, compareWithGolden, goldenCases, NWB } from "../test/golden";
import { busiestProcessShare, dedicatedWorkers } from "./browser-processes";
import { convertInPanel, openFiles, startLongConversion } from "./helpers";

/**
 * A Blosc fixture with one 4 KiB block of zeros (block 48, at byte 196,608): reading its structure, the HDF5
 * library loops forever inside its WebAssembly (verified with `nwb2pennsieve inspect`).
 */
function loopingFile(name = "looping.nwb") {
  const bytes = Buffer.from(readFileSync(join(NWB, "blosc16.nwb")));
  bytes.fill(0, 196_608, 196_608 + 4096);
  return { name, mimeType: "application/octet-stream", buffer: bytes };
}

/** The page's watchdog deadline in the first test (`?watchdog=`). */
const DEADLINE_S = 8;
const golden = (name: string) => goldenCases().find((g) => g.case === name)!;
const region = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

test("a file on which the HDF5 library loops gets its message; the other files keep working @timed", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  // A deadline of 8 s, not the default 20 s (src/ui/bridge-deadline.test.ts checks the default): the same watch,
  // 12 s less to wait.
  await page.goto(`./?watchdog=${DEADLINE_S}`);
  const running = await startLongConversion(page);

  // The looping file beside good ones: its panel appears at once, with Close and Cancel.
  await page.getByLabel("Open NWB files").setInputFiles([loopingFile()]);
  const looping = region(page, "looping.nwb");
  await expect(looping.getByRole("status")).toContainText("Opening…");
  await expect(looping.getByRole("button", { name: "Close looping.nwb" })).toBeVisible();
  await expect(looping.getByRole("button", { name: "Cancel" })).toBeVisible();
  const opened = Date.now();
  await expect(running.panel.getByRole("button", { name: "Cancel" })).toBeVisible(); // still converting
  await openFiles(page, [join(NWB, "sine2.nwb")]);
  await page.getByRole("button", { name: "Try the sample file" }).click();
  await expect(region(page, "sample.nwb").getByRole("tree")).toBeVisible();
  await expect(region(page, "sine2.nwb").getByRole("tree")).toBeVisible();

  // The message within the deadline and 10 s of opening.
  await expect(looping.getByRole("alert")).toContainText(
    "looping.nwb could not be read: the HDF5 library stopped responding while reading its structure",
    { timeout: (DEADLINE_S + 10) * 1000 - (Date.now() - opened) },
  );
  await expect(looping.getByRole("alert")).toContainText("probably damaged");

  // The conversion that was running when the looping file was opened completes, and its download too.
  await expect(running.panel.getByRole("status")).toContainText("Done", { timeout: 120_000 });
  expect(await running.download.failure()).toBeNull();

  // The good files convert exactly, a file opened later opens and converts.
  const sine = golden("sine2_256k");
  expect(compareWithGolden(sine, await convertInPanel(page, sine.input, sine.series, sine.chunk_mb))).toEqual([]);
  const later = golden("twoseries_64k");
  await openFiles(page, caseInputs(later));
  expect(compareWithGolden(later, await convertInPanel(page, later.input, later.series, later.chunk_mb))).toEqual([]);
  const sample = await convertInPanel(page, "sample.nwb", ["/acquisition/Raw"], 1);
  expect(sample.size).toBe(8);

  // The damaged file's panel closes; no browser process keeps a core busy.
  await looping.getByRole("button", { name: "Close looping.nwb" }).click();
  await expect(looping).toHaveCount(0);
  // Right after the close an HDF5 worker of the panels left may work for up to a second (seen: 0.5–0.65 CPU-s, as
  // they re-lay out), so the share is polled until it settles; a worker still looping never would.
  await expect.poll(() => busiestProcessShare(), { timeout: 15_000 }).toBeLessThan(0.5);
  // Four sets open (intan32, sine2, sample, the later one): an HDF5 worker each, and at most a pool of encoding
  // workers each (one per core but one; a pool stops 30 s after its last conversion); nothing of the looping file.
  const pool = await page.evaluate(() => Math.max(1, (navigator.hardwareConcurrency || 2) - 1));
  expect(await dedicatedWorkers(browser)).toBeLessThanOrEqual(4 * (1 + pool));
});

test("a set stuck while opening closes at once, and takes its worker and its core with it @timed", async ({ page }) => {
  await page.goto("./");
  await page.getByLabel("Open NWB files").setInputFiles([loopingFile()]);
  const looping = region(page, "looping.nwb");
  await expect(looping.getByRole("status")).toContainText("Opening…");
  await expect.poll(() => page.workers().length).toBe(1);
  // Let the library spin a while, then close.
  await page.waitForTimeout(3_000);
  await looping.getByRole("button", { name: "Close looping.nwb" }).click();
  await expect(looping).toHaveCount(0, { timeout: 1_000 });
  await expect.poll(() => page.workers().length).toBe(0);
  expect(await busiestProcessShare()).toBeLessThan(0.5);
  // The page still opens files.
  await page.getByRole("button", { name: "Try the sample file" }).click();
  await expect(region(page, "sample.nwb").getByRole("tree")).toBeVisible();
});

test("Cancel stops a conversion within a second, even one whose worker is busy with another file @timed", async ({
  page,
}) => {
  await page.goto("./");
  const running = await startLongConversion(page);
  // On a single worker, this file would take the conversion's worker with it: cancel must not depend on it.
  await page.getByLabel("Open NWB files").setInputFiles([loopingFile()]);
  await expect(region(page, "looping.nwb").getByRole("status")).toContainText("Opening…");
  await page.waitForTimeout(1_000);
  // Timed in the page, from the click's event to the panel saying "Cancelled": Playwright's own click (actionability
  // checks, protocol round trips) took up to half a second on a loaded 2-core CI machine and is not the user's wait.
  const cancel = running.panel.getByRole("button", { name: "Cancel" });
  await running.panel.evaluate((panel) => {
    const w = window as unknown as { cancelledAt?: number };
    const seen = () => {
      if (w.cancelledAt === undefined && panel.textContent?.includes("Cancelled")) w.cancelledAt = performance.now();
    };
    new MutationObserver(seen).observe(panel, { subtree: true, childList: true, characterData: true });
  });
  await cancel.evaluate((button) =>
    button.addEventListener(
      "click",
      () => ((window as unknown as { clickedAt?: number }).clickedAt = performance.now()),
      { capture: true, once: true },
    ),
  );
  await cancel.click();
  await expect(running.panel.getByRole("status")).toContainText("Cancelled", { timeout: 2_000 });
  const waited = await page.evaluate(() => {
    const w = window as unknown as { clickedAt: number; cancelledAt: number };
    return w.cancelledAt - w.clickedAt;
  });
  expect(waited).toBeLessThan(1_000);
  expect(await running.download.failure()).not.toBeNull();
  // The panel keeps its selection and settings, and converts again.
  await expect(running.panel.getByLabel("Chunk size (MiB)")).toHaveValue("0.001");
  await expect(running.panel.getByRole("checkbox", { name: "/acquisition/ElectricalSeriesRaw" })).toBeChecked();
  const g = golden("intan32_128k");
  expect(compareWithGolden(g, await convertInPanel(page, g.input, g.series, g.chunk_mb))).toEqual([]);
});

test("the deadline is settable; a conversion longer than it, whose worker answers, is not abandoned @timed", async ({
  page,
}) => {
  await page.goto("./?watchdog=2");
  const running = await startLongConversion(page);
  const started = Date.now();
  await page.getByLabel("Open NWB files").setInputFiles([loopingFile()]);
  await expect(region(page, "looping.nwb").getByRole("alert")).toContainText("could not be read", {
    timeout: 10_000,
  });
  await expect(running.panel.getByRole("status")).toContainText("Done", { timeout: 120_000 });
  expect(Date.now() - started).toBeGreaterThan(2_000);
  expect(await running.download.failure()).toBeNull();
});
