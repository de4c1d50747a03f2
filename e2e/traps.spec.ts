import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { NWB } from "../test/golden";
import { closeAllFiles, convertInPanel, openFiles } from "./helpers";

// Traps a new user meets (issue 14, item 4): each test fails on the page before these were fixed.

const region = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

/** The element a field's aria-describedby points at: the message said beside it. */
async function describedBy(field: Locator): Promise<Locator> {
  const id = await field.getAttribute("aria-describedby");
  expect(id, "the field is described by a message").toBeTruthy();
  return field.page().locator(`[id="${id}"]`);
}

// One page takes these checks in turn, each a step that first closes the files before it (a browser context, a page
// load and a worker's first start cost more CPU than most checks: see golden.spec.ts).
test("traps: a missing linked file resolved in place; chunk size and gzip level checked beside the fields", async ({
  page,
}) => {
  test.setTimeout(180000);
  await page.goto("./");
  await test.step("a series whose linked file is missing is not ticked; opening that file later resolves it in place", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await closeAllFiles(page);
    await openFiles(page, [join(NWB, "starting.nwb")]);
    await expect(region(page, "starting.nwb")).toBeVisible();
    await openFiles(page, [join(NWB, "linked_main.nwb")]);
    const main = region(page, "linked_main.nwb");
    const series = main.getByRole("checkbox", { name: "/acquisition/LinkedRaw" });
    await expect(series).toBeVisible({ timeout: 20_000 });
    await openFiles(page, [join(NWB, "twoseries.nwb")]);
    await expect(region(page, "twoseries.nwb")).toBeVisible();

    // Not ticked, buttons disabled with the reason in sight, and the panel says what is missing and what fixes it.
    await expect(series).not.toBeChecked();
    const download = main.getByRole("button", { name: "Download zip" });
    await expect(download).toBeDisabled();
    await expect(main.locator(".convert-blocked")).toBeVisible();
    const missing = main.getByRole("note").filter({ hasText: "linked_raw.nwb is missing" });
    await expect(missing).toContainText("/acquisition/LinkedRaw/data");
    await expect(missing).toContainText("/acquisition/Raw/data");
    await expect(missing).toContainText("Open linked_raw.nwb");

    // Settings chosen before the file comes must survive it; so must the panel itself (same element, same place).
    await main.getByLabel("Chunk size (MiB)").fill("0.125");
    await main.getByLabel("Gzip level").fill("6");
    await main.evaluate((el) => el.setAttribute("data-before-reopen", "yes"));

    await openFiles(page, [join(NWB, "linked_raw.nwb")]);
    await expect(series).toBeChecked({ timeout: 20_000 });
    await expect(series).toBeEnabled();
    await expect(main.getByRole("note")).toHaveCount(0);
    await expect(main).toHaveAttribute("data-before-reopen", "yes");
    await expect(main.getByLabel("Chunk size (MiB)")).toHaveValue("0.125");
    await expect(main.getByLabel("Gzip level")).toHaveValue("6");
    // Nothing was closed; the added file's panel joins its set, right after it.
    await expect(page.locator(".file-panel h2")).toHaveText([
      "starting.nwb",
      "linked_main.nwb",
      "linked_raw.nwb",
      "twoseries.nwb",
    ]);
    await expect(download).toBeEnabled();

    // 30,000 samples × 3 channels at 16,384 samples per chunk: 2 chunks and a metadata file per channel.
    const entries = await convertInPanel(page, "linked_main.nwb", ["/acquisition/LinkedRaw"], 0.125, 6);
    expect(entries.size).toBe(9);
    // The other sets were not disturbed.
    const late = await convertInPanel(page, "starting.nwb", ["/acquisition/Late"], 0.0625);
    expect(late.size).toBeGreaterThan(0);
  });

  await test.step("chunk size and gzip level are checked beside the fields, never silently", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await closeAllFiles(page);
    await openFiles(page, [join(NWB, "gaps4.nwb")]);
    const panel = region(page, "gaps4.nwb");
    const chunk = panel.getByLabel("Chunk size (MiB)");
    const level = panel.getByLabel("Gzip level");
    const download = panel.getByRole("button", { name: "Download zip" });
    const facts = panel.locator(".series-facts");
    const blocked = panel.locator(".convert-blocked");

    await chunk.fill("1");
    await expect(facts).toContainText(/\d+ files, /);
    await expect(download).toBeEnabled();
    await expect(chunk).toHaveAttribute("aria-invalid", "false");

    const refusals: [string, RegExp][] = [
      ["0", /more than 0 MiB/],
      ["-1", /more than 0 MiB/],
      ["", /Enter a chunk size/],
      ["abc", /“abc” is not a number/],
      // 1 sample per chunk: 100,001 chunks and a metadata file per channel.
      ["0.00001", /makes 100,002 files per channel of \/acquisition\/Gappy \(at most 100,000\)/],
    ];
    for (const [text, reason] of refusals) {
      // Each from a good chunk size whose count is showing: that count must not stay.
      await chunk.fill("1");
      await expect(facts).toContainText(/\d+ files, /);
      await chunk.fill(text);
      await expect(chunk).toHaveAttribute("aria-invalid", "true");
      await expect(await describedBy(chunk)).toHaveText(reason);
      await expect(download).toBeDisabled();
      await expect(blocked).toHaveText("Correct the chunk size to convert.");
      await expect(download).toHaveAttribute("aria-describedby", (await blocked.getAttribute("id"))!);
      // No count from an earlier chunk size is left standing.
      await expect(facts).not.toContainText(/\d+ files, /);
      await expect(facts).toContainText("files: no valid chunk size");
    }

    // A small chunk size within the limit is taken, with its own count, and said to be unusual.
    await chunk.fill("0.0001");
    await expect(chunk).toHaveAttribute("aria-invalid", "false");
    await expect(await describedBy(chunk)).toHaveText(
      /^0\.0001 MiB holds only 13 samples per file, [\d,]+ files per channel: usual chunk sizes are 0\.25 to a few MiB\.$/,
    );
    await expect(facts).toContainText(/[\d,]{5,} files, /);
    await expect(download).toBeEnabled();
    await chunk.fill("1");
    await expect(chunk).not.toHaveAttribute("aria-describedby");

    for (const [text, reason] of [
      ["15", /“15” is not a gzip level/],
      ["1.5", /“1\.5” is not a gzip level/],
      ["-1", /“-1” is not a gzip level/],
      ["", /Enter a gzip level from 0 to 9/],
    ] as const) {
      await level.fill(text);
      await expect(level).toHaveAttribute("aria-invalid", "true");
      await expect(level).toHaveValue(text); // what was typed stays: 15 never becomes 9
      await expect(await describedBy(level)).toHaveText(reason);
      await expect(download).toBeDisabled();
      await expect(blocked).toHaveText("Correct the gzip level to convert.");
    }

    const entries = await convertInPanel(page, "gaps4.nwb", ["/acquisition/Gappy"], 0.25, 9);
    expect(entries.size).toBe(16 + 4);
  });
});

// Real files from older pynwb releases; they stay in ../shared and are never committed here.
const BACK_COMPAT = join(import.meta.dirname, "..", "..", "shared", "fixtures", "back_compat");
const oldFiles = existsSync(BACK_COMPAT) ? readdirSync(BACK_COMPAT).filter((f) => f.endsWith(".nwb")) : [];

test("valid NWB files with no ElectricalSeries get a calm note, not an alert", async ({ page }) => {
  test.skip(oldFiles.length === 0, "needs ../shared/fixtures/back_compat");
  await page.goto("./");
  await openFiles(
    page,
    oldFiles.map((f) => join(BACK_COMPAT, f)),
  );
  const notes = page.getByRole("note").filter({ hasText: "No ElectricalSeries to convert in this file" });
  await expect(notes).toHaveCount(21, { timeout: 30_000 }); // 21 files opened together, on a loaded machine
  await expect(page.getByRole("alert")).toHaveCount(0);
  // Their trees and metadata are still there.
  await expect(region(page, oldFiles[0]!).getByRole("treeitem", { name: /^general/ })).toBeVisible();
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(21);
  await expect(page.locator(".metadata-error")).toHaveCount(0);
});
