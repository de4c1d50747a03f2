import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { initH5 } from "../core/hdf5/h5";
import { Session } from "../core/session";
import type { Row } from "../core/tables/model";
import { openNodeSource } from "../node/file-source";
import { loadNodePlugin } from "../node/plugins";
import { zlibInflate } from "../node/zlib-gzip";
import { FIXTURES } from "../../test/golden";
import { closeSessionViews, exportView, openView, tableDistinct, tablesOf, viewRows } from "./table-views";

/** The page's table calls (the worker's side), in Node on the tables fixtures with real h5wasm. */
const TABLES = join(FIXTURES, "tables");
const expected = (name: string): Row[] => JSON.parse(readFileSync(join(TABLES, "expected", name), "utf8"));

async function open(...names: string[]): Promise<Session> {
  const module = await initH5(loadNodePlugin);
  const s = new Session(
    module,
    names.map((n) => openNodeSource(join(TABLES, "nwb", n))),
    zlibInflate,
  );
  s.files(names);
  return s;
}

const pick = (row: Row, columns: string[]) => Object.fromEntries(columns.map((c) => [c, row[c]]));
const LEADING = ["_nwb_path", "_table_path", "_table_index", "id"];

describe("the page's table views", () => {
  it("lists a file's tables as --list does", async () => {
    const s = await open("units_full.nwb");
    expect(tablesOf(s, "units_full.nwb").tables).toEqual(expected("list_units_full.json")[0]!.tables);
    s.close();
  });

  it("opens a view and reads windows of it, only the columns asked beside the leading four", async () => {
    const s = await open("units_full.nwb");
    const units = expected("units_full_units.json");
    const view = openView(1, s, ["units_full.nwb"], { table: "/units" });
    expect([view.total, view.count]).toEqual([6, 6]);
    expect(view.columns).toEqual(Object.keys(units[0]!));
    expect(view.infos.spike_times?.kind).toBe("ragged");
    expect(view.links.electrodes?.regionTarget).toBe("/general/extracellular_ephys/electrodes");
    const rows = await viewRows(view.viewId, 2, 5, ["snr", "spike_times"]);
    expect(rows).toEqual(units.slice(2, 5).map((u) => pick(u, [...LEADING, "snr", "spike_times"])));
    const filtered = openView(1, s, ["units_full.nwb"], {
      table: "units",
      where: [{ column: "snr", op: ">", value: "2.5" }],
      sort: { column: "snr", descending: true },
    });
    expect(filtered.count).toBe(3);
    expect((await viewRows(filtered.viewId, 0, 3, [])).map((r) => r._table_index)).toEqual([4, 0, 1]);
    // The value list reads the whole table, whatever the view filters.
    expect(tableDistinct(s, ["units_full.nwb"], "/units", "quality", 50)?.sort()).toEqual(["good", "mua", "noise"]);
    expect(tableDistinct(s, ["units_full.nwb"], "/units", "snr", 3)).toBeNull();
    closeSessionViews(1);
    await expect(async () => viewRows(view.viewId, 0, 1, [])).rejects.toThrow(/closed/);
    s.close();
  });

  it("exports a combined, filtered, projected view exactly, as JSON lines and CSV", async () => {
    const s = await open("session_a.nwb", "session_b.nwb");
    const want = expected("sessions_units_where.json");
    const request = (format: "jsonl" | "csv") => ({
      files: ["session_a.nwb", "session_b.nwb"],
      query: {
        table: "units",
        columns: ["snr", "quality"],
        where: [{ column: "snr", op: ">=" as const, value: "3.5" }],
      },
      format,
      target: { kind: "memory" as const },
    });
    const progress: number[] = [];
    const jsonl = await exportView(s, request("jsonl"), new AbortController().signal, (n) => progress.push(n));
    expect(jsonl.rows).toBe(want.length);
    const text = await jsonl.blob!.text();
    expect(jsonl.bytes).toBe(new TextEncoder().encode(text).length);
    expect(
      text
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual(want);
    expect(progress.at(-1)).toBe(want.length);
    const csv = await (await exportView(s, request("csv"), new AbortController().signal, () => {})).blob!.text();
    const columns = Object.keys(want[0]!);
    expect(csv.trimEnd().split(/\r\n/)).toEqual([
      columns.join(","),
      ...want.map((r) => columns.map((c) => String(r[c])).join(",")),
    ]);
    s.close();
  });

  it("stops an export when asked", async () => {
    const s = await open("units_full.nwb");
    const controller = new AbortController();
    controller.abort(new Error("cancelled"));
    const request = { files: ["units_full.nwb"], query: { table: "units" }, format: "jsonl" as const };
    await expect(
      exportView(s, { ...request, target: { kind: "memory" } }, controller.signal, () => {}),
    ).rejects.toThrow("cancelled");
    s.close();
  });
});
