import { basename } from "node:path";
import { expect, test } from "@playwright/test";
import { compareWithGolden, goldenCases } from "../test/golden";
import { SLOW_SERIES, writeSlowFilterFile } from "../test/slow-filter";
import { busiestProcessShare } from "./browser-processes";
import { convertInPanel, openFiles, pickSeries, streamReady } from "./helpers";

test("Cancel stops a conversion within a second while its worker is inside one long HDF5 read", async ({ page }) => {
  test.setTimeout(90_000);
  // Every read of SLOW_SERIES decodes one bzip2 chunk of 48 MB inside h5wasm's synchronous slice(): seconds
  // during which the worker cannot answer the page (measured ≥ 2 s in Node and in the page).
  const path = await writeSlowFilterFile();
  const name = basename(path);
  await page.goto("./");
  await openFiles(page, [path]);
  const panel = page.getByRole("region", { name, exact: true });
  await expect(panel.getByRole("tree")).toBeVisible({ timeout: 30_000 });
  await pickSeries(panel, [SLOW_SERIES], 1);
  await streamReady(page);
  const downloading = page.waitForEvent("download");
  await panel.getByRole("button", { name: "Download zip" }).click();
  const download = await downloading;
  await expect(panel.getByText(/ of \d+ files/)).toBeVisible();
  // Well inside the first read of the samples: nothing else of the conversion takes the worker that long.
  await page.waitForTimeout(1_000);
  const clicked = Date.now();
  await panel.getByRole("button", { name: "Cancel" }).click();
  await expect(panel.getByRole("status")).toContainText("Cancelled", { timeout: 1_000 });
  expect(Date.now() - clicked).toBeLessThan(1_000);
  expect(await download.failure()).not.toBeNull();

  // The set, reopened in a fresh worker, keeps the panel's choices, lists its tree and converts another series.
  await expect(panel.getByLabel("Chunk size (MB)")).toHaveValue("1");
  await expect(panel.getByRole("checkbox", { name: SLOW_SERIES })).toBeChecked();
  const tree = panel.getByRole("tree");
  const general = tree.getByRole("treeitem", { name: /^general/ });
  await general.focus();
  await page.keyboard.press("ArrowRight");
  await expect(general).toHaveAttribute("aria-expanded", "true");
  await expect(tree.getByRole("treeitem", { name: /^devices/ })).toBeVisible();
  const sine = goldenCases().find((g) => g.case === "sine2_256k")!;
  expect(compareWithGolden(sine, await convertInPanel(page, name, sine.series, sine.chunk_mb))).toEqual([]);
  // The abandoned read does not go on in the background.
  expect(await busiestProcessShare()).toBeLessThan(0.5);
});
