import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { parseCondition } from "../src/core/tables/condition";
import { tablePath } from "../src/core/tables/shortcuts";
import { FIXTURES } from "../test/golden";
import { openFiles, streamReady } from "./helpers";

/**
 * Every public table case of the fixtures (cases.json) through the page, as a user would: open the files, open the
 * table (combined across files when the case has several), list the columns the case names, in order, type its
 * conditions into the columns' filters, and export JSON lines: the rows must be the expected ones, keys in order.
 */
interface Case {
  /** The corpus folder under test/fixtures. */
  corpus: string;
  case: string;
  files: string[];
  table?: string;
  columns?: string[];
  where?: string[];
  expected: string;
}
/**
 * The corpora: the public cases (`tables`); E2E_TABLES_CORPORA=tables,tables-extra adds the 86 adversarial cases
 * the CLI's tests run (a minute more in the page).
 */
/**
 * Cases a user cannot express in the page: a filter on, or a listed, column that no file has (the grid has no such
 * column to filter or show; the CLI takes the name and gives nulls).
 */
const NOT_IN_THE_PAGE = new Set([
  "sess_where_absent_everywhere_null",
  "sess_where_absent_everywhere",
  "sess_columns_absent",
]);
const CORPORA = (process.env.E2E_TABLES_CORPORA ?? "tables").split(",");
const cases = CORPORA.flatMap((corpus) =>
  (JSON.parse(readFileSync(join(FIXTURES, corpus, "cases.json"), "utf8")) as Omit<Case, "corpus">[])
    .filter((c) => c.table && !NOT_IN_THE_PAGE.has(c.case))
    .map((c) => ({ ...c, corpus })),
);
const expected = (c: Case): unknown[] =>
  JSON.parse(readFileSync(join(FIXTURES, c.corpus, "expected", c.expected), "utf8"));
const nwb = (c: Case, file: string) => join(FIXTURES, c.corpus, "nwb", file);

/** Single-file cases share a page per corpus with every such file open; each set of several files gets its own. */
const groups = new Map<string, Case[]>();
for (const c of cases) {
  const key = `${c.corpus}: ${c.files.length === 1 ? "single-file cases" : c.files.join(", ")}`;
  groups.set(key, [...(groups.get(key) ?? []), c]);
}

async function runCase(page: Page, c: Case): Promise<void> {
  const want = expected(c);
  const path = tablePath(c.table!);
  // The first file that has the table (one may have none).
  const regions = c.files.map((f) =>
    page.getByRole("region", { name: f, exact: true }).getByRole("region", { name: "Tables" }),
  );
  for (const r of regions) await expect(r.locator(".table-list, .table-note, .table-error").first()).toBeVisible();
  await expect(page.getByText("Looking for tables…")).toHaveCount(0);
  let tables = regions[0]!;
  for (const r of regions.reverse()) if (await r.getByRole("button", { name: path, exact: true }).count()) tables = r;
  await tables.getByRole("button", { name: path, exact: true }).click();
  let scope: Locator = tables;
  if (c.files.length > 1) {
    await expect(tables.getByRole("grid", { name: path, exact: true })).toBeVisible();
    await tables.getByRole("button", { name: "Combine across files" }).click();
    scope = tables.getByRole("region", { name: "Combined tables" });
  }
  const grid = scope.getByRole("grid", { name: path, exact: true });
  await expect(grid).toBeVisible();
  for (const condition of c.where ?? []) {
    // The column as --where reads it (it may hold spaces); the rest, quotes and all, goes into its filter.
    const { column } = parseCondition(condition);
    const rest = condition.trim().slice(column.length).trim();
    await grid.getByLabel(`Filter ${column}`, { exact: true }).fill(rest);
  }
  if (c.columns) {
    await scope.getByRole("button", { name: "Columns" }).click();
    const chooser = scope.getByRole("group", { name: `Columns of ${path}` });
    await chooser.getByLabel("Shown columns, in order").fill(c.columns.join(", "));
    await chooser.getByRole("button", { name: "Show these" }).click();
  }
  await expect(scope.getByRole("status")).toHaveText(new RegExp(`^${want.length} of \\d+ rows$`));
  const downloading = page.waitForEvent("download");
  await scope.getByRole("button", { name: "Export JSON lines" }).click();
  const text = readFileSync(await (await downloading).path(), "utf8");
  const rows =
    text === ""
      ? []
      : text
          .trimEnd()
          .split("\n")
          .map((line) => JSON.parse(line));
  expect(rows, c.case).toEqual(want);
  // Keys in the spec's column order (§2, §6: the named columns in the named order).
  expect(
    rows.map((r) => Object.keys(r)),
    c.case,
  ).toEqual(want.map((r) => Object.keys(r as object)));
  await scope.getByRole("button", { name: `Close ${path}`, exact: true }).click();
  if (c.files.length > 1) await tables.getByRole("button", { name: `Close ${path}`, exact: true }).click();
  await expect(tables.getByRole("grid")).toHaveCount(0);
}

for (const [name, group] of groups)
  test(`${name} through the page (${group.length})`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto("./");
    await openFiles(page, [...new Set(group.flatMap((c) => c.files.map((f) => nwb(c, f))))]);
    await streamReady(page);
    for (const c of group) await test.step(c.case, () => runCase(page, c));
  });
