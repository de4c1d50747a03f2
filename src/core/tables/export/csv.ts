/**
 * CSV export (spec §5, RFC 4180): UTF-8, CRLF line ends, a header row of the column names; null is an empty field,
 * arrays and objects their JSON text, numbers as JSON writes them, booleans true/false. Big integers arrive as their
 * decimal digits (a string) and so go out as digits, a number to any CSV reader.
 */
import { cellJson, type ExportCell } from "../number-list";
import { cell, type TableWriter, textBytes } from "./table-writer";

/** A field needs quotes when it holds the separator, a quote or a line break (RFC 4180 §2.6). */
const NEEDS_QUOTES = /[",\r\n]/;

/** A text as one RFC 4180 field: quoted, its quotes doubled, when it needs it (the metadata table's CSV too). */
export function quotedField(text: string): string {
  return NEEDS_QUOTES.test(text) ? '"' + text.replaceAll('"', '""') + '"' : text;
}

export function csvField(value: ExportCell | undefined): string {
  if (value === null || value === undefined) return "";
  // An empty string is written as "" so that it stays apart from null (an empty field).
  if (value === "") return '""';
  return quotedField(typeof value === "string" ? value : cellJson(value));
}

export function csvWriter(columns: string[]): TableWriter {
  let header = columns.map(csvField).join(",") + "\r\n";
  return {
    async write(_file, rows) {
      let text = header;
      header = "";
      for (const row of rows) text += columns.map((column) => csvField(cell(row, column))).join(",") + "\r\n";
      return textBytes(text);
    },
    async end() {
      // A view with no rows still gets its header.
      const bytes = textBytes(header);
      header = "";
      return { bytes, warnings: [] };
    },
  };
}
