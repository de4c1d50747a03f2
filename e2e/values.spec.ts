import { expect, test, type Locator, type Page } from "@playwright/test";
import { closeAllFiles, openFiles } from "./helpers";

// Issue 17, point 2: the values of datasets and attributes, read page by page and shown as text.
const UNITS = "test/fixtures/tables/nwb/units_full.nwb";
const KINDS = "test/fixtures/tables-extra/nwb/hdmf_values.nwb";
const VALUES = "test/fixtures/values/values.nwb";
const HOSTILE = "test/fixtures/nwb/hostile.nwb";

/**
 * The tree of `path`: opened alone (the files open before are closed), or as it is when it is the file open already
 * (one page takes every check in turn: see the test below).
 */
async function openTree(page: Page, path: string): Promise<Locator> {
  const tree = page.getByRole("region", { name: path.split("/").pop()!, exact: true }).getByRole("tree");
  if ((await tree.count()) === 0) {
    await closeAllFiles(page);
    await openFiles(page, [path]);
  }
  await expect(tree).toBeVisible({ timeout: 60_000 });
  return tree;
}

/** Expands each group of `groups` in turn (those not open yet), then selects `name` and returns its details. */
async function select(page: Page, tree: Locator, groups: string[], name: string, path: string): Promise<Locator> {
  for (const g of groups) {
    const row = tree.getByRole("treeitem", { name: new RegExp(`^${g}\\b`) });
    if ((await row.getAttribute("aria-expanded")) === "true") continue; // open from an earlier check
    await row.locator(".tree-twisty").click();
    await expect(row).toHaveAttribute("aria-expanded", "true");
    await expect(row).not.toHaveAttribute("aria-busy", "true", { timeout: 30_000 });
  }
  await tree.getByRole("treeitem", { name: new RegExp(`^${name}\\b`) }).click();
  const details = page.getByRole("region", { name: `Details of ${path}` });
  await expect(details).toBeVisible();
  return details;
}

/** The words saying which rows (and columns) the page shows. */
const range = (details: Locator) => details.getByText(/^Rows \d/);

/** The text of a table's cells, row by row (the row header first). */
const rowsOf = (table: Locator) =>
  table.locator("tbody tr").evaluateAll((rows) => rows.map((r) => Array.from(r.children, (c) => c.textContent)));

// One page takes every check in turn, each a step that opens its file when another is open (a browser context, a page
// load and a worker's first start cost more CPU than each check: see golden.spec.ts).
test("values of datasets and attributes: a scalar, markup as text, references and compounds, 1-D, 2-D and 3-D paging, long strings and texts", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto("./");

  await test.step("a scalar dataset shows its value (session_description), not an unknown size", async () => {
    const tree = await openTree(page, UNITS);
    const details = await select(page, tree, [], "session_description", "/session_description");
    await expect(details.getByRole("region", { name: "Value of /session_description" })).toHaveText(
      "tables corpus: units_full",
    );
    await expect(details).toContainText("Shape");
    await expect(details).toContainText("variable-length values");
    await expect(details).not.toContainText("Logical size unknown");
  });

  await test.step("values are text, never markup", async () => {
    const tree = await openTree(page, HOSTILE);
    const details = await select(page, tree, ["general"], "lab", "/general/lab");
    await expect(details.getByRole("region", { name: "Value of /general/lab" })).toHaveText(
      "<script>window.__pwned='script'</script>Lab",
    );
    expect(await page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined();
  });

  await test.step("references show as paths, region references with their selection, compounds by field", async () => {
    let tree = await openTree(page, KINDS);
    let details = await select(page, tree, ["processing", "misc", "values"], "ref", "/processing/misc/values/ref");
    let table = details.getByRole("region", { name: "Values of /processing/misc/values/ref" }).getByRole("table");
    await expect
      .poll(() => rowsOf(table))
      .toEqual([
        ["0", "/acquisition/lick"],
        ["1", "/acquisition/lick/data"],
        ["2", "/processing/misc"],
        ["3", "/general/probe_rows_zz"],
      ]);
    await tree.getByRole("treeitem", { name: /^cmp\b/ }).click();
    details = page.getByRole("region", { name: "Details of /processing/misc/values/cmp" });
    table = details.getByRole("region", { name: "Values of /processing/misc/values/cmp" }).getByRole("table");
    await expect(table.locator("thead th")).toHaveText(["Row", "name", "weight", "where", "ok"]);
    await expect.poll(async () => (await rowsOf(table))[2]).toEqual(["2", "ü", "1", "/acquisition/lick", "true"]);

    tree = await openTree(page, VALUES);
    details = await select(page, tree, ["analysis", "values"], "regions", "/analysis/values/regions");
    table = details.getByRole("region", { name: "Values of /analysis/values/regions" }).getByRole("table");
    await expect
      .poll(() => rowsOf(table))
      .toEqual([
        ["0", "/analysis/values/ramp (region: 10 elements in [10])"],
        ["1", "/analysis/values/grid (region: 6 elements in [2, 3])"],
      ]);
    await tree.getByRole("treeitem", { name: /^values\b/ }).click();
    const attributes = page.getByRole("region", { name: "Details of /analysis/values" }).getByRole("table");
    await expect(attributes.getByRole("row", { name: /^target/ })).toHaveText("target/units");
    await expect(attributes.getByRole("row", { name: /^big/ })).toHaveText("big9007199254740993, -9223372036854775808");
  });

  await test.step("a 1-D dataset is read by pages of 100 rows, with next, previous and go to row", async () => {
    const tree = await openTree(page, VALUES);
    const details = await select(page, tree, ["analysis", "values"], "ramp", "/analysis/values/ramp");
    const table = details.getByRole("region", { name: "Values of /analysis/values/ramp" }).getByRole("table");
    await expect(range(details)).toHaveText("Rows 0–99 of 1,000");
    await expect
      .poll(async () => (await rowsOf(table)).slice(0, 3))
      .toEqual([
        ["0", "0"],
        ["1", "0.5"],
        ["2", "1"],
      ]);
    await expect(details.getByRole("button", { name: "Previous rows" })).toBeDisabled();
    await details.getByRole("button", { name: "Next rows" }).click();
    await expect(range(details)).toHaveText("Rows 100–199 of 1,000");
    await expect(table.locator("tbody tr").first()).toHaveText(/^10050$/);
    await details.getByRole("spinbutton", { name: "Go to row" }).fill("990");
    await details.getByRole("spinbutton", { name: "Go to row" }).press("Enter");
    await expect(range(details)).toHaveText("Rows 990–999 of 1,000");
    await expect.poll(() => rowsOf(table)).toHaveLength(10);
    await expect.poll(async () => (await rowsOf(table)).at(-1)).toEqual(["999", "499.5"]);
    await expect(details.getByRole("button", { name: "Next rows" })).toBeDisabled();
    await details.getByRole("button", { name: "Previous rows" }).click();
    await expect(range(details)).toHaveText("Rows 890–989 of 1,000");
  });

  await test.step("a 2-D dataset is paged by rows and by columns", async () => {
    const tree = await openTree(page, VALUES);
    const details = await select(page, tree, ["analysis", "values"], "grid", "/analysis/values/grid");
    const table = details.getByRole("region", { name: "Values of /analysis/values/grid" }).getByRole("table");
    await expect(range(details)).toHaveText("Rows 0–99 of 250; columns 0–19 of 300");
    await expect(table.locator("thead th")).toHaveText(["Row", ...Array.from({ length: 20 }, (_, i) => `${i}`)]);
    await details.getByRole("button", { name: "Next columns" }).click();
    await expect(range(details)).toHaveText("Rows 0–99 of 250; columns 20–39 of 300");
    await expect.poll(async () => (await rowsOf(table))[1]!.slice(0, 3)).toEqual(["1", "1020", "1021"]);
    await details.getByRole("spinbutton", { name: "Go to column" }).fill("295");
    await details.getByRole("button", { name: "Go to column" }).click();
    await details.getByRole("spinbutton", { name: "Go to row" }).fill("200");
    await details.getByRole("button", { name: "Go to row" }).click();
    await expect(range(details)).toHaveText("Rows 200–249 of 250; columns 295–299 of 300");
    await expect
      .poll(async () => (await rowsOf(table))[0])
      .toEqual(["200", "200295", "200296", "200297", "200298", "200299"]);
  });

  await test.step("a 3-D dataset shows the slice chosen by its leading index", async () => {
    const tree = await openTree(page, VALUES);
    const details = await select(page, tree, ["analysis", "values"], "cube", "/analysis/values/cube");
    const table = details.getByRole("region", { name: "Values of /analysis/values/cube" }).getByRole("table");
    await expect(range(details)).toHaveText("Rows 0–3 of 4; columns 0–4 of 5");
    await details.getByRole("spinbutton", { name: /^Index in dimension 0/ }).fill("2");
    await expect.poll(async () => (await rowsOf(table))[3]).toEqual(["3", "55", "56", "57", "58", "59"]);
  });

  await test.step("a long string in a page of values shows its beginning and, on request, all of it", async () => {
    const tree = await openTree(page, VALUES);
    const details = await select(page, tree, ["analysis", "values"], "texts", "/analysis/values/texts");
    const table = details.getByRole("region", { name: "Values of /analysis/values/texts" }).getByRole("table");
    await expect.poll(async () => (await rowsOf(table))[2]).toEqual(["2", "π ü"]);
    const cell = table.getByRole("row", { name: /^1\b/ }).getByRole("cell");
    await expect(cell).toContainText("(3,009 more characters)");
    await cell.getByRole("button", { name: "Show the rest" }).click();
    const value = cell.getByRole("region", { name: "Value of /analysis/values/texts[1]" });
    await expect(value).toContainText("word LAST WORD");
    expect(await value.evaluate((el) => el.textContent!.length)).toBe(5009);
  });

  await test.step("a long text shows its beginning and, on request, all of it, wrapped", async () => {
    const tree = await openTree(page, VALUES);
    const details = await select(page, tree, ["analysis", "values"], "long_text", "/analysis/values/long_text");
    await expect(details).toContainText("The quick brown fox");
    await expect(details).toContainText(/\(298,\d{3} more characters\)/);
    await details.getByRole("button", { name: "Show the rest" }).click();
    const value = details.getByRole("region", { name: "Value of /analysis/values/long_text" });
    await expect(value).toContainText("lazy dog; 0123456789. THE END");
    expect(await value.evaluate((el) => el.textContent!.length)).toBeGreaterThan(300_000);
    expect(await value.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await expect(details.getByRole("button", { name: /^Show/ })).toHaveCount(0);
  });
});
