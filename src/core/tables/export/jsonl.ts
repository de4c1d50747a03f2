/** JSON lines export (spec §5): one row object per line, keys in the column order. */
import { rowJson } from "./json";
import { type TableWriter, textBytes } from "./table-writer";

export function jsonlWriter(columns: string[]): TableWriter {
  return {
    async write(_file, rows) {
      let text = "";
      for (const row of rows) text += rowJson(columns, row) + "\n";
      return textBytes(text);
    },
    async end() {
      return { bytes: [], warnings: [] };
    },
  };
}
