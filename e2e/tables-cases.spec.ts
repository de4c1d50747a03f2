import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { tablePath } from "../src/core/tables/shortcuts";
import { FIXTURES } from "../test/golden";
import { openFiles, streamReady } from "./helpers";

/**
 * Every public table case of the fixtures (cases.json) through the page, as a user would: open the files, open the
 * table (combined across files when the case has several), list the columns the case names, in order, type its
 * conditions into the columns' filters, and export JSON lines: the rows must be the expected ones, keys in order.
 */
const TABLES = join(FIXTURES, "tables");
interface Case {
  case: string;
  files: string[];
  table?: string;
  columns?: string[];
  where?: string[];
  expected: string;
}
const cases = (JSON.parse(readFileSync(join(TABLES, "cases.json"), "utf8")) as Case[]).filter((c) => c.table);
const expected = (c: Case): unknown[] => JSON.parse(readFileSync(join(TABLES, "expected", c.expected), "utf8"));

/** Single-file cases share one page with every such file open; each set of several files gets a page of its own. */
const single = cases.filter((c) => c.files.length === 1);
const several = new Map<string, Case[]>();
for (const c of cases.filter((c) => c.files.length > 1)) {
  const key = c.files.join(",");
  several.set(key, [...(several.get(key) ?? []), c]);
}

async function runCase(page: Page, c: Case): Promise<void> {
  const want = expected(c);
  const path = tablePath(c.table!);
  const tables = page.getByRole("region", { name: c.files[0]!, exact: true }).getByRole("region", { name: "Tables" });
  await tables.getByRole("button", { name: path, exact: true }).click();
  let scope: Locator = tables;
  if (c.files.length > 1) {
    await expect(tables.getByRole("grid", { name: path, exact: true })).toBeVisible();
    await tables.getByRole("button", { name: "Combine across files" }).click();
    scope = tables.getByRole("region", { name: "Combined tables" });
  }
  const grid = scope.getByRole("grid", { name: path, exact: true });
  await expect(grid).toBeVisible();
  if (c.columns) {
    await scope.getByRole("button", { name: "Columns" }).click();
    const chooser = scope.getByRole("group", { name: `Columns of ${path}` });
    await chooser.getByLabel("Shown columns, in order").fill(c.columns.join(", "));
    await chooser.getByRole("button", { name: "Show these" }).click();
  }
  for (const condition of c.where ?? []) {
    const [, column, rest] = /^(\S+)\s+(.*)$/.exec(condition)!;
    await grid.getByLabel(`Filter ${column}`, { exact: true }).fill(rest!);
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

test(`${single.length} single-file cases through the page: open, columns, filters, export JSON lines`, async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto("./");
  await openFiles(
    page,
    [...new Set(single.flatMap((c) => c.files))].map((f) => join(TABLES, "nwb", f)),
  );
  await streamReady(page);
  for (const c of single) await test.step(c.case, () => runCase(page, c));
});

for (const [files, group] of several)
  test(`${files}: ${group.map((c) => c.case).join(", ")} combined across files`, async ({ page }) => {
    await page.goto("./");
    await openFiles(
      page,
      group[0]!.files.map((f) => join(TABLES, "nwb", f)),
    );
    await streamReady(page);
    for (const c of group) await test.step(c.case, () => runCase(page, c));
  });
