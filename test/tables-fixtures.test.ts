import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openTableFiles, tablesCommand } from "../src/cli/tables-command";
import { parseCondition } from "../src/core/tables/condition";
import { listTables } from "../src/core/tables/find-tables";
import { TableView } from "../src/core/tables/table-view";

/** The shared tables corpus (spec nwb-tables), run through the engine in-process and compared as tables-check.mjs does. */
const DIR = join(import.meta.dirname, "fixtures", "tables");

interface Case {
  case: string;
  files: string[];
  list?: boolean;
  table?: string;
  columns?: string[];
  where?: string[];
  expected: string;
}

const cases = JSON.parse(readFileSync(join(DIR, "cases.json"), "utf8")) as Case[];
const opened: (() => void)[] = [];
afterAll(() => opened.forEach((close) => close()));

/** JSON as the CLI prints it, read back: what the checker compares. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe.each(cases)("tables case $case", (c) => {
  it("matches its expected output exactly (row key order too)", async () => {
    const { files, close } = await openTableFiles(c.files.map((f) => join(DIR, "nwb", f)));
    opened.push(close);
    const want = JSON.parse(readFileSync(join(DIR, "expected", c.expected), "utf8")) as unknown;
    if (c.list) {
      const got = files.map(({ name, file }) => ({ _nwb_path: name, tables: listTables(file, name).tables }));
      expect(asJson(got)).toEqual(want);
      return;
    }
    const view = TableView.open(files, {
      table: c.table!,
      columns: c.columns,
      where: (c.where ?? []).map(parseCondition),
    });
    const got = asJson(view.rows(0, view.count));
    // Stringified both ways: equal values and the same key order in every row and object.
    expect(JSON.stringify(got)).toBe(JSON.stringify(want));
  });
});

describe.each(cases)("tables case $case through the CLI's command", (c) => {
  it("prints its expected output (tablesCommand in-process: files opened, batches, the JSON writer)", async () => {
    const chunks: Uint8Array[] = [];
    const warnings: string[] = [];
    await tablesCommand(
      {
        files: c.files.map((f) => join(DIR, "nwb", f)),
        list: !!c.list,
        table: c.table,
        columns: c.columns,
        where: c.where ?? [],
        format: "json",
      },
      { write: async (bytes) => void chunks.push(bytes), warn: (line) => warnings.push(line) },
    );
    const printed = Buffer.concat(chunks).toString("utf8");
    const want = JSON.parse(readFileSync(join(DIR, "expected", c.expected), "utf8")) as unknown;
    expect(JSON.stringify(JSON.parse(printed))).toBe(JSON.stringify(want));
    expect(warnings.every((w) => !w.includes("\n"))).toBe(true);
  });
});
