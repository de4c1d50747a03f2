import type { CellValue, Condition, Operator } from "./model";

/** Conditions of `--where` and the page's filters (spec §6). */

const SYMBOLS = ["==", "!=", "<=", ">=", "<", ">"] as const;
const WORDS = ["contains", "in"] as const;
const OPERATORS: readonly string[] = [...SYMBOLS, ...WORDS];

const EXPECTED = `expected "<column> <op> <value>" with op one of == != < <= > >= contains in`;

/** Drops one pair of matching quotes around a value (`label == "a b"`). */
function unquote(text: string): string {
  const q = text[0];
  return text.length >= 2 && (q === '"' || q === "'") && text.endsWith(q) ? text.slice(1, -1) : text;
}

/**
 * `"<column> <op> <value>"`: the column is the first word when an operator follows it (so values may hold `<`),
 * else whatever precedes the first symbolic operator (`snr>2.5`). Throws a one-line error.
 */
export function parseCondition(text: string): Condition {
  const trimmed = text.trim();
  const spaced = /^(\S+)\s+(\S+)(?:\s+([\s\S]*))?$/.exec(trimmed);
  const tight = /^(.+?)\s*(==|!=|<=|>=|<|>)\s*([\s\S]*)$/.exec(trimmed);
  const parts =
    spaced && OPERATORS.includes(spaced[2]!)
      ? [spaced[1]!, spaced[2]!, spaced[3] ?? ""]
      : tight && tight[1]!.trim()
        ? [tight[1]!.trim(), tight[2]!, tight[3]!]
        : null;
  if (!parts) throw new Error(`--where "${text}": ${EXPECTED}`);
  const [column, op, raw] = parts as [string, Operator, string];
  // An empty value is written as "" (label == ""), so a forgotten one is told, not compared with nothing.
  if (!raw.trim()) throw new Error(`--where "${text}": the condition needs a value after ${op}`);
  return { column, op, value: unquote(raw.trim()) };
}

/** String order by code point (UTF-16 order differs above U+FFFF), as Python and the spec's oracle compare. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

const INTEGER = /^[+-]?\d+$/;

/**
 * Numbers compared as numbers; integers beyond 2^53 (kept as their digits) exactly, as BigInts. NaN when the
 * value is not a number.
 */
function compareNumbers(cell: number | string, value: string): number {
  if (typeof cell === "string" && INTEGER.test(cell) && INTEGER.test(value.trim())) {
    const a = BigInt(cell);
    const b = BigInt(value.trim());
    return a === b ? 0 : a < b ? -1 : 1;
  }
  const a = Number(cell);
  const b = value.trim() === "" ? NaN : Number(value);
  return a === b ? 0 : a < b ? -1 : a > b ? 1 : NaN;
}

function cellText(value: CellValue): string {
  return typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
}

const TRUE = /^(true|1)$/i;
const FALSE = /^(false|0)$/i;

function compare(value: CellValue, against: string, numeric: boolean): number {
  // Booleans (h5py's FALSE/TRUE enum) against true/false however written (True, 1, …), false before true.
  if (typeof value === "boolean" && (TRUE.test(against.trim()) || FALSE.test(against.trim())))
    return Number(value) - Number(TRUE.test(against.trim()));
  if (numeric && (typeof value === "number" || typeof value === "string")) {
    const d = compareNumbers(value, against);
    if (!Number.isNaN(d)) return d;
  }
  return compareText(cellText(value), against);
}

/**
 * Whether a cell passes a condition (spec §6): null (NaN, ±Inf, a column the file lacks) never matches but
 * `== null` / `!= null`; `in` takes a comma-separated list; numbers compare as numbers when the column is numeric
 * (`numeric`), everything else as text.
 */
export function matches(value: CellValue, condition: Condition, numeric: boolean): boolean {
  const { op, value: against } = condition;
  if (against === "null" && (op === "==" || op === "!=")) return op === "==" ? value === null : value !== null;
  if (value === null || value === undefined) return false;
  switch (op) {
    case "==":
      return compare(value, against, numeric) === 0;
    case "!=":
      return compare(value, against, numeric) !== 0;
    case "<":
      return compare(value, against, numeric) < 0;
    case "<=":
      return compare(value, against, numeric) <= 0;
    case ">":
      return compare(value, against, numeric) > 0;
    case ">=":
      return compare(value, against, numeric) >= 0;
    case "contains":
      return cellText(value).includes(against);
    case "in":
      return against.split(",").some((item) => compare(value, item.trim(), numeric) === 0);
  }
}

/** Sort order of two non-null cells of one column. */
export function compareCells(a: CellValue, b: CellValue, numeric: boolean): number {
  if (numeric && (typeof a === "number" || typeof a === "string") && (typeof b === "number" || typeof b === "string")) {
    const d = typeof a === "number" && typeof b === "number" ? a - b : compareNumbers(a, String(b));
    if (!Number.isNaN(d)) return d;
  }
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return compareText(cellText(a), cellText(b));
}

/** A value typed against a numeric column as a number; NaN when it is not one ("" included). */
function asNumber(text: string): number {
  const t = text.trim();
  return t === "" ? NaN : Number(t);
}

/**
 * Throws a one-line error when a condition on a numeric column compares with something that is not a number
 * (`snr < abc` would otherwise compare the numbers as text, silently). `== null`, `!= null` and `contains` stay.
 */
export function checkNumericCondition(condition: Condition): void {
  const { column, op, value } = condition;
  if (op === "contains" || (value === "null" && (op === "==" || op === "!="))) return;
  const items = op === "in" ? value.split(",") : [value];
  const bad = items.find((item) => Number.isNaN(asNumber(item)));
  if (bad !== undefined)
    throw new Error(`column "${column}" holds numbers; "${bad.trim()}" in "${column} ${op} ${value}" is not a number`);
}

/**
 * The test of `matches` on a Float64Array cell (NaN standing for null) for conditions that compare numbers, without
 * a JS value per row; null for the others (`contains`, values that are not numbers), which go through `matches`.
 */
export function numberTest(condition: Condition): ((x: number) => boolean) | null {
  const { op, value } = condition;
  if (value === "null" && (op === "==" || op === "!=")) return op === "==" ? (x) => x !== x : (x) => x === x;
  if (op === "in") {
    const items = value.split(",").map(asNumber);
    if (items.some(Number.isNaN)) return null;
    const set = new Set(items);
    return (x) => set.has(x);
  }
  const v = asNumber(value);
  if (Number.isNaN(v)) return null;
  switch (op) {
    case "==":
      return (x) => x === v;
    case "!=":
      return (x) => x === x && x !== v;
    case "<":
      return (x) => x < v;
    case "<=":
      return (x) => x <= v;
    case ">":
      return (x) => x > v;
    case ">=":
      return (x) => x >= v;
    default:
      return null;
  }
}
