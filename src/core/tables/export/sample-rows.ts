/**
 * Rows for the export tests: every kind of value a view yields (spec §3) across two files, the second of which
 * stores two columns with other types than the first (spec §4, §5). Test data only.
 */
import type { ColumnInfo, Row } from "../model";

const scalar = (name: string, dtype: ColumnInfo["dtype"]): ColumnInfo => ({ name, kind: "scalar", dtype, shape: [] });

export const SAMPLE_COLUMNS = [
  "_nwb_path",
  "_table_path",
  "_table_index",
  "id",
  "label",
  "snr",
  "count",
  "big",
  "curated",
  "spike_times",
  "bursts",
  "waveform",
  "group",
  "ts_ref",
  "electrodes",
  "first_event",
  "2",
];

const firstFileColumns: ColumnInfo[] = [
  scalar("id", "int64"),
  scalar("label", "string"),
  scalar("snr", "float64"),
  scalar("count", "int32"),
  scalar("big", "uint64"),
  scalar("curated", "bool"),
  { name: "spike_times", kind: "ragged", dtype: "float64", shape: [] },
  { name: "bursts", kind: "ragged2", dtype: "float64", shape: [] },
  { name: "waveform", kind: "array", dtype: "float32", shape: [2, 3] },
  { name: "group", kind: "reference", dtype: "reference", shape: [] },
  { name: "ts_ref", kind: "compound", dtype: "compound", shape: [] },
  { name: "electrodes", kind: "region", dtype: "int64", shape: [] },
  { name: "first_event", kind: "region", dtype: "int64", shape: [] },
  scalar("2", "int16"),
];

/** The second file: `count` as float64 and `label` as int64, so type unification has something to settle. */
const secondFileColumns: ColumnInfo[] = firstFileColumns.map((column) =>
  column.name === "count" ? scalar("count", "float64") : column.name === "label" ? scalar("label", "int64") : column,
);

export const SAMPLE_FILE_COLUMNS = [
  { file: "a.nwb", columns: firstFileColumns },
  { file: "b.nwb", columns: secondFileColumns },
  // A third file agreeing with the first, so the first file's types are the majority.
  { file: "c.nwb", columns: firstFileColumns },
];

const lead = (file: string, index: number, id: number) => ({
  _nwb_path: file,
  _table_path: "units",
  _table_index: index,
  id,
});

export const SAMPLE_ROWS_A: Row[] = [
  {
    ...lead("a.nwb", 0, 10),
    label: 'he said "hi", then left',
    snr: 5.25,
    count: 3,
    big: "18446744073709551615",
    curated: true,
    spike_times: [0.1, 0.25, 1e-7],
    bursts: [[0.1, 0.2], [], [0.3]],
    waveform: [
      [0.10000000149011612, -2, 3],
      [4, 5.5, -6],
    ],
    group: "/general/extracellular_ephys/shank0",
    ts_ref: { idx_start: 5, count: 10, timeseries: "/acquisition/lick" },
    electrodes: [0, 2, 3],
    first_event: 4,
    "2": -7,
  },
  {
    ...lead("a.nwb", 1, 11),
    label: "línea 1\nlínea 2\r\nΩ≈ç √ 日本語 🧠",
    snr: null,
    count: -2147483648,
    big: 9007199254740991,
    curated: false,
    spike_times: [],
    bursts: [],
    waveform: [
      [0, 0, 0],
      [1, 1, 1],
    ],
    group: "/general/extracellular_ephys/shank1",
    ts_ref: { idx_start: 0, count: 0, timeseries: "/acquisition/with,comma" },
    electrodes: [],
    first_event: 0,
    "2": 32767,
  },
  {
    ...lead("a.nwb", 2, 12),
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
];

export const SAMPLE_ROWS_B: Row[] = [
  {
    ...lead("b.nwb", 0, 20),
    // b.nwb stores label as int64 and count as float64; the majority (a.nwb, c.nwb) says string and int32.
    label: "9223372036854775807",
    snr: 1,
    count: 2.5,
    big: "0",
    curated: true,
    spike_times: [9.75],
    bursts: [[1], [2, 3]],
    waveform: [
      [1, 2, 3],
      [4, 5, 6],
    ],
    group: "/general/extracellular_ephys/shank0",
    ts_ref: { idx_start: 1, count: 2, timeseries: "/acquisition/lick" },
    electrodes: [1],
    first_event: 1,
    "2": 1,
  },
  {
    ...lead("b.nwb", 1, 21),
    label: 42,
    snr: 2,
    count: 7,
    big: "12345678901234567890",
    curated: false,
    spike_times: [],
    bursts: [],
    waveform: [
      [0, 0, 0],
      [0, 0, 0],
    ],
    group: "/general/extracellular_ephys/shank2",
    ts_ref: { idx_start: 3, count: 4, timeseries: "/acquisition/run" },
    electrodes: [4, 5],
    first_event: 2,
    "2": 2,
  },
];

/** Every sample row, in output order: a.nwb's, then b.nwb's. */
export const SAMPLE_ROWS: Row[] = [...SAMPLE_ROWS_A, ...SAMPLE_ROWS_B];

/** Concatenates chunks into one buffer. */
export function concatBytes(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
