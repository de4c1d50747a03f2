/** JSON export (spec §5): one array of row objects, keys in the column order, one row per line. */
import { cellJson, type ExportRow } from "../number-list";
import { cell, type TableWriter, textBytes } from "./table-writer";

/**
 * One row as a JSON object, keys in `columns` order. Written key by key rather than `JSON.stringify(row)`: an
 * object puts integer-like keys (a column named "2") first whatever the insertion order, and a column a row lacks
 * must still appear, as null.
 */
export function rowJson(columns: string[], row: ExportRow): string {
  let text = "{";
  for (let i = 0; i < columns.length; i++) {
    text += (i ? "," : "") + JSON.stringify(columns[i]) + ":" + cellJson(cell(row, columns[i]));
  }
  return text + "}";
}

export function jsonWriter(columns: string[]): TableWriter {
  let rowsWritten = 0;
  return {
    async write(_file, rows) {
      let text = "";
      for (const row of rows) text += (rowsWritten++ ? ",\n" : "[\n") + rowJson(columns, row);
      return textBytes(text);
    },
    async end() {
      return { bytes: textBytes(rowsWritten ? "\n]\n" : "[]\n"), warnings: [] };
    },
  };
}
