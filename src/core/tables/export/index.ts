/**
 * Table export (spec §5): the CLI's `tables --format` and the page's export buttons both write through
 * `tableWriter`, feeding it a view's batches (TableView.batches) and sending on the bytes it hands back.
 */
import type { ColumnInfo } from "../model";
import { csvWriter } from "./csv";
import { jsonWriter } from "./json";
import { jsonlWriter } from "./jsonl";
import { parquetWriter } from "./parquet";
import type { TableWriter } from "./table-writer";

export type { TableWriter } from "./table-writer";

export type ExportFormat = "json" | "jsonl" | "csv" | "parquet";

export const EXPORT_FORMATS: readonly ExportFormat[] = ["json", "jsonl", "csv", "parquet"];

/**
 * A writer for one export. `columns` is the output column order (the four leading ones first); `fileColumns` each
 * file's own column types, which only Parquet needs (to type its columns and settle disagreements between files).
 */
export function tableWriter(
  format: ExportFormat,
  columns: string[],
  fileColumns: { file: string; columns: ColumnInfo[] }[],
): TableWriter {
  switch (format) {
    case "json":
      return jsonWriter(columns);
    case "jsonl":
      return jsonlWriter(columns);
    case "csv":
      return csvWriter(columns);
    case "parquet":
      return parquetWriter(columns, fileColumns);
  }
}

/** The media type of an export, for a download's Blob or an upload's Content-Type. */
export function mediaType(format: ExportFormat): string {
  switch (format) {
    case "json":
      return "application/json";
    case "jsonl":
      return "application/jsonl";
    case "csv":
      return "text/csv;charset=utf-8";
    case "parquet":
      return "application/vnd.apache.parquet";
  }
}

/** The file name extension of an export, without the dot. */
export function extension(format: ExportFormat): string {
  return format;
}
