/**
 * What every export format is: rows go in batch by batch, bytes come out as soon as they are ready, so the CLI
 * and the page can stream them to a file or a download without holding the whole output.
 */
import type { ExportCell, ExportRow } from "../number-list";

export interface TableWriter {
  /**
   * One batch of rows of one file (a batch never spans two files); returns the bytes ready now (may be none). Rows
   * are Rows, or hold ragged numbers as typed arrays (TableView.batchesAsync: number-list.ts). `part` is which of
   * the view's files the batch is of, where known: two files may share a base name (d1/a.nwb, d2/a.nwb).
   */
  write(file: string, rows: ExportRow[], part?: number): Promise<Uint8Array[]>;
  /** The closing bytes, and what the reader of the output should know (values that could not be written as typed). */
  end(): Promise<{ bytes: Uint8Array[]; warnings: string[] }>;
}

const utf8 = new TextEncoder();

/** One string's UTF-8 bytes, as a list (empty text gives no chunk, so callers never send zero-length writes). */
export function textBytes(text: string): Uint8Array[] {
  return text ? [utf8.encode(text)] : [];
}

/**
 * A row's value in a column, null where the row lacks it. Own keys only: a column named `toString` or `constructor`
 * that a row lacks must be null, not the function every object inherits under that name.
 */
export function cell(row: ExportRow, column: string): ExportCell {
  return Object.hasOwn(row, column) ? (row[column] ?? null) : null;
}
