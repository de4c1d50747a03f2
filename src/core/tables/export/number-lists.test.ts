import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
import { LEADING_COLUMNS, type ColumnInfo } from "../model";
import { plainCell, type ExportRow } from "../number-list";
import { EXPORT_FORMATS, tableWriter, type ExportFormat } from "./index";
import { parquetWriter } from "./parquet";
import { concatBytes } from "./sample-rows";

/**
 * The export path hands the writers ragged numbers as typed arrays (TableView.batchesAsync). Every
 * format must write exactly what it writes for the same rows as plain cell values (spec §3, §5): NaN and ±Inf as
 * null, empty lists, null rows, integer lists, float32, a doubly ragged cell of typed lists.
 */
const info = (name: string, kind: ColumnInfo["kind"], dtype: ColumnInfo["dtype"]): ColumnInfo => ({
  name,
  kind,
  dtype,
  shape: [],
});
const FILE_COLUMNS = [
  {
    file: "a.nwb",
    columns: [
      info("id", "scalar", "int64"),
      info("spikes", "ragged", "float64"),
      info("counts", "ragged", "int16"),
      info("wide", "ragged", "uint32"),
      info("single", "ragged", "float32"),
      info("nested", "ragged2", "float64"),
    ],
  },
];
const COLUMNS = [...LEADING_COLUMNS, "spikes", "counts", "wide", "single", "nested"];

function typedRows(): ExportRow[] {
  const chunk = new Float64Array([0.1, 1 / 3, 2.5e-7, NaN, 1e21, -0, Infinity, 3600.123456789]);
  const row = (i: number, cells: ExportRow) => ({
    _nwb_path: "a.nwb",
    _table_path: "units",
    _table_index: i,
    id: i,
    ...cells,
  });
  return [
    row(0, {
      spikes: chunk.subarray(0, 3),
      counts: new Int16Array([1, -2, 300]),
      wide: new Uint32Array([4294967295, 0]),
      single: new Float32Array([0.1, 2.5]),
      nested: [chunk.subarray(0, 2), chunk.subarray(2, 2), chunk.subarray(7)],
    }),
    row(1, { spikes: chunk.subarray(2, 7), counts: new Int16Array(0), wide: null, single: null, nested: [] }),
    row(2, { spikes: chunk.subarray(3, 3), counts: null, wide: new Uint32Array([7]), single: new Float32Array([NaN]) }),
    row(3, { spikes: null, counts: new Int16Array([5]), nested: null }),
    row(4, { spikes: chunk.subarray(7) }),
  ];
}

const plainRows = (rows: ExportRow[]) =>
  rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plainCell(v)])));

async function written(format: ExportFormat, rows: ExportRow[], write = tableWriter(format, COLUMNS, FILE_COLUMNS)) {
  const chunks = [...(await write.write("a.nwb", rows.slice(0, 2))), ...(await write.write("a.nwb", rows.slice(2)))];
  const end = await write.end();
  return { bytes: concatBytes([...chunks, ...end.bytes]), warnings: end.warnings };
}

describe("typed number lists in the export writers", () => {
  for (const format of EXPORT_FORMATS)
    it(`${format}: the same bytes as for plain cell values`, async () => {
      const typed = await written(format, typedRows());
      const plain = await written(format, plainRows(typedRows()));
      expect(typed.warnings).toEqual(plain.warnings);
      expect(Buffer.from(typed.bytes).equals(Buffer.from(plain.bytes))).toBe(true);
      if (format === "jsonl") {
        const first = JSON.parse(new TextDecoder().decode(typed.bytes).split("\n")[1]!);
        expect(first.spikes).toEqual([2.5e-7, null, 1e21, 0, null]); // JSON writes -0 as 0
      }
    });

  it("parquet: a row group per batch, typed lists beside plain ones (the list layout written without Dremel)", async () => {
    const rows = typedRows();
    const limits = { rows: 2, bytes: 1 << 20 };
    const typed = await written("parquet", rows, parquetWriter(COLUMNS, FILE_COLUMNS, limits));
    const plain = await written("parquet", plainRows(rows), parquetWriter(COLUMNS, FILE_COLUMNS, limits));
    expect(Buffer.from(typed.bytes).equals(Buffer.from(plain.bytes))).toBe(true);
    const file = typed.bytes.slice().buffer;
    const metadata = parquetMetadata(file);
    expect(metadata.row_groups.map((g) => g.num_rows)).toEqual([2n, 2n, 1n]);
    // Floats go uncompressed (snappy gains little on them and costs most of the writing); the rest snappy.
    const codecs = Object.fromEntries(
      metadata.row_groups[0]!.columns.map((c) => [c.meta_data!.path_in_schema[0], c.meta_data!.codec]),
    );
    expect(codecs).toMatchObject({
      _nwb_path: "SNAPPY",
      spikes: "UNCOMPRESSED",
      single: "UNCOMPRESSED",
      counts: "SNAPPY",
    });
    const back = (await parquetReadObjects({ file })).map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === undefined ? null : v])),
    );
    // What a Parquet reader sees: the numbers, NaN and ±Inf null, uint32 as int64, empty lists empty.
    const f32 = Math.fround;
    expect(back.map(({ spikes, counts, wide, single, nested }) => ({ spikes, counts, wide, single, nested }))).toEqual([
      {
        spikes: [0.1, 1 / 3, 2.5e-7],
        counts: [1, -2, 300],
        wide: [4294967295n, 0n],
        single: [f32(0.1), 2.5],
        nested: [[0.1, 1 / 3], [], [3600.123456789]],
      },
      { spikes: [2.5e-7, null, 1e21, -0, null], counts: [], wide: null, single: null, nested: [] },
      { spikes: [], counts: null, wide: [7n], single: [null], nested: null },
      { spikes: null, counts: [5], wide: null, single: null, nested: null },
      { spikes: [3600.123456789], counts: null, wide: null, single: null, nested: null },
    ]);
  });
});
