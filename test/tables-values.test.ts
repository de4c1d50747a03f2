import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "h5wasm";
import { listTables } from "../src/core/tables/find-tables";
import type { TableInfo } from "../src/core/tables/model";
import { openTable } from "../src/core/tables/table-reader";
import { TableView } from "../src/core/tables/table-view";
import { buildFile, index, openBytes, table } from "./tables-build";

/** Every value kind of spec nwb-tables §3, on files written here (the shared fixtures lack some of them). */

let opened: Awaited<ReturnType<typeof openBytes>>;
afterAll(() => opened?.close());

beforeAll(async () => {
  const bytes = await buildFile((f) => {
    const t = table(f, "kinds", 3, [
      "big",
      "neg",
      "floats",
      "single",
      "fixed",
      "utf8",
      "x_index",
      "pair",
      "where",
      "grid",
    ]);
    t.create_dataset({ name: "big", data: new BigUint64Array([1n, 2n ** 53n, 2n ** 64n - 1n]) });
    t.create_dataset({ name: "neg", data: new BigInt64Array([-(2n ** 63n), -(2n ** 53n) + 1n, 5n]) });
    t.create_dataset({ name: "floats", data: new Float64Array([NaN, Infinity, -Infinity]) });
    t.create_dataset({ name: "single", data: new Float32Array([0.1, -2.5, NaN]) });
    t.create_dataset({ name: "fixed", data: ["ab", "", "a b "], dtype: "A6" }); // padded with NULs to 6 bytes
    t.create_dataset({ name: "utf8", data: ["ü", "日本語", "😀 x"] });
    // A plain column that only looks like an index: no `target`, so an ordinary column (spec §3).
    t.create_dataset({ name: "x_index", data: new Int32Array([3, 4, 5]) });
    t.create_dataset({
      name: "pair",
      data: new Map<string, unknown>([
        ["n", [1, 2, 3]],
        ["v", [2.5, NaN, 3.5]],
      ]),
      dtype: [
        ["n", "<i4"],
        ["v", "<f8"],
      ],
    } as never);
    const where = f.create_group("somewhere");
    t.create_dataset({
      name: "where",
      data: [where.create_reference(), t.create_reference(), where.create_reference()] as never,
    });
    t.create_dataset({ name: "grid", data: Float64Array.from({ length: 12 }, (_, i) => i), shape: [3, 2, 2] });

    // Ragged and doubly ragged data paired by `target` (names deliberately unlike <name>_index), and a ragged region.
    const r = table(f, "ragged", 3, ["times", "nested", "rows"]);
    r.create_dataset({ name: "times", data: new Float64Array([1, 2, 3, 4, 5]) });
    index(r, "times_ends", "times", [2, 2, 5]);
    r.create_dataset({ name: "nested", data: new Int16Array([10, 11, 12, 13, 14, 15]) });
    index(r, "level1", "nested", [1, 3, 3, 6]);
    index(r, "level2", "level1", [2, 2, 4]);
    r.create_dataset({ name: "rows", data: BigInt64Array.from([2n, 0n, 1n, 2n]) });
    (r.get("rows") as Dataset).create_attribute("table", t.create_reference());
    index(r, "rows_index", "rows", [1, 1, 4]);
    f.create_soft_link("/ragged", "alias");
  });
  opened = await openBytes("kinds.nwb", bytes);
});

const all = [0, 1, 2];

describe("values (spec §3)", () => {
  it("integers beyond ±(2^53 − 1) are their decimal digits, others numbers (uint64 and int64 read exactly)", () => {
    const t = openTable(opened.file, "kinds.nwb", "/kinds");
    expect(t.read("big", all)).toEqual([1, "9007199254740992", "18446744073709551615"]);
    expect(t.read("neg", all)).toEqual(["-9223372036854775808", -9007199254740991, 5]);
  });

  it("NaN and ±Inf are null; a float32 is the exact double it widens to", () => {
    const t = openTable(opened.file, "kinds.nwb", "/kinds");
    expect(t.read("floats", all)).toEqual([null, null, null]);
    expect(t.read("single", all)).toEqual([0.10000000149011612, -2.5, null]);
  });

  it("fixed-length strings lose their trailing NULs (spaces stay); UTF-8 comes back as written", () => {
    const t = openTable(opened.file, "kinds.nwb", "/kinds");
    expect(t.read("fixed", all)).toEqual(["ab", "", "a b "]);
    expect(t.read("utf8", all)).toEqual(["ü", "日本語", "😀 x"]);
  });

  it("a column named x_index without a target is an ordinary column", () => {
    const t = openTable(opened.file, "kinds.nwb", "/kinds");
    expect(t.info.columns.find((c) => c.name === "x_index")).toEqual({
      name: "x_index",
      kind: "scalar",
      dtype: "int32",
      shape: [],
    });
    expect(t.read("x_index", [1, 2])).toEqual([4, 5]);
  });

  it("compounds are objects of their fields by the same rules; references are absolute paths; N-D values nest", () => {
    const t = openTable(opened.file, "kinds.nwb", "/kinds");
    expect(t.read("pair", all)).toEqual([
      { n: 1, v: 2.5 },
      { n: 2, v: null },
      { n: 3, v: 3.5 },
    ]);
    expect(t.read("where", all)).toEqual(["/somewhere", "/kinds", "/somewhere"]);
    expect(t.read("grid", [2])).toEqual([
      [
        [8, 9],
        [10, 11],
      ],
    ]);
    const kinds = Object.fromEntries(t.info.columns.map((c) => [c.name, [c.kind, c.dtype, c.shape]]));
    expect(kinds).toMatchObject({
      pair: ["compound", "compound", []],
      where: ["reference", "reference", []],
      grid: ["array", "float64", [2, 2]],
    });
  });

  it("ragged, doubly ragged and ragged region columns are paired by their attributes, not their names", () => {
    const t = openTable(opened.file, "kinds.nwb", "/ragged");
    expect(t.read("times", all)).toEqual([[1, 2], [], [3, 4, 5]]);
    expect(t.read("nested", all)).toEqual([[[10], [11, 12]], [], [[], [13, 14, 15]]]);
    expect(t.read("rows", all)).toEqual([[2], [], [0, 1, 2]]);
    expect(t.read("nested", [2])).toEqual([[[], [13, 14, 15]]]);
    expect(t.links["rows"]).toEqual({ regionTarget: "/kinds" });
    // Through a soft link the pairs still hold (matched by object, not path); the link itself is not listed.
    expect(openTable(opened.file, "kinds.nwb", "/alias").read("times", all)).toEqual([[1, 2], [], [3, 4, 5]]);
    expect(listTables(opened.file, "kinds.nwb").tables.map((x) => x.path)).toEqual(["/kinds", "/ragged"]);
    const kinds = t.info.columns.map((c) => [c.name, c.kind, c.dtype]);
    expect(kinds).toEqual([
      ["id", "scalar", "int64"],
      ["times", "ragged", "float64"],
      ["nested", "ragged2", "int16"],
      ["rows", "region", "int64"],
    ]);
  });
});

describe("table shapes (spec §1, §2, §7)", () => {
  it("empty colnames: only the leading columns, though datasets sit beside id; nested tables listed at their own paths", async () => {
    const bytes = await buildFile((f) => {
      const outer = table(f, "outer", 2, []);
      outer.create_dataset({ name: "stray", data: new Float64Array([1, 2]) });
      table(outer, "inner", 1, ["a"]).create_dataset({ name: "a", data: new Float64Array([7]) });
      table(f, "Zeta", 0, []); // byte order: upper case first
    });
    const { file, close } = await openBytes("shapes.nwb", bytes);
    try {
      const { tables, warnings } = listTables(file, "shapes.nwb");
      expect(warnings).toEqual([]);
      expect(tables.map((t: TableInfo) => [t.path, t.columns.map((c) => c.name)])).toEqual([
        ["/Zeta", ["id"]],
        ["/outer", ["id"]],
        ["/outer/inner", ["id", "a"]],
      ]);
      const view = TableView.open([{ name: "shapes.nwb", file }], { table: "outer" });
      expect(view.rows(0, 2)).toEqual([
        { _nwb_path: "shapes.nwb", _table_path: "outer", _table_index: 0, id: 0 },
        { _nwb_path: "shapes.nwb", _table_path: "outer", _table_index: 1, id: 1 },
      ]);
    } finally {
      close();
    }
  });

  it("a colnames entry without a dataset is left out with a warning; a column of the wrong length is an error naming file, table, column", async () => {
    const bytes = await buildFile((f) => {
      const t = table(f, "t", 3, ["ghost", "ok", "short"]);
      t.create_dataset({ name: "ok", data: new Float64Array([1, 2, 3]) });
      t.create_dataset({ name: "short", data: new Float64Array([1, 2]) });
      table(f, "fine", 1, ["ghost"]);
    });
    const { file, close } = await openBytes("bad.nwb", bytes);
    try {
      const listed = listTables(file, "bad.nwb");
      expect(listed.warnings).toContain(
        'bad.nwb: table /fine: column "ghost" is in colnames but has no dataset; left out',
      );
      expect(listed.warnings.some((w) => w.includes('column "short" has 2 rows'))).toBe(true);
      expect(() => openTable(file, "bad.nwb", "/t")).toThrow(
        'bad.nwb: table /t: column "short" has 2 rows but the table has 3 (len(id))',
      );
      expect(() => TableView.open([{ name: "bad.nwb", file }], { table: "/t" })).toThrow(/bad\.nwb.*\/t.*"short"/);
      const fine = TableView.open([{ name: "bad.nwb", file }], { table: "/fine" });
      expect(fine.warnings).toEqual([
        'bad.nwb: table /fine: column "ghost" is in colnames but has no dataset; left out',
      ]);
      expect(fine.columns).toEqual(["_nwb_path", "_table_path", "_table_index", "id"]);
    } finally {
      close();
    }
  });
});

describe("batches", () => {
  it("weigh their rows: wide N-D values make smaller batches than asked (memory stays bounded)", async () => {
    const bytes = await buildFile((f) => {
      const t = table(f, "masks", 20, ["mask"]);
      t.create_dataset({ name: "mask", data: new Uint8Array(20 * 500 * 500), shape: [20, 500, 500] });
    });
    const { file, close } = await openBytes("masks.nwb", bytes);
    try {
      const view = TableView.open([{ name: "masks.nwb", file }], { table: "masks" });
      const sizes = [...view.batches(256)].map((b) => b.rows.length);
      expect(sizes).toEqual([3, 3, 3, 3, 3, 3, 2]); // 1 M cells a batch, 250,004 a row (the mask, the leading four)
    } finally {
      close();
    }
  });
});

describe("damaged indexes", () => {
  it("an index that goes backwards or past its data is an error naming file, table and column", async () => {
    const bytes = await buildFile((f) => {
      const t = table(f, "t", 3, ["back", "past"]);
      t.create_dataset({ name: "back", data: new Float64Array([1, 2, 3]) });
      index(t, "back_index", "back", [2, 1, 3]);
      t.create_dataset({ name: "past", data: new Float64Array([1, 2, 3]) });
      index(t, "past_index", "past", [1, 2, 9]);
    });
    const { file, close } = await openBytes("damaged.nwb", bytes);
    try {
      const t = openTable(file, "damaged.nwb", "/t");
      expect(t.read("back", [0])).toEqual([[1, 2]]);
      expect(() => t.read("back", [1])).toThrow(
        'damaged.nwb: table /t: column "back": index /t/back_index entry 1 selects [2, 1)',
      );
      expect(() => t.read("past", [0, 1, 2])).toThrow(
        /damaged\.nwb: table \/t: column "past": .*entry 2 selects \[2, 9\) of 3/,
      );
    } finally {
      close();
    }
  });
});

describe("filter columns", () => {
  it("are read whole once, then kept: the page's refilter on each keystroke reads them no more", async () => {
    const rows = 500_000;
    const bytes = await buildFile((f) => {
      const t = table(f, "units", rows, ["score"]);
      t.create_dataset({ name: "score", data: Float64Array.from({ length: rows }, (_, i) => (i % 100) / 100) });
    });
    let read = 0;
    const { file, close } = await openBytes("many.nwb", bytes, (_, length) => (read += length));
    try {
      const filter = (value: string) =>
        TableView.open([{ name: "many.nwb", file }], { table: "units", where: [{ column: "score", op: ">=", value }] });
      expect(filter("0.5").count).toBe(rows / 2);
      expect(read).toBeGreaterThan(rows * 8); // the column, once
      read = 0;
      expect(filter("0.9").count).toBe(rows / 10);
      expect(read).toBeLessThan(64 << 10);
    } finally {
      close();
    }
  });
});
