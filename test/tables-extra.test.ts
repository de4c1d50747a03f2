// The adversarial tables corpus (test/fixtures/tables-extra): files written as hdmf (pynwb, NeuroConv) and MatNWB
// write them, made by test/tables-hidden/make_files.py, the expected outputs written by hand from the spec
// (nwb-tables.md). Each case runs through the engine in-process both ways the rows are read: `rows` (the page) and
// `batchesAsync` (the CLI and the export: ragged numbers straight from the file's chunks).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { afterAll, describe, expect, it } from "vitest";
import { openTableFiles } from "../src/cli/tables-command";
import { parseCondition } from "../src/core/tables/condition";
import { tableWriter } from "../src/core/tables/export";
import { listTables } from "../src/core/tables/find-tables";
import type { Row } from "../src/core/tables/model";
import { plainCell } from "../src/core/tables/number-list";
import { TableView } from "../src/core/tables/table-view";

const DIR = join(import.meta.dirname, "fixtures", "tables-extra");

interface Case {
  case: string;
  files: string[];
  list?: boolean;
  table?: string;
  columns?: string[];
  where?: string[];
  expected: string;
  /** Substrings the warnings must hold. */
  warnings?: string[];
  /** No warnings at all. */
  quiet?: boolean;
}

interface ErrorCase {
  case: string;
  files: string[];
  table: string;
  where?: string[];
  /** Substrings the error message must hold. */
  message: string[];
}

const read = <T>(name: string) => JSON.parse(readFileSync(join(DIR, name), "utf8")) as T;
const cases = read<Case[]>("cases.json");
const errors = read<ErrorCase[]>("errors.json");
const opened: (() => void)[] = [];
afterAll(() => opened.forEach((close) => close()));

async function open(names: string[]) {
  const { files, close } = await openTableFiles(names.map((f) => join(DIR, "nwb", f)));
  opened.push(close);
  return files;
}

/** JSON as the CLI prints it, stringified: equal values and the same key order in every row and object. */
const text = (value: unknown) => JSON.stringify(value);

describe.each(cases)("tables-extra case $case", (c) => {
  it("matches its expected output exactly, rows read both ways", async () => {
    const files = await open(c.files);
    const want = read<unknown>(join("expected", c.expected));
    const warnings: string[] = [];
    if (c.list) {
      const got = files.map(({ name, file }) => {
        const listed = listTables(file, name);
        warnings.push(...listed.warnings);
        return { _nwb_path: name, tables: listed.tables };
      });
      expect(JSON.parse(text(got))).toEqual(want);
    } else {
      const query = { table: c.table!, columns: c.columns, where: (c.where ?? []).map(parseCondition) };
      const view = TableView.open(files, query);
      warnings.push(...view.warnings);
      expect(text(view.rows(0, view.count))).toBe(text(want));
      const streamed: Row[] = [];
      // The export path hands ragged numbers over as typed arrays (number-list.ts): compared as the cells they stand for.
      for await (const batch of TableView.open(files, query).batchesAsync(2))
        streamed.push(
          ...batch.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plainCell(v)]))),
        );
      expect(text(streamed)).toBe(text(want));
    }
    for (const w of c.warnings ?? []) expect(warnings.join("\n")).toContain(w);
    if (c.quiet) expect(warnings).toEqual([]);
  });
});

describe.each(errors)("tables-extra error $case", (c) => {
  it("fails with a message naming what is wrong", async () => {
    const files = await open(c.files);
    let message = "";
    try {
      const view = TableView.open(files, { table: c.table, where: (c.where ?? []).map(parseCondition) });
      view.rows(0, view.count);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toBe("");
    for (const part of c.message) expect(message).toContain(part);
  });
});

describe("tables-extra CSV", () => {
  it('quotes commas, quotes and line breaks; null is empty, an empty string is ""; arrays and objects as JSON', async () => {
    const files = await open(["hdmf_values.nwb"]);
    const view = TableView.open(files, {
      table: "/processing/misc/values",
      columns: ["vstr", "f32", "flag", "mat", "tsr"],
    });
    const writer = tableWriter("csv", view.columns, view.fileColumns);
    const chunks: Uint8Array[] = [];
    for (const batch of view.batches(3)) chunks.push(...(await writer.write(batch.file, batch.rows)));
    chunks.push(...(await writer.end()).bytes);
    const csv = Buffer.concat(chunks).toString("utf8");
    const p = "hdmf_values.nwb,processing/misc/values";
    expect(csv).toBe(
      [
        "_nwb_path,_table_path,_table_index,id,vstr,f32,flag,mat,tsr",
        `${p},0,0,"café, ""quoted""",0.10000000149011612,true,"[[1,2],[3,4]]","{""idx_start"":0,""count"":5,""timeseries"":""/acquisition/lick""}"`,
        `${p},1,1,"",,false,"[[null,null],[null,0]]","{""idx_start"":-1,""count"":-1,""timeseries"":""/acquisition/run""}"`,
        `${p},2,2,"line1\nline2",,true,"[[5,6],[7,8]]","{""idx_start"":2,""count"":1,""timeseries"":""/acquisition/lick""}"`,
        `${p},3,3,日本語,-1.5,false,"[[0.5,0],[0,0]]","{""idx_start"":4,""count"":0,""timeseries"":""/acquisition/lick""}"`,
        "",
      ].join("\r\n"),
    );
  });
});

describe("tables-extra Parquet", () => {
  it("settles a tie between files by the type that holds both: int32 and float64 make a double, 2.5 kept", async () => {
    const files = await open(["sess_x.nwb", "sess_y.nwb"]);
    const view = TableView.open(files, { table: "units", columns: ["score"] });
    const writer = tableWriter("parquet", view.columns, view.fileColumns);
    const chunks: Uint8Array[] = [];
    for (const batch of view.batches(256)) chunks.push(...(await writer.write(batch.file, batch.rows)));
    const { bytes, warnings } = await writer.end();
    chunks.push(...bytes);
    const all = Buffer.concat(chunks);
    const file = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
    const rows = await parquetReadObjects({ file, columns: ["score"] });
    expect(rows.map((r) => r.score)).toEqual([1, 2, 3, 2.5, null]);
    expect(warnings.join("\n")).not.toContain("could not be cast");
  });
});
