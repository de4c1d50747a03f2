import { describe, expect, it } from "vitest";
import type { Row } from "../model";
import { extension, mediaType, tableWriter, type ExportFormat } from "./index";
import {
  concatBytes,
  SAMPLE_COLUMNS,
  SAMPLE_FILE_COLUMNS,
  SAMPLE_ROWS,
  SAMPLE_ROWS_A,
  SAMPLE_ROWS_B,
} from "./sample-rows";

/** Writes the sample rows the way the CLI does (one batch per write, a.nwb then b.nwb) and returns the text. */
async function exportText(format: ExportFormat, batches: { file: string; rows: Row[] }[], columns = SAMPLE_COLUMNS) {
  const writer = tableWriter(format, columns, SAMPLE_FILE_COLUMNS);
  const chunks: Uint8Array[] = [];
  const perWrite: number[] = [];
  for (const { file, rows } of batches) {
    const bytes = await writer.write(file, rows);
    perWrite.push(bytes.length);
    chunks.push(...bytes);
  }
  const { bytes, warnings } = await writer.end();
  chunks.push(...bytes);
  return { text: new TextDecoder("utf-8", { fatal: true }).decode(concatBytes(chunks)), warnings, perWrite };
}

const sampleBatches = [
  { file: "a.nwb", rows: SAMPLE_ROWS_A.slice(0, 2) },
  { file: "a.nwb", rows: SAMPLE_ROWS_A.slice(2) },
  { file: "b.nwb", rows: SAMPLE_ROWS_B },
];

/** A row as the output should hold it: every column, null where the row lacks one. */
const expectedRow = (row: Row, columns = SAMPLE_COLUMNS) =>
  Object.fromEntries(columns.map((column) => [column, row[column] ?? null]));

/** The top-level keys of a one-line JSON object in written order (JSON.parse would put "2" first). */
function keyOrder(line: string, columns = SAMPLE_COLUMNS): number[] {
  return columns.map((column) => line.indexOf(JSON.stringify(column) + ":"));
}
const increasing = (positions: number[]) => positions.every((at, i) => at >= 0 && (i === 0 || at > positions[i - 1]));

describe("json export", () => {
  it("writes one array of every row, keys in column order (even integer-like ones), values as they are", async () => {
    const { text, warnings, perWrite } = await exportText("json", sampleBatches);
    expect(warnings).toEqual([]);
    // Each batch goes out as soon as it is written: nothing is held back for the end.
    expect(perWrite).toEqual([1, 1, 1]);
    const rows = JSON.parse(text) as Row[];
    expect(rows).toEqual(SAMPLE_ROWS.map((row) => expectedRow(row)));
    const lines = text.split("\n").slice(1, -2);
    expect(lines).toHaveLength(SAMPLE_ROWS.length);
    for (const line of lines) expect(increasing(keyOrder(line)), line).toBe(true);
    // Key order as written, before any object could reorder the integer-like key "2".
    expect(text.split("\n")[1]).toMatch(
      /^\{"_nwb_path":"a\.nwb","_table_path":"units","_table_index":0,"id":10,"label"/,
    );
    expect(text.split("\n")[1]).toMatch(/"first_event":4,"2":-7\},$/);
    // Big integers stay their decimal digits, as the spec's JSON has them (§3).
    expect(text).toContain('"big":"18446744073709551615"');
    expect(text.split("\n")).toHaveLength(SAMPLE_ROWS.length + 3);
  });

  it("writes null for a column a row lacks (even one named like an object's method), and [] for no rows", async () => {
    const columns = ["id", "absent", "toString", "constructor"];
    const { text } = await exportText(
      "json",
      [{ file: "a.nwb", rows: [{ id: 1, absent: undefined as never }] }],
      columns,
    );
    expect(text).toBe('[\n{"id":1,"absent":null,"toString":null,"constructor":null}\n]\n');
    const lines = await exportText("jsonl", [{ file: "a.nwb", rows: [{ id: 1, toString: 2 }] }], columns);
    expect(lines.text).toBe('{"id":1,"absent":null,"toString":2,"constructor":null}\n');
    const csv = await exportText("csv", [{ file: "a.nwb", rows: [{ id: 1 }] }], columns);
    expect(csv.text).toBe("id,absent,toString,constructor\r\n1,,,\r\n");
    expect((await exportText("json", [], ["id"])).text).toBe("[]\n");
    expect((await exportText("json", [{ file: "a.nwb", rows: [] }], ["id"])).text).toBe("[]\n");
  });
});

describe("jsonl export", () => {
  it("writes one row object per line, keys in column order", async () => {
    const { text, perWrite } = await exportText("jsonl", sampleBatches);
    expect(perWrite).toEqual([1, 1, 1]);
    expect(text.endsWith("}\n")).toBe(true);
    const lines = text.slice(0, -1).split("\n");
    expect(lines).toHaveLength(SAMPLE_ROWS.length);
    // Line breaks inside values are escaped, so each line is one whole row.
    expect(lines.map((line) => JSON.parse(line))).toEqual(SAMPLE_ROWS.map((row) => expectedRow(row)));
    for (const line of lines) expect(increasing(keyOrder(line)), line).toBe(true);
    expect((await exportText("jsonl", [], ["id"])).text).toBe("");
  });
});

/** An RFC 4180 reader (quoted fields, doubled quotes, CRLF records) that also says which fields were quoted. */
function parseCsv(text: string): { value: string; quoted: boolean }[][] {
  const records: { value: string; quoted: boolean }[][] = [];
  let record: { value: string; quoted: boolean }[] = [];
  let i = 0;
  while (i < text.length) {
    let value = "";
    let quoted = false;
    if (text[i] === '"') {
      quoted = true;
      i++;
      for (;;) {
        if (i >= text.length) throw new Error("unterminated quoted field");
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else value += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\r") {
        if (text[i] === '"' || text[i] === "\n") throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
        value += text[i++];
      }
    }
    record.push({ value, quoted });
    if (text[i] === ",") i++;
    else if (text.startsWith("\r\n", i)) {
      i += 2;
      records.push(record);
      record = [];
    } else throw new Error(`expected , or CRLF at ${i}`);
  }
  if (record.length) throw new Error("last record lacks its CRLF");
  return records;
}

describe("csv export", () => {
  it("writes a header and one record per row: null empty, arrays and objects as JSON, text quoted where needed", async () => {
    const { text, perWrite } = await exportText("csv", sampleBatches);
    expect(perWrite).toEqual([1, 1, 1]);
    const [header, ...records] = parseCsv(text);
    expect(header.map((field) => field.value)).toEqual(SAMPLE_COLUMNS);
    expect(records).toHaveLength(SAMPLE_ROWS.length);
    records.forEach((record, r) => {
      expect(record).toHaveLength(SAMPLE_COLUMNS.length);
      SAMPLE_COLUMNS.forEach((column, c) => {
        const value = SAMPLE_ROWS[r][column] ?? null;
        const want = value === null ? "" : typeof value === "string" ? value : JSON.stringify(value);
        expect(record[c].value, `${column} of row ${r}`).toBe(want);
        // An empty string is quoted, null is not: the two stay apart.
        if (value === "") expect(record[c].quoted).toBe(true);
        if (value === null) expect(record[c].quoted).toBe(false);
      });
    });
    const first = text.split("\r\n")[1];
    expect(first).toContain(',"he said ""hi"", then left",5.25,3,18446744073709551615,true,"[0.1,0.25,1e-7]",');
    expect(first).toContain(',"{""idx_start"":5,""count"":10,""timeseries"":""/acquisition/lick""}",');
    expect(first.endsWith(",4,-7")).toBe(true);
    // Values without separators, quotes or line breaks are bare; UTF-8 passes through.
    expect(text).toContain("\r\nb.nwb,units,1,21,42,2,7,12345678901234567890,false,[],[],");
    expect(text).toContain('"línea 1\nlínea 2\r\nΩ≈ç √ 日本語 🧠"');
    expect(text).toContain(',-0.5,,,,"[2.5,null,3.5]",[[null]],,,,,,\r\n');
  });

  it("writes the header alone for no rows, quoting names that need it", async () => {
    expect((await exportText("csv", [], ["id", "a,b", 'say "x"'])).text).toBe('id,"a,b","say ""x"""\r\n');
    const once = await exportText("csv", [{ file: "a.nwb", rows: [] }], ["id"]);
    expect(once.text).toBe("id\r\n");
  });
});

describe("formats", () => {
  it("names each format's media type and extension", () => {
    expect(["json", "jsonl", "csv", "parquet"].map((f) => extension(f as ExportFormat))).toEqual([
      "json",
      "jsonl",
      "csv",
      "parquet",
    ]);
    expect(mediaType("csv")).toMatch(/^text\/csv/);
    expect(mediaType("json")).toBe("application/json");
    expect(mediaType("parquet")).toBe("application/vnd.apache.parquet");
  });
});
