/**
 * How each output column is typed in Parquet (spec §5): a leaf type from the column's element type, wrapped in as
 * many lists as a row's value nests (ragged, doubly ragged, N-D, ragged regions); where files disagree, the type
 * most files have (parquet-cast.ts brings the others' values to it); and the schema elements that say so.
 */
import type { SchemaElement } from "hyparquet-writer";
import type { CellValue, ColumnInfo } from "../model";

/** The leaf of a column: Parquet's physical types, with uint64 apart (INT64 annotated unsigned). */
export type Leaf = "BOOLEAN" | "INT32" | "INT64" | "UINT64" | "FLOAT" | "DOUBLE" | "STRING";

/** A column's Parquet type: its leaf, inside `depth` lists (0 for a scalar). */
export interface ParquetType {
  leaf: Leaf;
  depth: number;
}

export const sameType = (a: ParquetType, b: ParquetType) => a.leaf === b.leaf && a.depth === b.depth;

const LEAF_OF_DTYPE: Record<ColumnInfo["dtype"], Leaf> = {
  int8: "INT32",
  int16: "INT32",
  int32: "INT32",
  uint8: "INT32",
  uint16: "INT32",
  int64: "INT64",
  uint32: "INT64",
  uint64: "UINT64",
  float32: "FLOAT",
  float64: "DOUBLE",
  bool: "BOOLEAN",
  string: "STRING",
  // References are the referenced object's path; compounds go out as their JSON text.
  reference: "STRING",
  compound: "STRING",
};

/** Lists a kind of column adds around its element shape: ragged one, doubly ragged two (spec §3). */
const RAGGED_DEPTH: Record<ColumnInfo["kind"], number> = {
  scalar: 0,
  array: 0,
  ragged: 1,
  ragged2: 2,
  // A region is ragged or not with the same kind and shape (spec §7); `withRegionDepth` settles it from values.
  region: 0,
  reference: 0,
  compound: 0,
};

export function typeOfColumn(info: ColumnInfo): ParquetType {
  return { leaf: LEAF_OF_DTYPE[info.dtype], depth: RAGGED_DEPTH[info.kind] + info.shape.length };
}

/**
 * A region column's listing cannot tell ragged from not (spec §7): it is ragged when its values are arrays. Judged
 * on the first batch of rows; a later array in a column judged scalar is written as null with a warning.
 */
export function withRegionDepth(type: ParquetType, values: Iterable<CellValue | undefined>): ParquetType {
  for (const value of values) if (Array.isArray(value)) return { ...type, depth: type.depth + 1 };
  return type;
}

/** The type of a column no file describes, from its first values (a number is a double, an object JSON text). */
export function typeOfValues(values: Iterable<CellValue | undefined>): ParquetType {
  for (let value of values) {
    let depth = 0;
    while (Array.isArray(value)) {
      depth++;
      value = value.find((element) => element !== null);
    }
    if (value === null || value === undefined) continue;
    const leaf: Leaf = typeof value === "boolean" ? "BOOLEAN" : typeof value === "number" ? "DOUBLE" : "STRING";
    return { leaf, depth };
  }
  return { leaf: "STRING", depth: 0 };
}

/** How a file stores a column, said the way --list says it. */
export function describeColumn(info: ColumnInfo): string {
  return (info.kind === "scalar" ? "" : info.kind + " ") + info.dtype + (info.shape.length ? ` [${info.shape}]` : "");
}

/** A Parquet type in words, e.g. `list<list<double>>`. */
export function describeType(type: ParquetType): string {
  return "list<".repeat(type.depth) + type.leaf.toLowerCase() + ">".repeat(type.depth);
}

export interface ColumnTypeChoice {
  /** The file whose ColumnInfo gives the chosen type (one of the majority, the first of them). */
  info: ColumnInfo;
  /** Files storing the column differently, with how they store it: the warning names them. */
  dissenters: { file: string; info: ColumnInfo }[];
  /** Files of the majority. */
  majority: string[];
}

/** Leaves that hold every value of another exactly: what a tie between files is settled by. */
const HOLDS: Partial<Record<Leaf, Leaf[]>> = {
  DOUBLE: ["INT32", "FLOAT"],
  INT64: ["INT32"],
  STRING: ["BOOLEAN", "INT32", "INT64", "UINT64", "FLOAT", "DOUBLE"],
};

const holds = (a: ParquetType, b: ParquetType) =>
  a.depth === b.depth && (a.leaf === b.leaf || (HOLDS[a.leaf] ?? []).includes(b.leaf));

/**
 * The type most files have for one column; null when no file has the column. A tie goes to the tied type that
 * holds the others' values exactly (int32 in one file, float64 in another: double, so 2.5 is not lost), else to
 * the type met first.
 */
export function chooseColumnType(
  name: string,
  fileColumns: { file: string; columns: ColumnInfo[] }[],
): ColumnTypeChoice | null {
  const groups: { type: ParquetType; info: ColumnInfo; files: string[] }[] = [];
  for (const { file, columns } of fileColumns) {
    const info = columns.find((column) => column.name === name);
    if (!info) continue;
    const type = typeOfColumn(info);
    const group = groups.find((candidate) => sameType(candidate.type, type));
    if (group) group.files.push(file);
    else groups.push({ type, info, files: [file] });
  }
  if (!groups.length) return null;
  const most = Math.max(...groups.map((group) => group.files.length));
  const tied = groups.filter((group) => group.files.length === most);
  const winner = tied.find((group) => tied.every((other) => holds(group.type, other.type))) ?? tied[0]!;
  const dissenters = groups
    .filter((group) => group !== winner)
    .flatMap((group) => group.files.map((file) => ({ file, info: group.info })));
  return { info: winner.info, dissenters, majority: winner.files };
}

function leafElement(name: string, leaf: Leaf, required: boolean): SchemaElement {
  const repetition_type = required ? "REQUIRED" : "OPTIONAL";
  switch (leaf) {
    case "STRING":
      return { name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type };
    case "UINT64":
      return { name, type: "INT64", converted_type: "UINT_64", repetition_type };
    default:
      return { name, type: leaf, repetition_type };
  }
}

/**
 * A column's schema elements, depth first: lists as Parquet's standard three levels (an optional LIST group, a
 * repeated group `list`, its `element`), nested for each level; elements optional (a NaN inside a list is null).
 */
export function columnSchema(name: string, type: ParquetType, required = false): SchemaElement[] {
  if (type.depth === 0) return [leafElement(name, type.leaf, required)];
  return [
    { name, repetition_type: required ? "REQUIRED" : "OPTIONAL", converted_type: "LIST", num_children: 1 },
    { name: "list", repetition_type: "REPEATED", num_children: 1 },
    ...columnSchema("element", { leaf: type.leaf, depth: type.depth - 1 }),
  ];
}
