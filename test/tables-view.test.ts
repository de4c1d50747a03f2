import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTableFiles } from "../src/cli/tables-command";
import { parseCondition } from "../src/core/tables/condition";
import type { TableQuery } from "../src/core/tables/model";
import { TableView } from "../src/core/tables/table-view";

/** The view over files (spec §4, §6): order, filtering, projection, sorting, batches. */
const NWB = join(import.meta.dirname, "fixtures", "tables", "nwb");
let files: Awaited<ReturnType<typeof openTableFiles>>;
beforeAll(async () => {
  files = await openTableFiles(["session_a.nwb", "session_b.nwb", "units_full.nwb"].map((f) => join(NWB, f)));
});
afterAll(() => files?.close());

const view = (names: string[], query: Omit<TableQuery, "where"> & { where?: string[] }) =>
  TableView.open(
    names.map((n) => files.files.find((f) => f.name === n)!),
    { ...query, where: query.where?.map(parseCondition) },
  );

describe("TableView", () => {
  it("filters keep the order and the original _table_index; each condition must hold", () => {
    const v = view(["units_full.nwb"], {
      table: "units",
      columns: ["snr", "quality"],
      where: ["snr > 1", "quality != mua"],
    });
    expect(v.total).toBe(6);
    expect(v.rows(0, v.count).map((r) => [r._table_index, r.snr, r.quality])).toEqual([
      [0, 5.25, "good"],
      [1, 3.1, "good"],
      [4, 7.5, "good"],
    ]);
  });

  it("rows(start, end, columns) reads only the columns asked, in the order asked, the leading four first", () => {
    const v = view(["units_full.nwb"], { table: "units" });
    const [row] = v.rows(2, 3, ["n_spikes", "_nwb_path", "quality"]);
    expect(Object.keys(row!)).toEqual(["_nwb_path", "_table_path", "_table_index", "id", "n_spikes", "quality"]);
    expect(row).toMatchObject({ _table_index: 2, n_spikes: 96, quality: "mua" });
  });

  it("sorts stably by a scalar column, nulls last either way", () => {
    const up = view(["units_full.nwb"], {
      table: "units",
      columns: ["snr"],
      sort: { column: "snr", descending: false },
    });
    expect(up.rows(0, up.count).map((r) => r.snr)).toEqual([0.75, 2, 3.1, 5.25, 7.5, null]);
    const down = view(["units_full.nwb"], {
      table: "units",
      columns: ["quality"],
      sort: { column: "quality", descending: true },
    });
    expect(down.rows(0, down.count).map((r) => [r.quality, r._table_index])).toEqual([
      ["noise", 3],
      ["mua", 2],
      ["mua", 5],
      ["good", 0],
      ["good", 1],
      ["good", 4],
    ]);
  });

  it("unions columns over files in order of appearance; a file lacking one has null there; types per file", () => {
    const v = view(["session_b.nwb", "session_a.nwb"], { table: "units" });
    expect(v.columns).toEqual([
      "_nwb_path",
      "_table_path",
      "_table_index",
      "id",
      ...["quality", "snr", "firing_rate", "brain_area", "spike_times", "depth_um"],
    ]);
    const rows = v.rows(0, v.count);
    expect(rows.map((r) => r._nwb_path)).toEqual([
      ...Array(3).fill("session_b.nwb"),
      ...Array(4).fill("session_a.nwb"),
    ]);
    expect(rows[3]!.firing_rate).toBeNull();
    expect(rows[0]!.depth_um).toBeNull();
    expect(v.columnInfo("depth_um")).toEqual({ name: "depth_um", kind: "scalar", dtype: "int64", shape: [] });
    expect(v.columnInfo("_nwb_path")).toMatchObject({ kind: "scalar", dtype: "string" });
    expect(v.fileColumns.map((f) => [f.file, f.columns.some((c) => c.name === "depth_um")])).toEqual([
      ["session_b.nwb", false],
      ["session_a.nwb", true],
    ]);
  });

  it("a file without the table is skipped with a warning; none having it is an error naming the files", () => {
    const v = view(["session_b.nwb", "session_a.nwb"], { table: "trials" });
    expect(v.warnings).toEqual(["session_b.nwb: has no table /intervals/trials; skipped"]);
    expect(v.count).toBe(5);
    expect(() => view(["session_b.nwb"], { table: "trials" })).toThrow("session_b.nwb: no table /intervals/trials");
  });

  it("batches cover the view in order, never spanning two files", () => {
    const v = view(["session_a.nwb", "session_b.nwb"], { table: "units", columns: ["snr"] });
    const batches = [...v.batches(3)];
    expect(batches.map((b) => [b.file, b.rows.length])).toEqual([
      ["session_a.nwb", 3],
      ["session_a.nwb", 1],
      ["session_b.nwb", 3],
    ]);
    expect(batches.flatMap((b) => b.rows)).toEqual(v.rows(0, v.count));
  });

  it("distinct values of a column over the filtered rows, or null past the limit; region links point to their table", () => {
    const v = view(["units_full.nwb"], { table: "units", where: ["snr != null"] });
    expect(v.distinct("quality", 10)).toEqual(["good", "mua", "noise"]);
    expect(v.distinct("quality", 2)).toBeNull();
    expect(v.links("electrodes")).toEqual({ regionTarget: "/general/extracellular_ephys/electrodes" });
  });

  it("refuses to filter or sort on a column that is not scalar", () => {
    expect(() => view(["units_full.nwb"], { table: "units", where: ["spike_times > 1"] })).toThrow(
      /spike_times.*ragged/,
    );
  });

  it("a condition on a numeric column with a value that is not a number is a one-line error, not a text compare", () => {
    const where = (w: string) => () => view(["units_full.nwb"], { table: "units", where: [w] });
    expect(where("snr < abc")).toThrow('column "snr" holds numbers; "abc" in "snr < abc" is not a number');
    expect(where("snr in 1, x")).toThrow('column "snr" holds numbers; "x" in "snr in 1, x" is not a number');
    // null, contains and text columns stay as they were.
    expect(where("snr != null")().count + where("snr == null")().count).toBe(6);
    expect(where("snr contains 5")().count).toBeGreaterThan(0);
    expect(where("quality < abc")().count).toBe(0);
  });
});
