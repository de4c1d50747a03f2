import type { ColumnInfo, Condition, Operator } from "../../core/tables/model";

/** What the user set on one column's filter: its text, a numeric range, the values ticked in its value list. */
export interface ColumnFilter {
  /** A condition as the CLI's `--where` takes it after the column name (`> 2.5`, `in good,mua`), or a bare value. */
  text: string;
  min: string;
  max: string;
  /** Ticked values of the value list (an `in` condition); empty when none is ticked. */
  values: string[];
}

/**
 * A record's own value at `key`, else undefined: records here are keyed by column names, and a column may be named
 * `__proto__` or `constructor` (a plain `record[key]` would answer with the prototype's).
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export const NO_FILTER: ColumnFilter = { text: "", min: "", max: "", values: [] };

const NUMERIC = new Set([
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "float32",
  "float64",
]);

/**
 * Kinds whose rows hold one value, which filters and sorting take (the engine's rule): a scalar, a region (one row
 * position; a ragged region's lists are refused by the engine, which says so), a reference (one path).
 */
const ONE_VALUE = new Set(["scalar", "region", "reference"]);

/** Whether a column filters and sorts. */
export const isFilterable = (info: ColumnInfo | null | undefined) => !!info && ONE_VALUE.has(info.kind);

/** Whether a column compares as numbers (spec §6): a one-value column of a numeric type (a region's positions). */
export const isNumeric = (info: ColumnInfo | null | undefined) => isFilterable(info) && NUMERIC.has(info!.dtype);

/** One pair of matching quotes around a value is dropped (`== "a,b"`, `== ""`), as the CLI's --where does. */
function unquote(text: string): string {
  const q = text[0];
  return text.length >= 2 && (q === '"' || q === "'") && text.endsWith(q) ? text.slice(1, -1) : text;
}

const isNumber = (text: string) => text.trim() !== "" && Number.isFinite(Number(text));
const SYMBOL = /^(==|!=|<=|>=|=|<|>)\s*(.*)$/s;
const WORD = /^(contains|in)\s+(.*)$/s;

/**
 * The conditions a column's filter stands for, all of which must hold: the text (an operator and a value, or a bare
 * value: equal for numbers, contained for strings; `a..b` a range of numbers), the range fields (`>=` / `<=`) and
 * the value list (`in`). `error` says, in plain words, why the text or a range field is not understood (they are
 * left out meanwhile).
 */
export function filterConditions(
  column: string,
  filter: ColumnFilter,
  numeric: boolean,
): { conditions: Condition[]; error: string | null } {
  const conditions: Condition[] = [];
  const errors: string[] = [];
  const add = (op: Operator, value: string) => {
    const v = unquote(value.trim());
    if (numeric && !numberValue(op, v)) errors.push(`${v || "(nothing)"} is not a number`);
    else conditions.push({ column, op, value: v });
  };
  const text = filter.text.trim();
  if (text) {
    const symbol = SYMBOL.exec(text);
    const word = WORD.exec(text);
    const range = numeric ? /^(.*)\.\.(.*)$/.exec(text) : null;
    if (symbol) add(symbol[1] === "=" ? "==" : (symbol[1] as Operator), symbol[2]!);
    else if (word) add(word[1] as Operator, word[2]!);
    else if (range) {
      if (range[1]!.trim()) add(">=", range[1]!);
      if (range[2]!.trim()) add("<=", range[2]!);
    } else if (text === "null") add("==", "null");
    else add(numeric ? "==" : "contains", text);
  }
  if (filter.min.trim()) add(">=", filter.min);
  if (filter.max.trim()) add("<=", filter.max);
  if (filter.values.length > 0) conditions.push({ column, op: "in", value: filter.values.join(",") });
  return { conditions, error: errors.length ? errors.join("; ") : null };
}

/** A numeric column's value for `op`: a number, `null` for `==` / `!=`, a list of numbers for `in`. */
function numberValue(op: Operator, value: string): boolean {
  if (op === "in") return value.split(",").every(isNumber);
  if (op === "contains") return false;
  return isNumber(value) || ((op === "==" || op === "!=") && value === "null");
}

/** Every column's conditions, in column order. */
export function allConditions(
  filters: Record<string, ColumnFilter>,
  columns: string[],
  numeric: (column: string) => boolean,
): Condition[] {
  return columns.flatMap((c) => {
    const filter = own(filters, c);
    return filter ? filterConditions(c, filter, numeric(c)).conditions : [];
  });
}
