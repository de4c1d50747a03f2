import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { NWB } from "../test/golden";
import { pageOverflow } from "./a11y";
import { closeAllFiles, openFiles, pickSeries, streamReady } from "./helpers";

const TABLES_NWB = join(import.meta.dirname, "..", "test", "fixtures", "tables", "nwb");
const region = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

/** The page's elements that reach past the right edge of the window, for a readable failure. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const clipped = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
        if (getComputedStyle(a).overflowX !== "visible") return true;
      return false;
    };
    for (const el of document.querySelectorAll("body *")) {
      if (clipped(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > window.innerWidth + 0.5)
        out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} right ${Math.round(r.right)}`);
    }
    return out.slice(0, 15);
  });
}

async function expectNoSidewaysScroll(page: Page, state: string) {
  const overflow = await pageOverflow(page);
  expect(overflow <= 0 ? [] : await overflowing(page), `the page scrolls sideways: ${state}`).toEqual([]);
}

/** Tree rows are at least 24 px high (a target a finger or a shaky hand can hit), with acquisition open. */
async function expectRowsAtLeast24(page: Page) {
  const tree = region(page, "intan32.nwb").getByRole("tree");
  const acquisition = tree.getByRole("treeitem", { name: /^acquisition/ });
  if ((await acquisition.getAttribute("aria-expanded")) !== "true") await acquisition.click();
  await expect(tree.getByRole("treeitem", { name: /^ElectricalSeriesRaw/ })).toBeVisible();
  const heights = await tree
    .getByRole("treeitem")
    .evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
  expect(heights.length).toBeGreaterThan(5);
  expect(Math.min(...heights)).toBeGreaterThanOrEqual(24);
}

// Each test takes several checks in turn on one page, files closed between them where a check needs a fresh page: a
// browser context, a page load and a worker's first start cost more CPU than these checks (see golden.spec.ts).
test.describe("at 390 px", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the landing page and an opened file fit the screen; the page never scrolls sideways; the details come below the tree; wide things scroll in their box; tree rows are at least 24 px high", async ({
    page,
  }) => {
    await page.goto("./");
    await expectNoSidewaysScroll(page, "landing");

    await test.step("the landing page and an opened file fit the screen", async () => {
      await page.getByRole("button", { name: "Try the sample file" }).click();
      await expect(region(page, "sample.nwb").getByRole("tree")).toBeVisible();
      await expectNoSidewaysScroll(page, "the sample open");
      await closeAllFiles(page);
    });

    await test.step("the page never scrolls sideways; the details come below the tree; wide things scroll in their box", async () => {
      await openFiles(page, [join(NWB, "intan32.nwb")]);
      const panel = region(page, "intan32.nwb");
      const tree = panel.getByRole("tree");
      await expect(tree).toBeVisible();
      await expect(page.getByRole("region", { name: "Metadata" })).toBeVisible();
      await expectNoSidewaysScroll(page, "a file open, the metadata table shown");
      // The metadata table is wider than the screen: it scrolls inside its own box.
      const metadata = page.getByRole("group", { name: /^Metadata table/ });
      expect(await metadata.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);

      await tree.getByRole("treeitem", { name: /^acquisition/ }).click();
      await tree.getByRole("treeitem", { name: /^ElectricalSeriesRaw/ }).click();
      const details = panel.getByRole("region", { name: "Details of /acquisition/ElectricalSeriesRaw" });
      await expect(details.getByText("No attributes.").or(details.getByRole("table"))).toBeVisible();
      await expect(panel.getByRole("img", { name: /^Plot of/ })).toBeVisible({ timeout: 30_000 });
      await expectNoSidewaysScroll(page, "a node selected, the preview drawn");
      const treeBox = (await tree.boundingBox())!;
      const detailsBox = (await details.boundingBox())!;
      expect(detailsBox.y).toBeGreaterThanOrEqual(treeBox.y + treeBox.height);
      expect(detailsBox.width).toBeGreaterThan(300);

      await panel.getByText("Pennsieve upload").click();
      await expect(panel.getByRole("button", { name: "Upload to Pennsieve" })).toBeVisible();
      await expectNoSidewaysScroll(page, "the upload form open");

      await openFiles(page, [join(TABLES_NWB, "units_full.nwb")]);
      const tables = region(page, "units_full.nwb").getByRole("region", { name: "Tables", exact: true });
      await tables.getByRole("button", { name: "/units", exact: true }).click();
      await expect(tables.getByRole("status")).toHaveText("6 of 6 rows");
      await expect(tables.locator(".table-cell-loading")).toHaveCount(0);
      await expectNoSidewaysScroll(page, "a table open");
    });

    await test.step("tree rows are at least 24 px high at 390 px", () => expectRowsAtLeast24(page));
  });
});

test("the landing text; a click anywhere on a group's row, Enter and Space open and close it; tree rows at least 24 px high at 1280 px; focus on a conversion's outcome; a skip link past the metadata table; “Opening…” names the file and can be cancelled", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("./");

  await test.step("the landing text says what the app opens and what it produces, and that nothing is uploaded", async () => {
    const header = page.getByRole("banner");
    await expect(header).toContainText("NWB 2.x files (HDF5");
    await expect(header).toContainText("external links");
    await expect(header).toContainText("HDF5 family files");
    await expect(header).toContainText("Pennsieve time series");
    await expect(header).toContainText("a zip to download, or an upload to Pennsieve");
    await expect(header).toContainText("nothing is uploaded unless you upload it");
  });

  await test.step("a click anywhere on a group's row opens and closes it, and so do Enter and Space", async () => {
    await openFiles(page, [join(NWB, "intan32.nwb")]);
    const panel = region(page, "intan32.nwb");
    const tree = panel.getByRole("tree");
    const acquisition = tree.getByRole("treeitem", { name: /^acquisition/ });
    await expect(acquisition).toHaveAttribute("aria-expanded", "false");
    // On its name, far from the triangle.
    await acquisition.getByText("acquisition", { exact: true }).click();
    await expect(acquisition).toHaveAttribute("aria-expanded", "true");
    await expect(acquisition).toHaveAttribute("aria-selected", "true");
    await expect(tree.getByRole("treeitem", { name: /^ElectricalSeriesRaw/ })).toBeVisible();
    await expect(panel.getByRole("region", { name: "Details of /acquisition" })).toBeVisible();
    // On the row's empty right-hand side.
    const box = (await acquisition.boundingBox())!;
    await page.mouse.click(box.x + box.width - 8, box.y + box.height / 2);
    await expect(acquisition).toHaveAttribute("aria-expanded", "false");
    await expect(tree.getByRole("treeitem", { name: /^ElectricalSeriesRaw/ })).toHaveCount(0);
    // By keyboard: the focused row opens with Enter and closes with Space.
    await expect(acquisition).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(acquisition).toHaveAttribute("aria-expanded", "true");
    await page.keyboard.press(" ");
    await expect(acquisition).toHaveAttribute("aria-expanded", "false");
    // A dataset's row is selected, with its details; there is nothing to open.
    const identifier = tree.getByRole("treeitem", { name: /^identifier/ });
    await identifier.click();
    await expect(identifier).toHaveAttribute("aria-selected", "true");
    await expect(identifier).not.toHaveAttribute("aria-expanded");
    await expect(panel.getByRole("region", { name: "Details of /identifier" })).toBeVisible();
  });

  await test.step("tree rows are at least 24 px high at 1280 px", async () => {
    await expectRowsAtLeast24(page);
    await closeAllFiles(page);
  });

  await test.step("after a conversion, focus is on its outcome, not lost to the page", async () => {
    await openFiles(page, [join(NWB, "sine2.nwb")]);
    const panel = region(page, "sine2.nwb");
    await pickSeries(panel, ["/acquisition/TestElectricalSeries"], 1);
    await streamReady(page);
    const download = page.waitForEvent("download");
    await panel.getByRole("button", { name: "Download zip" }).focus();
    await page.keyboard.press("Enter");
    await download;
    const status = panel.getByRole("status").filter({ hasText: "Done" });
    await expect(status).toBeVisible();
    await expect(status).toBeFocused();
    // A second conversion by keyboard: Enter on Download zip again, focus on the new outcome.
    await panel.getByRole("button", { name: "Download zip" }).focus();
    const again = page.waitForEvent("download");
    await page.keyboard.press("Enter");
    await again;
    await expect(status).toBeFocused();
    await closeAllFiles(page);
  });

  await test.step("a skip link leads past the metadata table to the files", async () => {
    await expect(page.getByRole("link", { name: "Skip to files" })).toHaveCount(0); // no table, nothing to skip
    await openFiles(page, [join(NWB, "sine2.nwb"), join(NWB, "twoseries.nwb")]);
    await expect(region(page, "twoseries.nwb").getByRole("tree")).toBeVisible();
    // By keyboard from the header's last control: the skip link comes first, before the metadata table.
    await page.getByRole("button", { name: "Open from DANDI" }).focus();
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to files" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("main", { name: "Files" })).toBeFocused();
    expect(new URL(page.url()).hash).toBe("");
    // The next stop is in the files: the section for all of them (two files are open), not the metadata table.
    await page.keyboard.press("Tab");
    const all = page.getByRole("region", { name: "All open files" });
    expect(await all.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    const metadata = page.getByRole("region", { name: "Metadata" });
    expect(await metadata.evaluate((el) => el.contains(document.activeElement))).toBe(false);
    await closeAllFiles(page);
  });

  await test.step("“Opening…” names the file and can be cancelled", async () => {
    // A file on which the HDF5 library loops forever while reading its structure (as in frozen-file.spec.ts).
    const bytes = Buffer.from(readFileSync(join(NWB, "blosc16.nwb")));
    bytes.fill(0, 196_608, 196_608 + 4096);
    await page.getByLabel("Open NWB files").setInputFiles([{ name: "slow.nwb", mimeType: "", buffer: bytes }]);
    const opening = region(page, "slow.nwb");
    const status = opening.getByRole("status");
    await expect(status).toContainText("Opening… reading the structure of slow.nwb");
    await status.getByRole("button", { name: "Cancel" }).click();
    await expect(opening).toHaveCount(0);
    // The page goes on: another file opens.
    await openFiles(page, [join(NWB, "sine2.nwb")]);
    await expect(region(page, "sine2.nwb").getByRole("tree")).toBeVisible();
  });
});
