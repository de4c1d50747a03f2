import { statSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { microsToIso } from "../src/core/receive/channel-list";
import { FIXTURES, PATH_CASES } from "../test/golden";
import { goldenChannel, receiveCases } from "../test/receive-cases";
import { closeAllFiles, convertInPanel, openFiles, pickSeries, streamReady } from "./helpers";

// Each test stands alone (its own page and files): the parallel project's two workers may share this file's tests.
test.describe.configure({ mode: "parallel" });

const TEMPLATE384 = join(FIXTURES, "perf", "template384.nwb");
const AP = "/acquisition/ElectricalSeriesAP";

const receiving = (panel: Locator) => panel.getByRole("region", { name: "What Pennsieve will receive" });

/** Every row of the channel list, page after page, by column header: what a user reads off the table. */
async function readChannelList(panel: Locator, channels: number): Promise<Record<string, string>[]> {
  const region = receiving(panel);
  await expect(region).toHaveAttribute("aria-busy", "false"); // answers for the settings shown, not earlier ones
  const summary = region.getByText(`Channel list (${channels.toLocaleString("en-US")} channel`);
  await expect(summary).toBeVisible();
  if ((await region.locator("details").getAttribute("open")) === null) await summary.click();
  const table = region.getByRole("table");
  const rows: Record<string, string>[] = [];
  for (;;) {
    const headers = await table.locator("thead th").allTextContents();
    const page = await table
      .locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    rows.push(...page.map((cells) => Object.fromEntries(headers.map((h, i) => [h, cells[i]!]))));
    const next = region.getByRole("button", { name: "Next channels" });
    if (!(await next.isVisible()) || (await next.isDisabled())) break;
    const first = await table.locator("tbody tr td").first().textContent();
    await next.click();
    await expect(table.locator("tbody tr td").first()).not.toHaveText(first!);
  }
  return rows;
}

/** A listed row in the terms of its metadata file (the unit is shown as µV, written "uV"). */
function asMetadata(row: Record<string, string>) {
  // The dates say the same instants as the microseconds beside them.
  expect(row["Start (UTC)"]).toBe(microsToIso(Number(row["Start (µs)"])));
  expect(row["End (UTC)"]).toBe(microsToIso(Number(row["End (µs)"])));
  return goldenChannel({
    name: row.Name,
    group: row.Group,
    unit: row.Unit === "µV" ? "uV" : row.Unit,
    rate: Number(row["Rate (Hz)"]),
    start: Number(row["Start (µs)"]),
    end: Number(row["End (µs)"]),
  });
}

const metadataName = (index: string) => `channel-${index.padStart(5, "0")}.metadata.json`;

// One page takes its share of the cases in turn, each closed before the next (see golden.spec.ts: a context, a page
// load and a worker's first start cost more than a case's channel list).
// Every golden case's list is checked through the same core in test/receive.test.ts; the page lists the cases that
// differ in what it shows: one of each kind of input (test/golden.ts), 32 channels of one group, and the writers'
// units, gains and offsets (NeuroConv's µV, PyNWB's float32 volts and uint16 with an offset, a processing module's LFP).
const PAGE_CASES = [
  ...PATH_CASES,
  "intan32_128k",
  "nc_mock_default_64k",
  "py_float32_volts_64k",
  "py_uint16_offset_64k",
  "nc_lfp_processing_64k",
];
const CASES = receiveCases().filter((g) => PAGE_CASES.includes(g.case));
const SHARES = 2;
for (let share = 0; share < SHARES; share++) {
  const part = CASES.filter((_, i) => i % SHARES === share);
  test(`the channel list of golden cases ${part.map((g) => g.case).join(", ")} says what their metadata files say`, async ({
    page,
  }) => {
    test.setTimeout(60_000 + part.length * 20_000);
    await page.goto("./");
    for (const g of part)
      await test.step(g.case, async () => {
        await openFiles(page, g.paths);
        const panel = page.getByRole("region", { name: g.input, exact: true });
        await pickSeries(panel, g.series, g.chunk_mb);
        const rows = await readChannelList(panel, Object.keys(g.channels).length);
        expect(Object.fromEntries(rows.map((r) => [metadataName(r.Index!), asMetadata(r)])), g.case).toEqual(
          Object.fromEntries(Object.entries(g.channels).map(([file, m]) => [file, goldenChannel(m)])),
        );
        for (const r of rows) {
          const prefix = metadataName(r.Index!).replace(".metadata.json", "_");
          expect(Number(r["Chunk files"])).toBe(Object.keys(g.files).filter((f) => f.startsWith(prefix)).length);
        }
        await closeAllFiles(page);
      });
  });
}

/** Downloads the panel's zip at the settings it shows and returns its size in bytes. */
async function downloadedSize(page: Page, panel: Locator): Promise<number> {
  await streamReady(page);
  const download = page.waitForEvent("download");
  await panel.getByRole("button", { name: "Download zip" }).click();
  const path = await (await download).path();
  await expect(panel.getByRole("status")).toContainText("Done");
  return statSync(path).size;
}

// What the summary says of template384.nwb: each check a step on one opening of the file (a page load and an opening
// cost more than a check; see golden.spec.ts). Each step sets the settings it starts from.
test("template384: listed a hundred at a time as converted; what is missing said; the open list follows the chunk size; the zip's size before converting; at 390 px", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto("./");
  await openFiles(page, [TEMPLATE384]);
  const panel = page.getByRole("region", { name: "template384.nwb", exact: true });
  const region = receiving(panel);

  await test.step("384 channels are listed a hundred at a time, as the conversion writes them", async () => {
    await pickSeries(panel, [AP], 0.25);
    const rows = await readChannelList(panel, 384);
    expect(rows.map((r) => r.Index)).toEqual(Array.from({ length: 384 }, (_, i) => String(i)));
    await expect(region.getByText("Channels 301–384 of 384").first()).toBeVisible();
    const entries = await convertInPanel(page, "template384.nwb", [AP], 0.25);
    const written = (name: string) =>
      JSON.parse(new TextDecoder().decode(entries.get(name))) as Record<string, unknown>;
    for (const r of rows) expect(asMetadata(r)).toEqual(goldenChannel(written(metadataName(r.Index!))));
    const chunkFiles = [...entries.keys()].filter((n) => n.startsWith("channel-00000_")).length;
    expect(rows.every((r) => Number(r["Chunk files"]) === chunkFiles)).toBe(true);
  });

  await test.step("the summary says what is missing before it can say anything", async () => {
    await pickSeries(panel, [], 1);
    await expect(region).toContainText("Tick a series to see what Pennsieve will receive.");
    await pickSeries(panel, [AP], 1);
    await panel.getByLabel("Chunk size (MiB)").fill("");
    await expect(region).toContainText("Enter a usable chunk size");
    await panel.getByLabel("Chunk size (MiB)").fill("1");
    await panel.getByLabel("Gzip level").fill("12");
    await expect(region).toContainText("enter a gzip level 0–9 to see its size");
    await expect(region.getByRole("definition").first()).toHaveText("384 from 1 series");
  });

  await test.step("the open channel list stays open and follows a new chunk size", async () => {
    await pickSeries(panel, [AP], 1, 1); // the level back to the default
    const before = await readChannelList(panel, 384);
    expect(before[0]!["Chunk files"]).toBe("1");
    await panel.getByLabel("Chunk size (MiB)").fill("0.00001"); // 1 sample per chunk file (the template is 10 samples long)
    await expect(region).toHaveAttribute("aria-busy", "false");
    const table = region.getByRole("table");
    await expect(table).toBeVisible(); // still open
    const chunkFiles = Number(await table.locator("tbody tr").first().locator("td").last().textContent());
    expect(chunkFiles).toBeGreaterThan(1);
    // The same count as the files said above the list: 384 channels × chunk files each.
    await expect(region.getByRole("definition").nth(1)).toContainText(
      `${(384 * chunkFiles).toLocaleString("en-US")} chunk files`,
    );
  });

  await test.step("the zip's size is exact at level 0 and within 15 % at level 1, before converting", async () => {
    await pickSeries(panel, [AP], 0.25, 0);
    const exact = region.getByText(/exactly [\d.]+ [kMG]B \(([\d,]+) bytes\) at gzip level 0/);
    await expect(exact).toBeVisible();
    const stated = Number(/\(([\d,]+) bytes\)/.exec((await exact.textContent())!)![1]!.replace(/,/g, ""));
    expect(stated).toBe(await downloadedSize(page, panel));

    await pickSeries(panel, [AP], 0.25, 1);
    const about = region.getByText(/about ([\d.]+) ([kMG]B) at gzip level 1, estimated from \d+ sampled chunk files/);
    await expect(about).toBeVisible();
    const [, value, unit] = /about ([\d.]+) ([kMG]B)/.exec((await about.textContent())!)!;
    const estimate = Number(value) * { kB: 1e3, MB: 1e6, GB: 1e9 }[unit as "kB" | "MB" | "GB"];
    const real = await downloadedSize(page, panel);
    expect(Math.abs(estimate / real - 1)).toBeLessThan(0.15);
  });

  await test.step("at 390 px the channel list scrolls within its frame and the section fits the screen", async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await readChannelList(panel, 384);
    const frame = region.getByRole("group", { name: "Channel list, scrolls" });
    await expect(frame).toBeVisible();
    expect(await frame.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await region.evaluate((el) => el.getBoundingClientRect().right)).toBeLessThanOrEqual(390);
    expect(await region.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  });
});
