import { basename } from "node:path";
import { expect, test, type Locator, type Worker } from "@playwright/test";
import { compareWithGolden, goldenCases } from "../test/golden";
import { FAST_SERIES, SLOW_SERIES, writeSlowFilterFile } from "../test/slow-filter";
import { busiestProcessShare } from "./browser-processes";
import { convertInPanel, openFiles, pickSeries, streamReady } from "./helpers";

/**
 * Waits until the worker stops answering the DevTools protocol for `ms`: its thread is then inside one long
 * synchronous call (an evaluation waits for the running JavaScript or WebAssembly to return).
 */
async function untilBusy(worker: Worker, ms = 300, within = 20_000): Promise<void> {
  const until = Date.now() + within;
  while (Date.now() < until) {
    const answered = worker.evaluate(() => true).catch(() => true); // fails once the page has stopped the worker
    const busy = await Promise.race([answered.then(() => false), new Promise((r) => setTimeout(r, ms, true))]);
    if (busy) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the worker answered every probe for ${within} ms`);
}

/**
 * Milliseconds from the next click in the panel to "Cancelled" in it, as the page sees them (the test's own
 * polling would add up to its interval).
 */
function cancelledAfterClick(panel: Locator): Promise<number> {
  return panel.evaluate(
    (region) =>
      new Promise<number>((resolve) => {
        let clicked = 0;
        region.addEventListener("click", () => (clicked = performance.now()), { capture: true, once: true });
        const seen = new MutationObserver(() => {
          if (!clicked || !region.textContent?.includes("Cancelled")) return;
          seen.disconnect();
          resolve(performance.now() - clicked);
        });
        seen.observe(region, { subtree: true, childList: true, characterData: true });
      }),
  );
}

test("Cancel stops a conversion within a second while its worker is inside one long HDF5 read @timed", async ({
  page,
}) => {
  test.setTimeout(90_000);
  // Every read of SLOW_SERIES decodes one bzip2 chunk of 48 MB inside h5wasm's synchronous slice() (2–5 s in
  // the page); the conversion reads its rows in one such call (the chunk is all of them), after FAST_SERIES,
  // whose bytes have started the download (at level 0 they are written while the worker is still free).
  const path = await writeSlowFilterFile();
  const name = basename(path);
  await page.goto("./");
  await openFiles(page, [path]);
  const panel = page.getByRole("region", { name, exact: true });
  await expect(panel.getByRole("tree")).toBeVisible({ timeout: 30_000 });
  await pickSeries(panel, [FAST_SERIES, SLOW_SERIES], 1, 0);
  // The preview of both (the slow series' reads are slow there too) is drawn: the worker is idle again.
  await expect(panel.getByRole("img", { name: /^Plot of the first .* of 4 channels/ })).toBeVisible({
    timeout: 30_000,
  });
  expect(page.workers()).toHaveLength(1);
  const hdf5 = page.workers()[0]!;
  await streamReady(page);
  const downloading = page.waitForEvent("download", { timeout: 30_000 });
  await panel.getByRole("button", { name: "Download zip" }).click();
  await untilBusy(hdf5);
  const shown = cancelledAfterClick(panel);
  await panel.getByRole("button", { name: "Cancel" }).click();
  await expect(panel.getByRole("status")).toContainText("Cancelled", { timeout: 2_000 });
  expect(await shown, "ms from the click to Cancelled").toBeLessThan(1_000);
  expect(await (await downloading).failure()).not.toBeNull();

  // The set, reopened in a fresh worker, keeps the panel's choices, lists its tree and converts another series.
  await expect(panel.getByLabel("Chunk size (MiB)")).toHaveValue("1");
  await expect(panel.getByRole("checkbox", { name: SLOW_SERIES })).toBeChecked();
  const tree = panel.getByRole("tree");
  const general = tree.getByRole("treeitem", { name: /^general/ });
  await general.focus();
  await page.keyboard.press("ArrowRight");
  await expect(general).toHaveAttribute("aria-expanded", "true");
  await expect(tree.getByRole("treeitem", { name: /^devices/ })).toBeVisible();
  // Its preview of both is drawn (the slow series read once more), then it converts the fast one exactly.
  await expect(panel.getByRole("img", { name: /^Plot of the first .* of 4 channels/ })).toBeVisible({
    timeout: 30_000,
  });
  const sine = goldenCases().find((g) => g.case === "sine2_256k")!;
  expect(compareWithGolden(sine, await convertInPanel(page, name, sine.series, sine.chunk_mb))).toEqual([]);
  // Once the preview of the fast series alone is drawn, nothing keeps a core busy: not the abandoned read, nor
  // anything else (polled: the fresh worker's WebAssembly may still be optimised in the background for a while).
  await expect(panel.getByRole("img", { name: /^Plot of the first .* of 2 channels/ })).toBeVisible();
  await expect.poll(() => busiestProcessShare(), { timeout: 15_000 }).toBeLessThan(0.5);
});
