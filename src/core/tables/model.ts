/**
 * NWB tables (DynamicTables) as the spec describes them (../shared/spec/nwb-tables.md): what a table and its
 * columns are, one row's values, and the conditions a view filters on. Plain data only: these cross from the
 * HDF5 worker to the page by structured clone, and into the CLI's output as JSON.
 */

/** One cell's value (spec §3): numbers beyond ±(2^53 − 1) are their decimal digits; NaN and ±Inf are null. */
export type CellValue = null | boolean | number | string | CellValue[] | { [field: string]: CellValue };

/** A row, keys in the output column order (spec §2): `_nwb_path`, `_table_path`, `_table_index`, `id`, colnames… */
export type Row = Record<string, CellValue>;

/** The four leading columns every row has, whatever is asked (spec §2, §6). */
export const LEADING_COLUMNS = ["_nwb_path", "_table_path", "_table_index", "id"] as const;

/** How a column is stored (spec §7). */
export type ColumnKind = "scalar" | "array" | "ragged" | "ragged2" | "region" | "reference" | "compound";

/** The element type of a column (spec §7). */
export type ElementType =
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "uint8"
  | "uint16"
  | "uint32"
  | "uint64"
  | "float32"
  | "float64"
  | "bool"
  | "string"
  | "reference"
  | "compound";

/** A column as `--list` prints it (spec §7). */
export interface ColumnInfo {
  name: string;
  kind: ColumnKind;
  dtype: ElementType;
  /** One row's element shape without the ragged part: `[]` for scalars. */
  shape: number[];
}

/** A table as `--list` prints it (spec §7); `columns` from `id` on. */
export interface TableInfo {
  path: string;
  neurodata_type: string;
  namespace: string;
  rows: number;
  columns: ColumnInfo[];
}

/** One file's tables (spec §7). */
export interface FileTables {
  _nwb_path: string;
  tables: TableInfo[];
}

/**
 * What the page needs beyond the listing, per column: where a region points (the target table's absolute path,
 * so a cell can take the user to those rows) — never printed by `--list`.
 */
export interface ColumnLinks {
  /** Region columns: the absolute path of the table their `table` attribute references. */
  regionTarget?: string;
}

/** Comparison operators of `--where` (spec §6). */
export type Operator = "==" | "!=" | "<" | "<=" | ">" | ">=" | "contains" | "in";

/** One `--where "<column> <op> <value>"`; `value` as typed (a number or a string by the column's type, §6). */
export interface Condition {
  column: string;
  op: Operator;
  value: string;
}

/** A sort by one scalar column; rows equal on it (and nulls, last) keep their table order. */
export interface SortOrder {
  column: string;
  descending: boolean;
}

/** A table read across files (spec §4), projected (§6), filtered (§6) and sorted. */
export interface TableQuery {
  /** The table's path, or a shortcut (`units`, `trials`, `epochs`, `electrodes`), spec §1. */
  table: string;
  /** Columns after the leading four; all of the union when absent. */
  columns?: string[];
  where?: Condition[];
  sort?: SortOrder;
}
