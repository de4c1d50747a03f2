import { compareCells, matches, numberTest } from "./condition";
import type { CellValue, Condition } from "./model";

/**
 * A whole scalar column of one file, as filters and sorting take it: numbers that fit a double as a Float64Array
 * (NaN standing for null: 8 bytes a row, no JS value per row), anything else as cells; the leading columns as what
 * they are (one value throughout, or the row position) without a list.
 */
export type WholeColumn =
  | { numbers: Float64Array }
  | { cells: CellValue[] }
  | { constant: CellValue; length: number }
  | { position: true; length: number };

/** The cell of row `r` (a NaN number being null, as the spec has NaN and ±Inf). */
export function cellAt(column: WholeColumn, r: number): CellValue {
  if ("numbers" in column) {
    const x = column.numbers[r]!;
    return x === x ? x : null;
  }
  if ("cells" in column) return column.cells[r] ?? null;
  if ("constant" in column) return column.constant;
  return r;
}

/** A view's rows in order: the file (part) and row position of each. */
export interface ViewOrder {
  part: Uint32Array;
  row: Uint32Array;
}

/**
 * The rows of each part passing every condition (spec §6), in table order, part by part: filtering removes rows
 * and nothing else. `values` gives a part's whole scalar column, `numeric` whether it compares as numbers there.
 * Positions are kept in typed arrays: 8 bytes per row kept, whatever the table's length.
 */
export function filterRows(
  rowsPerPart: number[],
  conditions: Condition[],
  values: (part: number, column: string) => WholeColumn,
  numeric: (part: number, column: string) => boolean,
): ViewOrder {
  const kept: Uint32Array[] = [];
  rowsPerPart.forEach((count, part) => {
    let rows: Uint32Array | null = null; // null: every row
    for (const condition of conditions) {
      const column = values(part, condition.column);
      const asNumbers = numeric(part, condition.column);
      const fast = "numbers" in column ? numberTest(condition) : null;
      const passes = fast
        ? (r: number) => fast((column as { numbers: Float64Array }).numbers[r]!)
        : (r: number) => matches(cellAt(column, r), condition, asNumbers);
      const n: number = rows ? rows.length : count;
      const out: Uint32Array = new Uint32Array(n);
      let k = 0;
      for (let i = 0; i < n; i++) {
        const r = rows ? rows[i]! : i;
        if (passes(r)) out[k++] = r;
      }
      rows = out.subarray(0, k);
    }
    kept.push(rows ?? Uint32Array.from({ length: count }, (_, i) => i));
  });
  const total = kept.reduce((n, rows) => n + rows.length, 0);
  const order: ViewOrder = { part: new Uint32Array(total), row: new Uint32Array(total) };
  let at = 0;
  kept.forEach((rows, part) => {
    order.part.fill(part, at, at + rows.length);
    order.row.set(rows, at);
    at += rows.length;
  });
  return order;
}

/** Sorts in place by a column, stably, nulls last whichever the direction. */
export function sortRows(order: ViewOrder, columns: WholeColumn[], numeric: boolean, descending: boolean): void {
  const n = order.row.length;
  const positions = Uint32Array.from({ length: n }, (_, i) => i);
  if (columns.every((c) => "numbers" in c)) {
    // Numbers only: keys in a Float64Array (NaN null), no JS value per row.
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++)
      keys[i] = (columns[order.part[i]!] as { numbers: Float64Array }).numbers[order.row[i]!]!;
    const sign = descending ? -1 : 1;
    positions.sort((a, b) => {
      const x = keys[a]!;
      const y = keys[b]!;
      if (x !== x || y !== y) return x !== x && y !== y ? a - b : x !== x ? 1 : -1;
      return (x === y ? 0 : x < y ? -sign : sign) || a - b;
    });
  } else {
    const keys: CellValue[] = new Array(n);
    for (let i = 0; i < n; i++) keys[i] = cellAt(columns[order.part[i]!]!, order.row[i]!);
    positions.sort((a, b) => {
      const x = keys[a]!;
      const y = keys[b]!;
      if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
      const d = compareCells(x, y, numeric);
      return (descending ? -d : d) || a - b;
    });
  }
  const part = order.part.slice();
  const row = order.row.slice();
  for (let i = 0; i < n; i++) {
    order.part[i] = part[positions[i]!]!;
    order.row[i] = row[positions[i]!]!;
  }
}
