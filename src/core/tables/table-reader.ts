import type { File } from "h5wasm";
import { plainMessage } from "../hdf5/hdf5-error";
import { referenceNamer } from "./decode";
import { tableInfo } from "./find-tables";
import type { CellValue, ColumnLinks, TableInfo } from "./model";
import { indexRanges, readRanges, readRows } from "./read-ranges";
import { isTable, tableStructure, type ColumnSource } from "./table-structure";

/** One file's table, read column by column for the rows asked. */
export interface TableReader {
  info: TableInfo;
  links: Record<string, ColumnLinks>;
  warnings: string[];
  /**
   * The values of `column` (`id` or a colnames entry) at `rows`, ascending positions. Reads only what those rows
   * need: scalar and N-D columns by coalesced hyperslabs, ragged data through its index, each chunk inflated once.
   */
  read(column: string, rows: ArrayLike<number>): CellValue[];
}

/** Opens the table at `path` (absolute); throws when there is none, or a column's length disagrees with len(id). */
export function openTable(file: File, fileName: string, path: string): TableReader {
  if (!isTable(file, path)) throw new Error(`${fileName}: no table at ${path}`);
  const structure = tableStructure(file, fileName, path);
  if (structure.problems.length) throw new Error(structure.problems[0]);
  const sources = new Map<string, ColumnSource>([["id", structure.id]]);
  for (const c of structure.columns) sources.set(c.info.name, c);
  const names = referenceNamer(file.file_id);
  return {
    info: tableInfo(structure),
    links: Object.fromEntries(structure.columns.map((c) => [c.info.name, c.links])),
    warnings: structure.warnings,
    read(column, rows) {
      const source = sources.get(column);
      if (!source) throw new Error(`${fileName}: table ${path} has no column "${column}"`);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        if (!(r >= 0 && r < source.rows) || (i > 0 && r <= rows[i - 1]!))
          throw new Error(`${fileName}: table ${path}: rows must ascend within 0–${source.rows - 1} (got ${r})`);
      }
      const describe = `${fileName}: table ${path}: column "${column}"`;
      try {
        return readColumn(source, rows, names, describe);
      } catch (e) {
        if (e instanceof Error && e.message.startsWith(`${fileName}:`)) throw e;
        throw new Error(`${describe}: ${plainMessage(e)}`, { cause: e });
      }
    },
  };
}

function readColumn(
  source: ColumnSource,
  rows: ArrayLike<number>,
  names: ReturnType<typeof referenceNamer>,
  describe: string,
): CellValue[] {
  const { indexes, data } = source;
  if (indexes.length === 0) return readRows(data, rows, names);
  // Each level maps positions to the ranges they select in the next; the values nest back up level by level.
  let positions: number[] = Array.from(rows);
  const levels: number[][] = []; // per level, how many next-level positions each position owns
  for (let level = 0; level < indexes.length; level++) {
    const targetLength = level + 1 < indexes.length ? indexes[level + 1]!.length : data.length;
    const ranges = indexRanges(indexes[level]!, positions, targetLength, describe);
    if (level + 1 === indexes.length) {
      let values: CellValue[] = readRanges(data, ranges, names);
      for (let up = levels.length - 1; up >= 0; up--) values = regroup(values, levels[up]!);
      return values;
    }
    levels.push(ranges.map(([s, e]) => e - s));
    positions = [];
    for (const [s, e] of ranges) for (let p = s; p < e; p++) positions.push(p);
  }
  return []; // not reached: the loop returns at the last level
}

/** Consecutive values gathered into lists of the given sizes. */
function regroup(values: CellValue[], sizes: number[]): CellValue[][] {
  const out: CellValue[][] = new Array(sizes.length);
  let at = 0;
  for (let i = 0; i < sizes.length; i++) {
    out[i] = values.slice(at, at + sizes[i]!);
    at += sizes[i]!;
  }
  return out;
}
