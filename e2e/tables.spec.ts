import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { parquetReadObjects } from "hyparquet";
import { FIXTURES } from "../test/golden";
import { buildFile, index, table } from "../test/tables-build";
import { closeAllFiles, openFiles, opfsNames, streamReady, watchRequests } from "./helpers";

/** The NWB tables fixtures (written by pynwb and NeuroConv) and their expected rows (spec nwb-tables). */
const TABLES = join(FIXTURES, "tables");
const nwb = (name: string) => join(TABLES, "nwb", name);
type Row = Record<string, unknown>;
const expected = (name: string): Row[] => JSON.parse(readFileSync(join(TABLES, "expected", name), "utf8"));

/** The grid's rows as drawn: each row's cells' text by column (all rows must be in sight: small tables only). */
async function gridRows(grid: Locator): Promise<Record<string, string>[]> {
  return grid.locator(".table-grid-body [role=row]").evaluateAll((rows) =>
    rows
      .map((row) => ({
        index: Number(row.getAttribute("aria-rowindex")),
        cells: Object.fromEntries(
          [...row.querySelectorAll("[role=gridcell]")].map((c) => [c.getAttribute("data-column"), c.textContent ?? ""]),
        ),
      }))
      .sort((a, b) => a.index - b.index)
      .map((r) => r.cells),
  );
}

/** A scalar as the grid shows it: null as nothing. */
const shown = (v: unknown) => (v === null ? "" : String(v));

/** Waits until the grid shows `n` rows with their values read. */
async function rowsShown(grid: Locator, n: number): Promise<Record<string, string>[]> {
  await expect(grid.locator(".table-grid-body [role=row]")).toHaveCount(n);
  await expect(grid.locator(".table-cell-loading")).toHaveCount(0);
  return gridRows(grid);
}

function openPanel(page: Page, name: string) {
  const panel = page.getByRole("region", { name, exact: true });
  return { panel, tables: panel.getByRole("region", { name: "Tables", exact: true }) };
}

// One page takes these checks in turn, each a step that first closes the files before it (a browser context, a page
// load and a worker's first start cost more CPU than most checks: see golden.spec.ts).
test("tables: a file's tables in a grid; combined across files and exported; 20,000 rows drawn as in sight; a reference cell deep in a wide group", async ({
  page,
}) => {
  test.setTimeout(300000);
  await page.goto("./");
  await test.step("a file's tables: listed, /units in a grid with its values, ragged cells expand, filters, sort, region and reference cells lead on", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const offOrigin = watchRequests(page);
    const units = expected("units_full_units.json");
    await closeAllFiles(page);
    await openFiles(page, [nwb("units_full.nwb")]);
    const { panel, tables } = openPanel(page, "units_full.nwb");
    for (const path of ["/general/extracellular_ephys/electrodes", "/units"])
      await expect(tables.getByRole("button", { name: path, exact: true })).toBeVisible();

    await tables.getByRole("button", { name: "/units", exact: true }).click();
    const grid = tables.getByRole("grid", { name: "/units", exact: true });
    const status = tables.getByRole("status");
    await expect(status).toHaveText("6 of 6 rows");
    // The pool's workers start with the table, so that an export's chunks inflate there from its first (at least two:
    // api.ts openView; a worker takes 0.3–0.7 s to start).
    await expect
      .poll(() => page.workers().filter((w) => w.url().includes("gzip-worker")).length, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(2);
    const rows = await rowsShown(grid, 6);
    rows.forEach((row, i) => {
      const want = units[i]!;
      for (const c of [
        "_nwb_path",
        "_table_index",
        "id",
        "quality",
        "is_curated",
        "snr",
        "n_spikes",
        "electrode_group",
      ])
        expect(row[c], `${c} of row ${i}`).toBe(shown(want[c]));
      expect(row.spike_times).toBe(`${(want.spike_times as unknown[]).length} values`);
      expect(row.waveform_mean).toBe("[24 × 4]");
    });

    // A ragged cell expands to its values, exactly.
    await grid.locator(".table-grid-body [data-column=spike_times] button").first().click();
    const values = tables.getByRole("region", { name: "spike_times, row 0" });
    expect(JSON.parse((await values.locator("pre").textContent())!)).toEqual(units[0]!.spike_times);

    // A numeric filter by text, then by range; a value list on a string column.
    const indexes = async () => {
      await expect(grid.locator(".table-cell-loading")).toHaveCount(0);
      return (await gridRows(grid)).map((r) => Number(r._table_index));
    };
    await grid.getByLabel("Filter snr", { exact: true }).fill("> 2.5");
    await expect(status).toHaveText("3 of 6 rows");
    expect(await indexes()).toEqual(expected("units_full_units_where_snr.json").map((r) => r._table_index));
    await grid.getByLabel("Filter snr", { exact: true }).fill("");
    await expect(status).toHaveText("6 of 6 rows");
    await grid.getByRole("button", { name: "More filters for snr" }).click();
    await tables.getByRole("group", { name: "Filters of snr" }).getByLabel("At least").fill("3");
    await tables.getByRole("group", { name: "Filters of snr" }).getByLabel("at most").fill("6");
    await expect(status).toHaveText("2 of 6 rows");
    expect(await indexes()).toEqual([0, 1]);
    await tables.getByRole("button", { name: "Clear filters of snr" }).click();
    await grid.getByRole("button", { name: "More filters for quality" }).click();
    const quality = tables.getByRole("group", { name: "Filters of quality" });
    await quality.getByRole("checkbox", { name: "good", exact: true }).check();
    await quality.getByRole("checkbox", { name: "mua", exact: true }).check();
    await expect(status).toHaveText("5 of 6 rows");
    expect(await indexes()).toEqual(expected("units_full_units_where_in.json").map((r) => r._table_index));
    await tables.getByRole("button", { name: "Clear filters of quality" }).click();
    await expect(status).toHaveText("6 of 6 rows");

    // Sort by a header: ascending, then descending; nulls last both ways, ties in table order.
    const bySnr = (descending: boolean) =>
      units
        .map((u, i) => ({ i, snr: u.snr as number | null }))
        .sort((a, b) => (a.snr === null ? 1 : b.snr === null ? -1 : descending ? b.snr - a.snr : a.snr - b.snr))
        .map((u) => u.i);
    const header = grid.getByRole("columnheader", { name: "snr", exact: true });
    await header.getByRole("button").click();
    await expect(header).toHaveAttribute("aria-sort", "ascending");
    await expect.poll(indexes).toEqual(bySnr(false));
    await header.getByRole("button").click();
    await expect(header).toHaveAttribute("aria-sort", "descending");
    await expect.poll(indexes).toEqual(bySnr(true));

    // A reference cell shows its object in the tree; a region cell opens its target table at its rows.
    await grid.getByRole("button", { name: "/general/extracellular_ephys/shank1" }).first().click();
    await expect(panel.getByRole("treeitem", { name: /^shank1/, selected: true })).toBeVisible();
    await header.getByRole("button").click(); // back to table order
    await expect(header).toHaveAttribute("aria-sort", "none");
    await expect.poll(indexes).toEqual([0, 1, 2, 3, 4, 5]);
    await grid.locator(".table-grid-body [data-column=electrodes] button").nth(1).click(); // unit 1: electrodes 4 and 5
    const electrodes = tables.getByRole("grid", { name: "/general/extracellular_ephys/electrodes", exact: true });
    await expect(tables.getByRole("status")).toHaveText("2 of 8 rows");
    expect((await rowsShown(electrodes, 2)).map((r) => Number(r._table_index))).toEqual([4, 5]);
    expect(offOrigin).toEqual([]);
  });

  await test.step("Combine across files: one grid over both sessions; the filtered view exports as CSV, JSON lines and Parquet", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const offOrigin = watchRequests(page);
    const all = expected("sessions_units.json");
    const filtered = expected("sessions_units_where.json");
    await closeAllFiles(page);
    await openFiles(page, [nwb("session_a.nwb"), nwb("session_b.nwb")]);
    const { tables } = openPanel(page, "session_a.nwb");
    await tables.getByRole("button", { name: "/units", exact: true }).click();
    await expect(tables.getByRole("status")).toHaveText("4 of 4 rows");
    await tables.getByRole("button", { name: "Combine across files" }).click();
    // The combined grid takes the place of the file's own: one grid of the path on the page.
    const combined = tables.getByRole("region", { name: "Combined tables" });
    const grid = page.getByRole("grid", { name: "/units", exact: true });
    const status = combined.getByRole("status");
    await expect(status).toHaveText(`${all.length} of ${all.length} rows`);
    await expect(grid).toHaveCount(1);
    await expect(combined.getByRole("heading", { name: "/units across 2 files" })).toBeVisible();
    const rows = await rowsShown(grid, all.length);
    rows.forEach((row, i) => {
      for (const c of ["_nwb_path", "_table_path", "_table_index", "id", "snr", "quality", "depth_um", "firing_rate"])
        expect(row[c], `${c} of row ${i}`).toBe(shown(all[i]![c]));
    });

    // The view of sessions_units_where: columns snr and quality, snr >= 3.5.
    await combined.getByRole("button", { name: "Columns" }).click();
    for (const c of Object.keys(all[0]!).slice(6))
      await combined.getByRole("checkbox", { name: c, exact: true }).uncheck();
    await grid.getByLabel("Filter snr", { exact: true }).fill(">= 3.5");
    await expect(status).toHaveText(`${filtered.length} of ${all.length} rows`);

    await streamReady(page);
    const download = async (button: string) => {
      const downloading = page.waitForEvent("download");
      await combined.getByRole("button", { name: button }).click();
      const file = await (await downloading).path();
      await expect(combined.getByText(`Exported ${filtered.length} rows`)).toHaveAttribute("data-download", "stream");
      return readFileSync(file);
    };
    const jsonl = (await download("Export JSON lines")).toString("utf8");
    expect(
      jsonl
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line)),
    ).toEqual(filtered);
    const csv = (await download("Export CSV"))
      .toString("utf8")
      .replace(/\r?\n$/, "")
      .split(/\r?\n/);
    const columns = Object.keys(filtered[0]!);
    expect(csv[0]).toBe(columns.join(","));
    expect(csv.slice(1)).toEqual(filtered.map((r) => columns.map((c) => shown(r[c])).join(",")));
    const parquet = new Uint8Array(await download("Export Parquet"));
    const fromParquet = await parquetReadObjects({ file: parquet.buffer });
    // int64 columns come back as BigInt.
    const plain = fromParquet.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])),
    );
    expect(plain).toEqual(filtered);
    // Closing the combined grid shows the file's own table again.
    await combined.getByRole("button", { name: "Close /units" }).click();
    await expect(combined).toHaveCount(0);
    await expect(tables.getByRole("status")).toHaveText("4 of 4 rows");
    expect(offOrigin).toEqual([]);
  });

  await test.step("a table of 20,000 rows: the grid draws only the rows in sight, and reads the end when scrolled there", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const rows = 20_000;
    const bytes = await buildFile((file) => {
      const t = table(file, "big", rows, ["value", "times"]);
      t.create_dataset({ name: "value", data: Float64Array.from({ length: rows }, (_, i) => i / 2) });
      // Row i holds i % 5 times.
      const ends: number[] = [];
      for (let i = 0, end = 0; i < rows; i++) ends.push((end += i % 5));
      t.create_dataset({ name: "times", data: Float64Array.from({ length: ends.at(-1)! }, (_, i) => i) });
      index(t, "times_index", "times", ends);
    });
    const path = join(mkdtempSync(join(tmpdir(), "tables-")), "big-table.h5");
    writeFileSync(path, bytes);
    await closeAllFiles(page);
    await openFiles(page, [path]);
    const { tables } = openPanel(page, "big-table.h5");
    await tables.getByRole("button", { name: "/big", exact: true }).click();
    const grid = tables.getByRole("grid", { name: "/big", exact: true });
    await expect(tables.getByRole("status")).toHaveText(`${rows} of ${rows} rows`);
    await expect(grid).toHaveAttribute("aria-rowcount", String(rows + 2));
    const drawn = grid.locator(".table-grid-body [role=row]");
    await expect(drawn.first()).toBeVisible();
    expect(await drawn.count()).toBeLessThan(60);
    await grid.evaluate((g) => (g.scrollTop = g.scrollHeight));
    const last = grid.locator(`[role=row][aria-rowindex="${rows + 2}"]`);
    await expect(last.locator("[data-column=_table_index]")).toHaveText(String(rows - 1));
    await expect(last.locator("[data-column=value]")).toHaveText(String((rows - 1) / 2));
    await expect(last.locator("[data-column=times]")).toHaveText("4 values");
    expect(await drawn.count()).toBeLessThan(60);
  });

  await test.step("a reference cell reveals its object deep in a wide group: the groups are listed on to it, and it is selected", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    // /wide holds 600 groups; the referenced object sits in w450, past the first two pages (200 each) of /wide.
    const bytes = await buildFile((file) => {
      const wide = file.create_group("wide");
      for (let i = 0; i < 600; i++) wide.create_group(`w${String(i).padStart(3, "0")}`);
      const leaf = (wide.get("w450") as unknown as typeof wide).create_group("leaf");
      const t = table(file, "refs", 2, ["where"]);
      t.create_dataset({ name: "where", data: [leaf.create_reference(), wide.create_reference()] as never });
    });
    const path = join(mkdtempSync(join(tmpdir(), "tables-")), "wide-refs.h5");
    writeFileSync(path, bytes);
    await closeAllFiles(page);
    await openFiles(page, [path]);
    const { panel, tables } = openPanel(page, "wide-refs.h5");
    await tables.getByRole("button", { name: "/refs", exact: true }).click();
    const grid = tables.getByRole("grid", { name: "/refs", exact: true });
    await grid.getByRole("button", { name: "/wide/w450/leaf" }).click();
    const leaf = panel.getByRole("treeitem", { name: /^leaf/, selected: true });
    await expect(leaf).toBeVisible();
    await expect(leaf).toHaveAttribute("aria-level", "3");
    await expect(panel.getByRole("treeitem", { name: /^w450/ })).toHaveAttribute("aria-expanded", "true");
    // /wide is listed on to w450 in one call (451 entries), not all 600; the rest stays one click away.
    await expect(panel.getByRole("treeitem", { name: /^Show 149 more/ })).toBeVisible();
  });
});

test.describe("with service workers blocked", () => {
  test.use({ serviceWorkers: "block" });

  test("an export goes through the private file system, exactly", async ({ page }) => {
    const want = expected("units_full_units_where_snr.json");
    await page.goto("./");
    await openFiles(page, [nwb("units_full.nwb")]);
    const { tables } = openPanel(page, "units_full.nwb");
    await tables.getByRole("button", { name: "/units", exact: true }).click();
    const grid = tables.getByRole("grid", { name: "/units", exact: true });
    await tables.getByRole("button", { name: "Columns" }).click();
    for (const c of Object.keys(expected("units_full_units.json")[0]!).slice(4))
      if (c !== "snr" && c !== "quality") await tables.getByRole("checkbox", { name: c, exact: true }).uncheck();
    await grid.getByLabel("Filter snr", { exact: true }).fill("> 2.5");
    await expect(tables.getByRole("status")).toHaveText(`${want.length} of 6 rows`);
    const downloading = page.waitForEvent("download");
    await tables.getByRole("button", { name: "Export JSON lines" }).click();
    const file = await (await downloading).path();
    await expect(tables.getByText(`Exported ${want.length} rows`)).toHaveAttribute("data-download", "opfs");
    const rows = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rows).toEqual(want);
    expect(await opfsNames(page)).toEqual([expect.stringMatching(/-units_full-units\.jsonl$/)]);
  });
});
