/**
 * Bringing every value to its column's Parquet type (spec §5): where files disagree, a file's values are cast to the
 * type most files have; a value (or list element) that cannot be cast becomes null and is counted for the warning.
 */
import type { CellValue } from "../model";
import { hasNonFinite, isNumberList, listCells, plainCell, type ExportCell, type NumberList } from "../number-list";
import type { Leaf, ParquetType } from "./parquet-types";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const INTEGER_TEXT = /^[+-]?\d+$/;

/** Marks a value that cannot be cast; the caller writes null and counts it. */
export const CANNOT_CAST = Symbol("cannot cast");

type LeafValue = boolean | number | bigint | string;

function integerOf(value: CellValue): bigint | typeof CANNOT_CAST {
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : CANNOT_CAST;
  // Integers beyond 2^53 arrive as their decimal digits (spec §3): BigInt takes them exactly.
  if (typeof value === "string") return INTEGER_TEXT.test(value.trim()) ? BigInt(value.trim()) : CANNOT_CAST;
  if (typeof value === "boolean") return value ? 1n : 0n;
  return CANNOT_CAST;
}

/** One non-null, non-list value cast to a leaf type. */
export function castLeaf(value: CellValue, leaf: Leaf): LeafValue | typeof CANNOT_CAST {
  switch (leaf) {
    case "STRING":
      return typeof value === "string" ? value : JSON.stringify(value);
    case "DOUBLE":
    case "FLOAT": {
      if (typeof value === "number") return value;
      if (typeof value === "boolean") return value ? 1 : 0;
      const number = typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
      return Number.isFinite(number) ? number : CANNOT_CAST;
    }
    case "BOOLEAN":
      if (typeof value === "boolean") return value;
      if (value === 0 || value === 1) return value === 1;
      if (value === "true" || value === "false") return value === "true";
      return CANNOT_CAST;
    case "INT32": {
      const integer = integerOf(value);
      return integer !== CANNOT_CAST && integer >= -(2n ** 31n) && integer < 2n ** 31n ? Number(integer) : CANNOT_CAST;
    }
    case "INT64": {
      const integer = integerOf(value);
      return integer !== CANNOT_CAST && integer >= INT64_MIN && integer <= INT64_MAX ? integer : CANNOT_CAST;
    }
    case "UINT64": {
      const integer = integerOf(value);
      return integer !== CANNOT_CAST && integer >= 0n && integer <= UINT64_MAX ? integer : CANNOT_CAST;
    }
  }
}

/** A cast cell: lists to the type's depth; a list of DOUBLE, FLOAT or INT32 may stay a typed array (see castCell). */
export type NestedValue = LeafValue | null | NestedValue[] | NumberList;

/** Typed lists that are already their leaf's values, every one present: written as they are, not element by element. */
function asLeafList(list: NumberList, leaf: Leaf): NumberList | null {
  if (leaf === "DOUBLE") return list instanceof Float64Array && !hasNonFinite(list) ? list : null;
  if (leaf === "FLOAT") return list instanceof Float32Array && !hasNonFinite(list) ? list : null;
  if (leaf === "INT32")
    return list instanceof Float64Array || list instanceof Float32Array || list instanceof Uint32Array ? null : list;
  return null;
}

/**
 * One cell cast to a column's type: lists stay lists to the type's depth, each element cast to the leaf. What cannot
 * be cast (an element, or the whole cell when its nesting differs) becomes null and is counted in `failures`.
 */
export function castCell(value: ExportCell | undefined, type: ParquetType, failures: { count: number }): NestedValue {
  // NaN and ±Inf are null (spec §3): the engine gives null already, and JSON would write null for them anyway.
  if (value === null || value === undefined || (typeof value === "number" && !Number.isFinite(value))) return null;
  if (isNumberList(value)) {
    const same = type.depth === 1 ? asLeafList(value, type.leaf) : null;
    return same ?? castCell(listCells(value), type, failures);
  }
  if (type.depth > 0) {
    if (!Array.isArray(value)) {
      failures.count++;
      return null;
    }
    const inner = { leaf: type.leaf, depth: type.depth - 1 };
    // Typed lists stay typed only as a whole cell (parquet-row-group.ts writes those): nested ones become arrays.
    return value.map((element) => castCell(isNumberList(element) ? listCells(element) : element, inner, failures));
  }
  // A list where a scalar belongs: only text can hold it (as JSON), like an object.
  if (Array.isArray(value) && type.leaf !== "STRING") {
    failures.count++;
    return null;
  }
  // Text of a list (typed lists inside as their numbers).
  const cast = castLeaf(Array.isArray(value) ? plainCell(value) : value, type.leaf);
  if (cast === CANNOT_CAST) {
    failures.count++;
    return null;
  }
  return cast;
}
