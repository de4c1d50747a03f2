// Tables that are big, or claim to be: the view's memory follows the columns it filters on, not JS values per row,
// and sizes out of reach are one-line errors, never a crash of the process.
import { tmpdir } from "node:os";
import { Module, type File, type Group } from "h5wasm";
import { describe, expect, it } from "vitest";
import { parseTablesArgs } from "../src/cli/tables-args";
import { openTableFiles } from "../src/cli/tables-command";
import { parseCondition } from "../src/core/tables/condition";
import type { TableQuery } from "../src/core/tables/model";
import { MAX_READ_BYTES } from "../src/core/tables/read-slab";
import { MAX_NESTED_LISTS } from "../src/core/tables/table-reader";
import { MAX_ORDERED_ROWS, TableView, type ViewHooks } from "../src/core/tables/table-view";
import { buildFile, openBytes } from "./tables-build";

/** A DynamicTable group with no `id` yet. */
function bareTable(file: File, name: string, colnames: string[]): Group {
  const group = file.create_group(name);
  group.create_attribute("colnames", colnames, [colnames.length], "S");
  group.create_attribute("neurodata_type", "DynamicTable");
  group.create_attribute("namespace", "hdmf-common");
  return group;
}

async function viewOf(bytes: Uint8Array, query: Omit<TableQuery, "where"> & { where?: string[] }, hooks?: ViewHooks) {
  const opened = await openBytes("big.nwb", bytes);
  try {
    return {
      view: TableView.open([opened], { ...query, where: query.where?.map(parseCondition) }, hooks),
      close: opened.close,
    };
  } catch (e) {
    opened.close();
    throw e;
  }
}

describe("big tables", () => {
  it("a filter reads its column in windows of typed numbers, each announced to the watch, with progress", async () => {
    const rows = 2_500_000;
    const bytes = await buildFile((file) => {
      const t = bareTable(file, "t", ["x"]);
      t.create_dataset({ name: "id", data: new Int32Array(rows), chunks: [1 << 18] });
      const x = new Float64Array(rows);
      for (let i = 0; i < rows; i++) x[i] = i % 1000 === 7 ? i : -1;
      x[17] = NaN;
      t.create_dataset({ name: "x", data: x, chunks: [1 << 18] });
    });
    const reads: number[] = [];
    const progress: string[] = [];
    let open = 0;
    const hooks: ViewHooks = {
      watch: {
        reading: (n) => (reads.push(n), open++),
        done: () => open--,
      },
      onProgress: (line) => progress.push(line),
    };
    const { view, close } = await viewOf(bytes, { table: "/t", columns: ["x"], where: ["x > 0"] }, hooks);
    try {
      expect(view.count).toBe(rows / 1000);
      expect(view.rows(0, 2).map((r) => r.x)).toEqual([7, 1007]);
      // Three windows of at most 2^20 rows (8 MiB of doubles), each one synchronous read granted by its size.
      expect(reads).toEqual([8 << 20, 8 << 20, (rows - (2 << 20)) * 8]);
      expect(open).toBe(0);
      expect(progress.at(-1)).toBe(`big.nwb: reading "x" to filter or sort: ${rows} of ${rows} rows`);
    } finally {
      close();
    }
  });

  it("a claimed billion rows: the unfiltered view lists no rows ahead; a filter is a one-line error", async () => {
    const claimed = 1e9;
    const bytes = await buildFile((file) => {
      const t = bareTable(file, "t", ["x"]);
      for (const name of ["id", "x"]) {
        const ds = t.create_dataset({ name, data: new Float64Array(1024), maxshape: [null], chunks: [1024] });
        ds.resize([claimed]);
      }
    });
    const { view, close } = await viewOf(bytes, { table: "/t" });
    try {
      expect(view.count).toBe(claimed);
      expect(view.rows(claimed - 2, claimed).map((r) => r._table_index)).toEqual([claimed - 2, claimed - 1]);
    } finally {
      close();
    }
    await expect(viewOf(bytes, { table: "/t", where: ["x > 0"] })).rejects.toThrow(
      `big.nwb: table /t has ${claimed} rows; filters and sorting take at most ${MAX_ORDERED_ROWS}`,
    );
  });

  it("one read beyond MAX_READ_BYTES is a one-line error naming file, table and column, never a malloc of it", async () => {
    const bytes = await buildFile((file) => {
      const wide = bareTable(file, "wide", ["w"]);
      wide.create_dataset({ name: "id", data: new Int32Array(1) });
      const w = wide.create_dataset({
        name: "w",
        data: new Float64Array(1024),
        shape: [1, 1024],
        maxshape: [null, null],
        chunks: [1, 1024],
      });
      w.resize([1, 536870914]); // one row of 2^32 + 16 bytes: its low 32 bits are 16
      const ragged = bareTable(file, "ragged", ["r"]);
      ragged.create_dataset({ name: "id", data: new Int32Array(1) });
      const r = ragged.create_dataset({ name: "r", data: new Float64Array(1024), maxshape: [null], chunks: [1 << 16] });
      r.resize([1e9]);
      const index = ragged.create_dataset({ name: "r_index", data: BigUint64Array.from([BigInt(1e9)]) });
      index.create_attribute("target", r.create_reference());
    });
    const tooBig = (n: number) =>
      `needs ${n} bytes for one read; more than this tool reads at once (${MAX_READ_BYTES})`;
    const wide = await viewOf(bytes, { table: "/wide" });
    try {
      expect(() => wide.view.rows(0, 1)).toThrow(`big.nwb: table /wide: column "w": ${tooBig(2 ** 32 + 16)}`);
    } finally {
      wide.close();
    }
    const ragged = await viewOf(bytes, { table: "/ragged" });
    try {
      expect(() => ragged.view.rows(0, 1)).toThrow(`big.nwb: table /ragged: column "r": ${tooBig(8e9)}`);
      await expect(ragged.view.rowsAsync(0, 1)).rejects.toThrow(tooBig(8e9));
    } finally {
      ragged.close();
    }
  });

  it("a doubly ragged row owning millions of lists is a one-line error, not millions of Map entries", async () => {
    const lists = MAX_NESTED_LISTS + 1000;
    const bytes = await buildFile((file) => {
      const t = bareTable(file, "t", ["r"]);
      t.create_dataset({ name: "id", data: new Int32Array(1) });
      const r = t.create_dataset({ name: "r", data: new Float64Array(4), maxshape: [null], chunks: [4] });
      const index = t.create_dataset({
        name: "r_index",
        data: new BigUint64Array(1024),
        maxshape: [null],
        chunks: [1024],
      });
      index.resize([lists]); // every entry 0: each list empty
      index.create_attribute("target", r.create_reference());
      const outer = t.create_dataset({ name: "r_index_index", data: BigUint64Array.from([BigInt(lists)]) });
      outer.create_attribute("target", index.create_reference());
    });
    const { view, close } = await viewOf(bytes, { table: "/t" });
    try {
      expect(view.columnInfo("r")?.kind).toBe("ragged2");
      expect(() => view.rows(0, 1)).toThrow(
        `big.nwb: table /t: column "r": needs ${lists} index entries for one read; more than this tool reads at once (${MAX_NESTED_LISTS})`,
      );
    } finally {
      close();
    }
  });

  it("a column whose object header is damaged is an error naming it, not a column without a dataset", async () => {
    let header = 0;
    const bytes = await buildFile((file) => {
      const t = bareTable(file, "t", ["x", "y"]);
      t.create_dataset({ name: "id", data: new Int32Array([0, 1]) });
      t.create_dataset({ name: "x", data: new Float64Array([1, 2]) });
      t.create_dataset({ name: "y", data: new Float64Array([3, 4]) });
      // An object reference holds the object's header address.
      const ref = Uint8Array.from(Module.create_object_reference(file.file_id, "/t/x"));
      header = Number(new DataView(ref.buffer).getBigUint64(0, true));
    });
    expect(String.fromCharCode(...bytes.subarray(header, header + 4))).toBe("OHDR");
    bytes[header + 20]! ^= 0xff; // inside the header: its checksum fails
    await expect(viewOf(bytes, { table: "/t" })).rejects.toThrow(
      'big.nwb: table /t: column "x": its object header cannot be read; the file is probably damaged',
    );
  });
});

describe("tables command line", () => {
  it("a folder given as a file is named so, not a bare EISDIR", async () => {
    const folder = tmpdir();
    await expect(openTableFiles([folder])).rejects.toThrow(`${folder}: is a folder, not a file`);
  });

  it("an option given twice is an error, not the last one silently", () => {
    expect(() => parseTablesArgs(["a.nwb", "--table", "units", "--table", "trials"])).toThrow(
      "--table is given 2 times; give it once",
    );
    expect(() => parseTablesArgs(["a.nwb", "--table", "units", "--format", "csv", "--format", "json"])).toThrow(
      "--format is given 2 times; give it once",
    );
    expect(parseTablesArgs(["a.nwb", "--table", "units", "--columns", "snr,quality", "--where", "snr > 1"])).toEqual({
      files: ["a.nwb"],
      list: false,
      table: "units",
      columns: ["snr", "quality"],
      where: ["snr > 1"],
      format: "json",
      out: undefined,
    });
  });
});
