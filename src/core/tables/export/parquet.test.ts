import { parquetMetadata, parquetReadObjects, parquetSchema, type FileMetaData } from "hyparquet";
import { describe, expect, it } from "vitest";
import type { ColumnInfo, Row } from "../model";
import { tableWriter } from "./index";
import { parquetWriter, type RowGroupLimits } from "./parquet";
import { concatBytes, SAMPLE_COLUMNS, SAMPLE_FILE_COLUMNS, SAMPLE_ROWS_A, SAMPLE_ROWS_B } from "./sample-rows";

type FileColumns = { file: string; columns: ColumnInfo[] }[];

interface Written {
  file: ArrayBuffer;
  metadata: FileMetaData;
  rows: Record<string, unknown>[];
  warnings: string[];
  /** Bytes handed back by each write, before end. */
  perWrite: number[];
}

async function writeParquet(
  batches: { file: string; part?: number; rows: Row[] }[],
  columns = SAMPLE_COLUMNS,
  fileColumns: FileColumns = SAMPLE_FILE_COLUMNS,
  limits?: RowGroupLimits,
): Promise<Written> {
  const writer = limits ? parquetWriter(columns, fileColumns, limits) : tableWriter("parquet", columns, fileColumns);
  const chunks: Uint8Array[] = [];
  const perWrite: number[] = [];
  for (const { file, part, rows } of batches) {
    const bytes = await writer.write(file, rows, part);
    perWrite.push(bytes.reduce((sum, chunk) => sum + chunk.length, 0));
    chunks.push(...bytes);
  }
  const end = await writer.end();
  chunks.push(...end.bytes);
  const bytes = concatBytes(chunks);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(file);
  // hyparquet reads a null list as undefined: made null here, as every other null.
  const rows = (await parquetReadObjects({ file })).map((row) =>
    Object.fromEntries(Object.entries(row).map(([name, value]) => [name, value === undefined ? null : value])),
  );
  return { file, metadata, rows, warnings: end.warnings, perWrite };
}

/** Each top-level column's shape in the schema: its leaf's physical and converted type and how many lists wrap it. */
function columnTypes(metadata: FileMetaData): Record<string, string> {
  const types: Record<string, string> = {};
  for (const column of parquetSchema(metadata).children) {
    let node = column;
    let lists = 0;
    while (node.children.length) {
      expect(node.element.converted_type).toBe("LIST");
      expect(node.children[0].element.repetition_type).toBe("REPEATED");
      node = node.children[0].children[0];
      lists++;
    }
    const { type, converted_type } = node.element;
    types[column.element.name] =
      "list<".repeat(lists) + [type, converted_type].filter(Boolean).join(":") + ">".repeat(lists);
  }
  return types;
}

const sampleBatches = [
  { file: "a.nwb", rows: SAMPLE_ROWS_A.slice(0, 2) },
  { file: "a.nwb", rows: SAMPLE_ROWS_A.slice(2) },
  { file: "b.nwb", rows: SAMPLE_ROWS_B },
];

/** The sample rows as a Parquet reader gives them back, value by value (int64 as BigInt). */
const SAMPLE_READ_BACK = [
  {
    _nwb_path: "a.nwb",
    _table_path: "units",
    _table_index: 0n,
    id: 10n,
    label: 'he said "hi", then left',
    snr: 5.25,
    count: 3,
    big: 18446744073709551615n,
    curated: true,
    spike_times: [0.1, 0.25, 1e-7],
    bursts: [[0.1, 0.2], [], [0.3]],
    waveform: [
      [0.10000000149011612, -2, 3],
      [4, 5.5, -6],
    ],
    group: "/general/extracellular_ephys/shank0",
    ts_ref: '{"idx_start":5,"count":10,"timeseries":"/acquisition/lick"}',
    electrodes: [0n, 2n, 3n],
    first_event: 4n,
    "2": -7,
  },
  {
    _nwb_path: "a.nwb",
    _table_path: "units",
    _table_index: 1n,
    id: 11n,
    label: "línea 1\nlínea 2\r\nΩ≈ç √ 日本語 🧠",
    snr: null,
    count: -2147483648,
    big: 9007199254740991n,
    curated: false,
    spike_times: [],
    bursts: [],
    waveform: [
      [0, 0, 0],
      [1, 1, 1],
    ],
    group: "/general/extracellular_ephys/shank1",
    ts_ref: '{"idx_start":0,"count":0,"timeseries":"/acquisition/with,comma"}',
    electrodes: [],
    first_event: 0n,
    "2": 32767,
  },
  {
    _nwb_path: "a.nwb",
    _table_path: "units",
    _table_index: 2n,
    id: 12n,
    label: "",
    snr: -0.5,
    count: null,
    big: null,
    curated: null,
    spike_times: [2.5, null, 3.5],
    bursts: [[null]],
    waveform: null,
    group: null,
    ts_ref: null,
    electrodes: null,
    first_event: null,
    "2": null,
  },
  {
    _nwb_path: "b.nwb",
    _table_path: "units",
    _table_index: 0n,
    id: 20n,
    // b.nwb's int64 label cast to the majority's string: exact digits.
    label: "9223372036854775807",
    snr: 1,
    // b.nwb's float64 count cast to the majority's int32: 2.5 cannot be, so null (and a warning).
    count: null,
    big: 0n,
    curated: true,
    spike_times: [9.75],
    bursts: [[1], [2, 3]],
    waveform: [
      [1, 2, 3],
      [4, 5, 6],
    ],
    group: "/general/extracellular_ephys/shank0",
    ts_ref: '{"idx_start":1,"count":2,"timeseries":"/acquisition/lick"}',
    electrodes: [1n],
    first_event: 1n,
    "2": 1,
  },
  {
    _nwb_path: "b.nwb",
    _table_path: "units",
    _table_index: 1n,
    id: 21n,
    label: "42",
    snr: 2,
    count: 7,
    big: 12345678901234567890n,
    curated: false,
    spike_times: [],
    bursts: [],
    waveform: [
      [0, 0, 0],
      [0, 0, 0],
    ],
    group: "/general/extracellular_ephys/shank2",
    ts_ref: '{"idx_start":3,"count":4,"timeseries":"/acquisition/run"}',
    electrodes: [4n, 5n],
    first_event: 2n,
    "2": 2,
  },
];

describe("parquet export", () => {
  it("types every column, writes every value kind exactly and reads back value by value", async () => {
    const written = await writeParquet(sampleBatches);
    expect(columnTypes(written.metadata)).toEqual({
      _nwb_path: "BYTE_ARRAY:UTF8",
      _table_path: "BYTE_ARRAY:UTF8",
      _table_index: "INT64",
      id: "INT64",
      label: "BYTE_ARRAY:UTF8",
      snr: "DOUBLE",
      count: "INT32",
      big: "INT64:UINT_64",
      curated: "BOOLEAN",
      spike_times: "list<DOUBLE>",
      bursts: "list<list<DOUBLE>>",
      waveform: "list<list<FLOAT>>",
      group: "BYTE_ARRAY:UTF8",
      ts_ref: "BYTE_ARRAY:UTF8",
      electrodes: "list<INT64>",
      first_event: "INT64",
      "2": "INT32",
    });
    const schema = parquetSchema(written.metadata);
    expect(schema.children.slice(0, 4).map((column) => column.element.repetition_type)).toEqual([
      "REQUIRED",
      "REQUIRED",
      "REQUIRED",
      "OPTIONAL",
    ]);
    expect(written.rows).toEqual(SAMPLE_READ_BACK);
    expect(schema.children.map((column) => column.element.name)).toEqual(SAMPLE_COLUMNS);
    // One row group per file: a.nwb's three rows (two batches) and b.nwb's two.
    expect(written.metadata.row_groups.map((group) => group.num_rows)).toEqual([3n, 2n]);
  });

  it("starts a row group when the file changes even if two files share a base name (d1/a.nwb, d2/a.nwb)", async () => {
    const [first] = sampleBatches;
    const written = await writeParquet([
      { ...first!, part: 0 },
      { ...first!, part: 1 },
    ]);
    const rows = first!.rows.length;
    expect(written.metadata.row_groups.map((group) => Number(group.num_rows))).toEqual([rows, rows]);
  });

  it("settles a column the files disagree on by the type most files have, warning with column and files", async () => {
    const { warnings } = await writeParquet(sampleBatches);
    expect(warnings).toHaveLength(2);
    const count = warnings.find((warning) => warning.includes('"count"'));
    expect(count).toBe(
      'Parquet: column "count" is int32 in a.nwb, c.nwb but float64 in b.nwb; written as int32 (the type most files ' +
        "have), 1 value from b.nwb could not be cast and is written as null",
    );
    const label = warnings.find((warning) => warning.includes('"label"'));
    expect(label).toMatch(/^Parquet: column "label" is string in a\.nwb, c\.nwb but int64 in b\.nwb; .*every value/);
  });

  it("lets the majority win even when the first file dissents, keeping big integers exact", async () => {
    const columns = ["_nwb_path", "_table_path", "_table_index", "id", "v"];
    const asType = (dtype: ColumnInfo["dtype"]): ColumnInfo[] => [{ name: "v", kind: "scalar", dtype, shape: [] }];
    const row = (file: string, v: Row[string]) => ({ _nwb_path: file, _table_path: "t", _table_index: 0, id: 0, v });
    const written = await writeParquet(
      [
        { file: "x.nwb", rows: [row("x.nwb", 1.5), row("x.nwb", 2)] },
        { file: "y.nwb", rows: [row("y.nwb", "9007199254740993")] },
        { file: "z.nwb", rows: [row("z.nwb", "-9223372036854775808")] },
      ],
      columns,
      [
        { file: "x.nwb", columns: asType("float64") },
        { file: "y.nwb", columns: asType("int64") },
        { file: "z.nwb", columns: asType("int64") },
      ],
    );
    expect(columnTypes(written.metadata).v).toBe("INT64");
    expect(written.rows.map((r) => r.v)).toEqual([null, 2n, 9007199254740993n, -9223372036854775808n]);
    expect(written.warnings).toEqual([
      'Parquet: column "v" is int64 in y.nwb, z.nwb but float64 in x.nwb; written as int64 (the type most files ' +
        "have), 1 value from x.nwb could not be cast and is written as null",
    ]);
  });

  it("hands back each row group's bytes as soon as the group is full, and never spans two files", async () => {
    const written = await writeParquet(sampleBatches, SAMPLE_COLUMNS, SAMPLE_FILE_COLUMNS, { rows: 2, bytes: 1 << 30 });
    expect(written.metadata.row_groups.map((group) => group.num_rows)).toEqual([2n, 1n, 2n]);
    expect(written.rows).toEqual(SAMPLE_READ_BACK);
    // The first write fills a group (2 rows): its bytes come back at once; the second holds a.nwb's last row until
    // b.nwb's rows arrive, whose write then hands back both a.nwb's last group and b.nwb's full one.
    expect(written.perWrite[0]).toBeGreaterThan(100);
    expect(written.perWrite[1]).toBe(0);
    expect(written.perWrite[2]).toBeGreaterThan(100);
  });

  it("starts a new row group once about the byte limit of values is held", async () => {
    const info: ColumnInfo[] = [
      { name: "id", kind: "scalar", dtype: "int64", shape: [] },
      { name: "spike_times", kind: "ragged", dtype: "float64", shape: [] },
    ];
    const rows: Row[] = Array.from({ length: 40 }, (_, i) => ({
      _nwb_path: "big.nwb",
      _table_path: "units",
      _table_index: i,
      id: i,
      spike_times: Array.from({ length: 1000 }, (_, k) => i + k / 1000),
    }));
    const columns = ["_nwb_path", "_table_path", "_table_index", "id", "spike_times"];
    // 1,000 doubles a row are about 8 kB: a 40 kB limit makes groups of 5 rows.
    const written = await writeParquet([{ file: "big.nwb", rows }], columns, [{ file: "big.nwb", columns: info }], {
      rows: 1000,
      bytes: 40_000,
    });
    expect(written.metadata.row_groups).toHaveLength(8);
    expect(written.metadata.row_groups.every((group) => group.num_rows === 5n)).toBe(true);
    expect(written.rows.map((row) => row.spike_times)).toEqual(rows.map((row) => row.spike_times));
    expect(written.rows.map((row) => row.id)).toEqual(rows.map((_, i) => BigInt(i)));
  });

  it("hands a row group larger than a megabyte back in chunks of about a megabyte, which read back exactly", async () => {
    const info: ColumnInfo[] = [{ name: "trace", kind: "ragged", dtype: "float64", shape: [] }];
    const columns = ["_nwb_path", "_table_path", "_table_index", "id", "trace"];
    const lead = (file: string, i: number) => ({ _nwb_path: file, _table_path: "t", _table_index: i, id: i });
    // Random doubles do not compress: four rows of 100,000 are a row group of about 3.2 MB.
    const big: Row[] = Array.from({ length: 4 }, (_, i) => ({
      ...lead("a.nwb", i),
      trace: Array.from({ length: 100_000 }, () => Math.random()),
    }));
    const writer = parquetWriter(columns, [{ file: "a.nwb", columns: info }], { rows: 1000, bytes: 1 << 30 });
    expect(await writer.write("a.nwb", big)).toEqual([]);
    // b.nwb's rows close a.nwb's row group: its bytes come back now, in pieces.
    const groupChunks = await writer.write("b.nwb", [{ ...lead("b.nwb", 0), trace: [1] }]);
    // Whole pages go out together (about 1.6 MB here), so a chunk is at most a megabyte and a page.
    expect(groupChunks.reduce((sum, chunk) => sum + chunk.length, 0)).toBeGreaterThan(3.2e6);
    expect(groupChunks.length).toBeGreaterThanOrEqual(2);
    for (const chunk of groupChunks) expect(chunk.length).toBeLessThan(2.5e6);
    const bytes = concatBytes([...groupChunks, ...(await writer.end()).bytes]);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    expect(parquetMetadata(file).row_groups.map((group) => group.num_rows)).toEqual([4n, 1n]);
    const rows = await parquetReadObjects({ file, columns: ["trace"] });
    expect(rows.map((row) => row.trace)).toEqual([...big.map((row) => row.trace), [1]]);
  });

  it("writes null for columns a file lacks, types a column no file describes from its values", async () => {
    // "toString" is an Object.prototype name: it must be typed like any column, not mistaken for a known one.
    const info: ColumnInfo[] = [
      { name: "snr", kind: "scalar", dtype: "float64", shape: [] },
      { name: "toString", kind: "scalar", dtype: "int16", shape: [] },
    ];
    const columns = ["_nwb_path", "_table_path", "_table_index", "id", "snr", "toString", "extra"];
    const lead = (file: string, i: number) => ({ _nwb_path: file, _table_path: "units", _table_index: i, id: i });
    const written = await writeParquet(
      [
        { file: "a.nwb", rows: [{ ...lead("a.nwb", 0), snr: 1.5, toString: 3, extra: [[1], [2.5]] }] },
        { file: "b.nwb", rows: [{ ...lead("b.nwb", 0), extra: null }] },
      ],
      columns,
      [
        { file: "a.nwb", columns: info },
        { file: "b.nwb", columns: [] },
      ],
    );
    expect(columnTypes(written.metadata)).toMatchObject({
      snr: "DOUBLE",
      toString: "INT32",
      extra: "list<list<DOUBLE>>",
    });
    expect(written.rows.map((row) => [row.snr, row.toString, row.extra])).toEqual([
      [1.5, 3, [[1], [2.5]]],
      [null, null, null],
    ]);
    expect(written.warnings).toEqual([]);
  });

  it("writes null with a warning for a ragged region value where the first rows found the region scalar", async () => {
    const info: ColumnInfo[] = [{ name: "events", kind: "region", dtype: "int64", shape: [] }];
    const columns = ["_nwb_path", "_table_path", "_table_index", "id", "events"];
    const lead = (file: string, i: number) => ({ _nwb_path: file, _table_path: "t", _table_index: i, id: i });
    const written = await writeParquet(
      [
        { file: "a.nwb", rows: [{ ...lead("a.nwb", 0), events: 3 }] },
        { file: "b.nwb", rows: [{ ...lead("b.nwb", 0), events: [1, 2] }] },
      ],
      columns,
      [
        { file: "a.nwb", columns: info },
        { file: "b.nwb", columns: info },
      ],
    );
    expect(columnTypes(written.metadata).events).toBe("INT64");
    expect(written.rows.map((row) => row.events)).toEqual([3n, null]);
    expect(written.warnings).toEqual([
      'Parquet: column "events" is written as int64 (a region, judged ragged or not by its first rows): ' +
        "1 value from b.nwb could not be cast and is written as null",
    ]);
  });

  it("writes NaN and infinities as null, as the JSON formats do (spec §3)", async () => {
    const info: ColumnInfo[] = [
      { name: "snr", kind: "scalar", dtype: "float64", shape: [] },
      { name: "t", kind: "ragged", dtype: "float32", shape: [] },
    ];
    const columns = ["_nwb_path", "_table_path", "_table_index", "id", "snr", "t"];
    const row = { _nwb_path: "a.nwb", _table_path: "u", _table_index: 0, id: 0, snr: NaN, t: [Infinity, 1, -Infinity] };
    const written = await writeParquet([{ file: "a.nwb", rows: [row] }], columns, [{ file: "a.nwb", columns: info }]);
    expect(written.rows.map((r) => [r.snr, r.t])).toEqual([[null, [null, 1, null]]]);
    expect(written.warnings).toEqual([]);
  });

  it("writes a valid file with the schema and no row group when there are no rows", async () => {
    const written = await writeParquet([], SAMPLE_COLUMNS);
    expect(written.metadata.num_rows).toBe(0n);
    expect(written.metadata.row_groups).toHaveLength(0);
    expect(written.rows).toEqual([]);
    expect(parquetSchema(written.metadata).children.map((column) => column.element.name)).toEqual(SAMPLE_COLUMNS);
    expect(columnTypes(written.metadata).electrodes).toBe("INT64");
  });
});
