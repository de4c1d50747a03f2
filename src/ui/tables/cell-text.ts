import type { CellValue, ColumnInfo } from "../../core/tables/model";

/** Region rows named in a cell before the rest is summed up. */
const ROWS_NAMED = 5;

/** The shape of a nested array value (its first element's shape below the top). */
export function shapeOf(value: CellValue): number[] {
  const shape: number[] = [];
  for (let v = value; Array.isArray(v); v = v[0] ?? null) shape.push(v.length);
  return shape;
}

/** The rows a region cell points to (row positions in the target table). */
export function regionRows(value: CellValue): number[] {
  const rows = Array.isArray(value) ? value : [value];
  return rows.filter((r): r is number => typeof r === "number");
}

/**
 * What a cell shows in the grid, on one line: a scalar as itself; a ragged or N-D value by its length or shape
 * (its values come on request); a region by the rows it names; a compound as its JSON text.
 */
export function cellText(value: CellValue, info: ColumnInfo | null): string {
  if (value === null) return "";
  switch (info?.kind) {
    case "ragged":
    case "ragged2": {
      const n = Array.isArray(value) ? value.length : 0;
      const unit = info.kind === "ragged2" ? "list" : info.shape.length ? `[${info.shape.join(" × ")}]` : "value";
      return `${n.toLocaleString("en")} ${unit}${n === 1 || unit.startsWith("[") ? "" : "s"}`;
    }
    case "array":
      return `[${shapeOf(value).join(" × ")}]`;
    case "region": {
      const rows = regionRows(value);
      if (!Array.isArray(value)) return `row ${rows[0]}`;
      if (rows.length === 0) return "no rows";
      const named = rows.slice(0, ROWS_NAMED).join(", ");
      return `${rows.length === 1 ? "row" : "rows"} ${named}${rows.length > ROWS_NAMED ? `, … (${rows.length})` : ""}`;
    }
  }
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Whether a cell's value is shown by a summary that expands to its values. */
export const expands = (info: ColumnInfo | null) =>
  info?.kind === "ragged" || info?.kind === "ragged2" || info?.kind === "array";

/** A value spelled out in full (an expanded cell): JSON, as the export writes it. */
export const valueText = (value: CellValue) => JSON.stringify(value);
