/**
 * Ragged numbers on the export path: a cell's spike train as a typed array (its numbers copied out of the decoded
 * chunk in one move) rather than a JavaScript array of numbers. The bench's export (4.9 M spike times) spent ~2 s
 * collecting garbage when every number went through per-row arrays and then again through the writers' columns.
 * A copy, not a view of the chunk: a view would keep its 10 MB chunk alive while the row is held (two batches, or a
 * Parquet row group of up to 16 MB of values, each row pinning a different chunk); measured on the page's export
 * path in node, the array buffers' peak 290 MB with views, 138 MB with copies. Only TableView.batchesAsync hands
 * these out, and only the export writers take them; the public cell value (model.ts CellValue) stays plain JSON.
 */
import type { CellValue } from "./model";

/** Numbers a plain array would hold exactly (64-bit integers stay cell values: beyond 2^53 they are digits). */
export type NumberList =
  Float64Array | Float32Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/** A cell as the export writers take it: a cell value, or numbers in a typed array (nested in lists when ragged²). */
export type ExportCell = CellValue | NumberList | ExportCell[];

/** A row as the export writers take it (a Row is one). */
export type ExportRow = Record<string, ExportCell>;

export function isNumberList(value: unknown): value is NumberList {
  return (
    ArrayBuffer.isView(value) &&
    !(value instanceof DataView) &&
    !(value instanceof BigInt64Array) &&
    !(value instanceof BigUint64Array)
  );
}

/** A float list holding NaN or ±Inf: those are null (spec §3). */
export function hasNonFinite(list: NumberList): boolean {
  if (!(list instanceof Float64Array || list instanceof Float32Array)) return false;
  for (let i = 0; i < list.length; i++) {
    const x = list[i]!;
    if (x - x !== 0) return true;
  }
  return false;
}

/** The list as cell values: NaN and ±Inf null. */
export function listCells(list: NumberList): CellValue[] {
  const out: CellValue[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const x = list[i]!;
    out[i] = x - x === 0 ? x : null;
  }
  return out;
}

/**
 * A cell's JSON text (spec §3, §5: numbers as JSON writes them, the shortest text that reads back as the same
 * double). A typed list goes through one plain array and JSON.stringify, which writes NaN and ±Inf as null: measured
 * on 4.9 M spike times, 0.48 s against 0.75 s for `join` and 0.83 s for a loop appending `String(x)`.
 */
export function cellJson(value: ExportCell | undefined): string {
  if (value === undefined) return "null";
  if (isNumberList(value)) return JSON.stringify(Array.from(value));
  if (Array.isArray(value) && value.some((e) => isNumberList(e) || Array.isArray(e)))
    return "[" + value.map(cellJson).join(",") + "]";
  return JSON.stringify(value);
}

/** The cell as a plain cell value (typed lists as arrays). */
export function plainCell(value: ExportCell): CellValue {
  if (isNumberList(value)) return listCells(value);
  if (Array.isArray(value)) return value.map(plainCell);
  return value;
}
