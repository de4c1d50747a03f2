import { compareCells, matches } from "./condition";
import type { CellValue, Condition } from "./model";

/** A view's rows in order: the file (part) and row position of each. */
export interface ViewOrder {
  part: number[];
  row: number[];
}

/**
 * The rows of each part passing every condition (spec §6), in table order, part by part: filtering removes rows
 * and nothing else. `values` gives a part's whole scalar column, `numeric` whether it compares as numbers there.
 */
export function filterRows(
  rowsPerPart: number[],
  conditions: Condition[],
  values: (part: number, column: string) => CellValue[],
  numeric: (part: number, column: string) => boolean,
): ViewOrder {
  const order: ViewOrder = { part: [], row: [] };
  rowsPerPart.forEach((count, part) => {
    let rows: number[] = Array.from({ length: count }, (_, i) => i);
    for (const condition of conditions) {
      const column = values(part, condition.column);
      const asNumbers = numeric(part, condition.column);
      rows = rows.filter((r) => matches(column[r]!, condition, asNumbers));
    }
    for (const r of rows) {
      order.part.push(part);
      order.row.push(r);
    }
  });
  return order;
}

/** Sorts in place by a key, stably, nulls last whichever the direction. */
export function sortRows(
  order: ViewOrder,
  key: (part: number, row: number) => CellValue,
  numeric: boolean,
  descending: boolean,
): void {
  const keys = order.part.map((part, i) => key(part, order.row[i]!));
  const positions = keys.map((_, i) => i);
  positions.sort((a, b) => {
    const x = keys[a]!;
    const y = keys[b]!;
    if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
    const d = compareCells(x, y, numeric);
    return (descending ? -d : d) || a - b;
  });
  const part = positions.map((i) => order.part[i]!);
  const row = positions.map((i) => order.row[i]!);
  for (let i = 0; i < positions.length; i++) {
    order.part[i] = part[i]!;
    order.row[i] = row[i]!;
  }
}
