import type { File } from "h5wasm";
import { plainMessage } from "../hdf5/hdf5-error";
import { referenceNamer, type ReferenceNamer } from "./decode";
import { directFetch, type DirectSource, type ElementFetch } from "./direct-ranges";
import { tableInfo } from "./find-tables";
import type { CellValue, ColumnLinks, TableInfo } from "./model";
import type { ExportCell } from "./number-list";
import { indexRanges, readRanges, readRangesAsync, readRows, readSpan } from "./read-ranges";
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
  /**
   * The same; with a direct source (openTable's `direct`), ragged numeric data comes straight from the file's
   * chunks, inflated off the thread several at once (direct-ranges.ts). Other columns as `read`.
   */
  readAsync(column: string, rows: ArrayLike<number>): Promise<CellValue[]>;
  /** With `numberLists`, a ragged cell of numbers read straight from the file is a typed view (number-list.ts). */
  readAsync(column: string, rows: ArrayLike<number>, numberLists: boolean): Promise<ExportCell[]>;
  /**
   * Rows [start, end) of a column in one read, numbers as a Float64Array (NaN null) where they fit one: what filters
   * and sorting read whole columns by, a window at a time (no JS value per row for numbers).
   */
  readSpan(column: string, start: number, end: number): { numbers: Float64Array } | { cells: CellValue[] };
  /** Numbers (or strings, objects) a row of the column holds on average: what a batch of rows weighs. */
  cellsPerRow(column: string): number;
  /**
   * Declares that readAsync will read `column` at `rows` (ascending), in that order: ragged data read straight from
   * the file then has its chunks decoded ahead, each only as far as these rows need (ElementFetch.plan). No rows:
   * the plan is dropped. Never throws: where the rows' ranges cannot be found, the reads go unplanned.
   */
  planReads(column: string, rows: ArrayLike<number>): void;
}

/** Opens the table at `path` (absolute); throws when there is none, or a column's length disagrees with len(id). */
export function openTable(file: File, fileName: string, path: string, direct?: DirectSource): TableReader {
  if (!isTable(file, path)) throw new Error(`${fileName}: no table at ${path}`);
  const structure = tableStructure(file, fileName, path);
  if (structure.problems.length) throw new Error(structure.problems[0]);
  const sources = new Map<string, ColumnSource>([["id", structure.id]]);
  for (const c of structure.columns) sources.set(c.info.name, c);
  const names = referenceNamer(file.file_id);
  const fetches = new Map<string, ElementFetch | null>();
  const fetchOf = (source: ColumnSource) => {
    if (!direct || !source.indexes.length) return null;
    const name = source.info.name;
    if (!fetches.has(name)) fetches.set(name, directFetch(source.data, direct));
    return fetches.get(name)!;
  };
  const checked = (column: string, rows: ArrayLike<number>) => {
    const source = sources.get(column);
    if (!source) throw new Error(`${fileName}: table ${path} has no column "${column}"`);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (!(r >= 0 && r < source.rows) || (i > 0 && r <= rows[i - 1]!))
        throw new Error(`${fileName}: table ${path}: rows must ascend within 0–${source.rows - 1} (got ${r})`);
    }
    return source;
  };
  const describe = (column: string) => `${fileName}: table ${path}: column "${column}"`;
  /** Errors name the file, table and column, HDF5's stacks put in plain words. */
  const named = (column: string, e: unknown): Error => {
    if (e instanceof Error && e.message.startsWith(`${fileName}:`)) return e;
    return new Error(`${describe(column)}: ${plainMessage(e)}`, { cause: e });
  };
  async function readAsync(column: string, rows: ArrayLike<number>): Promise<CellValue[]>;
  async function readAsync(column: string, rows: ArrayLike<number>, numberLists: boolean): Promise<ExportCell[]>;
  async function readAsync(column: string, rows: ArrayLike<number>, numberLists = false): Promise<ExportCell[]> {
    const source = checked(column, rows);
    try {
      return await readColumnAsync(source, rows, names, describe(column), fetchOf(source), numberLists);
    } catch (e) {
      throw named(column, e);
    }
  }
  return {
    info: tableInfo(structure),
    links: Object.fromEntries(structure.columns.map((c) => [c.info.name, c.links])),
    warnings: structure.warnings,
    read(column, rows) {
      const source = checked(column, rows);
      try {
        return readColumn(source, rows, names, describe(column));
      } catch (e) {
        throw named(column, e);
      }
    },
    readSpan(column, start, end) {
      const source = checked(column, end - start > 1 ? [start, end - 1] : [start]);
      try {
        if (source.indexes.length === 0) return readSpan(source.data, start, end, names);
        const rows = Array.from({ length: end - start }, (_, i) => start + i);
        return { cells: readColumn(source, rows, names, describe(column)) };
      } catch (e) {
        throw named(column, e);
      }
    },
    cellsPerRow(column) {
      const source = sources.get(column);
      if (!source || source.rows === 0) return 1;
      const cells = source.data.length * source.info.shape.reduce((a, b) => a * b, 1);
      return Math.max(1, cells / source.rows);
    },
    readAsync,
    planReads(column, rows) {
      const source = checked(column, rows);
      const fetch = fetchOf(source);
      if (!fetch?.plan) return;
      try {
        fetch.plan(rows.length ? raggedRanges(source, rows, describe(column)).ranges : []);
      } catch {
        // Only a way to read faster: a damaged index, or more nested lists than one read takes (the whole view's,
        // where each batch's would do), is told by the reads themselves, as without a plan.
        fetch.plan([]);
      }
    },
  };
}

/** Lists the inner levels of a doubly ragged column may hold for one read (the rows of a batch, together). */
export const MAX_NESTED_LISTS = 1 << 22;

/**
 * A ragged column's way down: each index level maps positions to the ranges they select in the next. Returns the
 * data ranges of the last level, and per upper level how many next-level positions each position owns (to nest
 * the values back up).
 */
function raggedRanges(source: ColumnSource, rows: ArrayLike<number>, describe: string) {
  const { indexes, data } = source;
  let positions: ArrayLike<number> = rows;
  const levels: number[][] = [];
  for (let level = 0; ; level++) {
    const targetLength = level + 1 < indexes.length ? indexes[level + 1]!.length : data.length;
    const ranges = indexRanges(indexes[level]!, positions, targetLength, describe);
    if (level + 1 === indexes.length) return { ranges, levels };
    const sizes = ranges.map(([s, e]) => e - s);
    const total = sizes.reduce((a, b) => a + b, 0);
    // Each next-level position becomes a list in the cells: a damaged or absurd index (one row owning 5e7 lists)
    // is an error here, before any list is made.
    if (total > MAX_NESTED_LISTS)
      throw new Error(
        `needs ${total} index entries for one read; more than this tool reads at once (${MAX_NESTED_LISTS})`,
      );
    levels.push(sizes);
    const next = new Float64Array(total);
    let at = 0;
    for (const [s, e] of ranges) for (let p = s; p < e; p++) next[at++] = p;
    positions = next;
  }
}

function nestUp(values: ExportCell[], levels: number[][]): ExportCell[] {
  for (let up = levels.length - 1; up >= 0; up--) values = regroup(values, levels[up]!);
  return values;
}

function readColumn(
  source: ColumnSource,
  rows: ArrayLike<number>,
  names: ReferenceNamer,
  describe: string,
): CellValue[] {
  if (source.indexes.length === 0) return readRows(source.data, rows, names);
  const { ranges, levels } = raggedRanges(source, rows, describe);
  return nestUp(readRanges(source.data, ranges, names), levels) as CellValue[]; // cell values in, cell values out
}

async function readColumnAsync(
  source: ColumnSource,
  rows: ArrayLike<number>,
  names: ReferenceNamer,
  describe: string,
  fetch: ElementFetch | null,
  numberLists: boolean,
): Promise<ExportCell[]> {
  if (source.indexes.length === 0 || !fetch) return readColumn(source, rows, names, describe);
  const { ranges, levels } = raggedRanges(source, rows, describe);
  return nestUp(await readRangesAsync(source.data, ranges, fetch, numberLists), levels);
}

/** Consecutive values gathered into lists of the given sizes. */
function regroup(values: ExportCell[], sizes: number[]): ExportCell[][] {
  const out: ExportCell[][] = new Array(sizes.length);
  let at = 0;
  for (let i = 0; i < sizes.length; i++) {
    out[i] = values.slice(at, at + sizes[i]!);
    at += sizes[i]!;
  }
  return out;
}
