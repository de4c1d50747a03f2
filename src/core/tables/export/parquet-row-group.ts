/**
 * One row group written through hyparquet-writer's own column writer (writeColumn: pages, dictionary, statistics,
 * compression, indexes), as ParquetWriter.write does, but a list of numbers a level deep (a spike train) has its
 * repetition and definition levels and values laid out here in typed arrays instead of the library's generic Dremel
 * walk, which visits each of the 4.9 M spike times of the bench's export as a JavaScript value, recursively (0.4 s,
 * and its per-element arrays ~1 s of garbage collection). Everything else goes through that walk as before.
 */
import type { ParquetWriter } from "hyparquet-writer";
import { writeColumn } from "hyparquet-writer/src/column.js";
import { encodeNestedValues } from "hyparquet-writer/src/dremel.js";
import { schemaPathResolver } from "hyparquet-writer/src/schema.js";
import type { ColumnEncoder, PageData } from "hyparquet-writer/src/types.js";
import type { SchemaTree } from "hyparquet";
import { isNumberList } from "../number-list";
import type { NestedValue } from "./parquet-cast";
import { writeNumberListColumn, type ListLeaf } from "./parquet-list-column";

/** The standard three-level list (an optional LIST group, a repeated `list`, an optional leaf element). */
function isSimpleList(path: SchemaTree[]): boolean {
  if (path.length !== 4) return false;
  const [, group, repeated, leaf] = path.map((node) => node.element);
  return (
    group!.converted_type === "LIST" &&
    group!.repetition_type === "OPTIONAL" &&
    repeated!.repetition_type === "REPEATED" &&
    leaf!.repetition_type === "OPTIONAL" &&
    (leaf!.type === "DOUBLE" || leaf!.type === "FLOAT" || leaf!.type === "INT32")
  );
}

const TYPED = { DOUBLE: Float64Array, FLOAT: Float32Array, INT32: Int32Array } as const;

/**
 * Float columns are written uncompressed: snappy takes ~13 % off measured floats (the bench's spike times: 39.3 →
 * 33.9 MB) for 0.7 s of its 3.1 s of CPU; text, integers and the levels compress well and stay snappy.
 */
const FLOATS = new Set(["DOUBLE", "FLOAT"]);

/**
 * A depth-1 list column's levels and values (maximum definition level 3: 0 a null row, 1 an empty list, 2 a null
 * element, 3 a value; repetition 0 starts a row). Values line up with the levels, a slot per null or empty list, as
 * the column writer expects; with no such slot they are one typed array, else a plain array with `undefined` there.
 */
export function listPageData(cells: NestedValue[], leaf: "DOUBLE" | "FLOAT" | "INT32"): PageData | null {
  let slots = 0;
  let holes = false;
  for (const cell of cells) {
    if (cell === null) {
      slots++;
      holes = true;
    } else if (isNumberList(cell) || Array.isArray(cell)) {
      if (!cell.length) holes = true;
      slots += cell.length || 1;
      if (Array.isArray(cell)) holes ||= cell.some((v) => v === null);
    } else return null; // a scalar in a list column: not one of ours
  }
  const definitionLevels = new Uint8Array(slots);
  const repetitionLevels = new Uint8Array(slots).fill(1);
  const values: ArrayLike<unknown> & { [i: number]: unknown } = holes ? new Array(slots) : new TYPED[leaf](slots);
  let at = 0;
  for (const cell of cells) {
    repetitionLevels[at] = 0;
    if (cell === null || !(cell as ArrayLike<unknown>).length) {
      definitionLevels[at++] = cell === null ? 0 : 1;
      continue;
    }
    const list = cell as ArrayLike<unknown>;
    if (isNumberList(list)) {
      // Typed lists hold no nulls (castCell keeps only finite ones typed).
      if (holes) for (let i = 0; i < list.length; i++) values[at + i] = list[i];
      else (values as Float64Array).set(list, at);
      definitionLevels.fill(3, at, at + list.length);
    } else
      for (let i = 0; i < list.length; i++) {
        values[at + i] = list[i] ?? undefined;
        definitionLevels[at + i] = list[i] === null ? 2 : 3;
      }
    at += list.length;
  }
  // The writer reads the levels by index and slices them per page: typed arrays serve as its number lists.
  return {
    values: values as PageData["values"],
    definitionLevels: definitionLevels as unknown as number[],
    repetitionLevels: repetitionLevels as unknown as number[],
    maxDefinitionLevel: 3,
  };
}

/** The leaf paths under a column (several for a struct), as ParquetWriter finds them. */
function leafPaths(path: SchemaTree[]): SchemaTree[][] {
  const node = path[path.length - 1]!;
  if (!node.children.length) return [path];
  return node.children.flatMap((child) => leafPaths([...path, child]));
}

/** Writes `columns` (one value per row each, all of one length) as one row group of `parquet`'s file. */
export function writeRowGroup(parquet: ParquetWriter, columns: { name: string; data: NestedValue[] }[]): void {
  const rows = columns[0]?.data.length ?? 0;
  if (!rows) return;
  const resolve = schemaPathResolver(parquet.schema);
  const start = parquet.writer.offset;
  const chunks = [];
  for (const { name, data } of columns) {
    if (data.length !== rows) throw new Error("parquet columns must have the same length");
    for (const path of leafPaths(resolve([name]))) {
      const schemaPath = path.map((node) => node.element);
      const leaf = schemaPath[schemaPath.length - 1]!;
      const column: ColumnEncoder = {
        columnName: schemaPath
          .slice(1)
          .map((s) => s.name)
          .join("."),
        element: leaf,
        schemaPath,
        codec: FLOATS.has(leaf.type!) ? "UNCOMPRESSED" : parquet.codec,
        compressors: parquet.compressors,
        stats: parquet.statistics,
        statisticsTruncateLength: parquet.statisticsTruncateLength,
        pageSize: 1 << 20,
        columnIndex: false,
        offsetIndex: true,
      };
      const simple = isSimpleList(path) ? (leaf.type as ListLeaf) : null;
      const result =
        (simple ? writeNumberListColumn(parquet.writer, column, data, simple) : null) ??
        writeColumn({
          writer: parquet.writer,
          column,
          pageData:
            (simple ? listPageData(data, simple) : null) ??
            encodeNestedValues(path, data as unknown[] as PageData["values"]),
        });
      chunks.push(result.chunk);
      parquet.pendingIndexes.push(result);
    }
  }
  let totalBytes = 0n;
  for (const { meta_data } of chunks) totalBytes += meta_data?.total_uncompressed_size ?? 0n;
  parquet.num_rows += BigInt(rows);
  parquet.row_groups.push({
    columns: chunks,
    total_byte_size: totalBytes,
    num_rows: BigInt(rows),
    total_compressed_size: BigInt(parquet.writer.offset - start),
  });
  void parquet.writer.flush?.(); // as ParquetWriter.write does after each row group (ours hands the bytes out)
}
