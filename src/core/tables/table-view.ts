import type { File } from "h5wasm";
import { wholeColumn } from "./column-cache";
import { checkNumericCondition, compareCells } from "./condition";
import { setField } from "./decode";
import type { DirectSource } from "./direct-ranges";
import { LEADING_COLUMNS, type CellValue, type ColumnInfo, type ColumnLinks, type Row, type TableQuery } from "./model";
import type { ExportCell, ExportRow } from "./number-list";
import { tablePath } from "./shortcuts";
import { openTable, type TableReader } from "./table-reader";
import { isTable } from "./table-structure";
import { cellAt, filterRows, sortRows, type ViewOrder, type WholeColumn } from "./view-order";

/** Values read for some rows of one file: each row's place in the lists, the lists by column. */
interface ColumnValues {
  at: Map<number, number>;
  values: Map<string, ExportCell[]>;
}

/** A file a view reads: `direct` (its bytes and an inflater) lets rowsAsync read ragged data off the thread. */
export interface ViewFile {
  name: string;
  file: File;
  direct?: DirectSource;
}

/** One file's share of a view. */
interface Part {
  name: string;
  file: File;
  reader: TableReader;
  /** The table's path without the leading `/` (the `_table_path` column). */
  tablePath: string;
  infos: Map<string, ColumnInfo>;
}

const LEADING = new Set<string>(LEADING_COLUMNS);
/**
 * Kinds whose rows hold one value, which filters and sorting take: a region (not ragged) is one row position, a
 * reference one path — `electrodes == 3` is what a user filtering units by electrode types.
 */
const ONE_VALUE_KINDS = new Set<string>(["scalar", "region", "reference"]);
const NUMERIC = /^(u?int\d+|float\d+)$/;
/**
 * Rows read per window when a filter or sort reads a whole column: each window is one synchronous read, announced to
 * the caller's watch (a watchdog grants it time by its size) and followed by a progress line.
 */
const WINDOW_ROWS = 1 << 20;
/**
 * Rows a filter or sort takes at most across the files: the view's order is two Uint32Arrays and a numeric column
 * a Float64Array (16 bytes a row: 2 GiB here). An unfiltered, unsorted view has no per-row list at all.
 */
export const MAX_ORDERED_ROWS = 1 << 27;

/** What a view's long synchronous reads tell their caller (the CLI's watchdog and progress line). */
export interface ViewHooks {
  /** A synchronous read of about `bytes` starts; `done` once it returned or threw. */
  watch?: { reading(bytes: number): void; done(): void };
  onProgress?(text: string): void;
  /** The file whose table is read from now on (the CLI's watchdog names it if HDF5 stops responding). */
  onFile?(name: string): void;
}

/** Rows of a view at most whose ragged reads are declared ahead (planReads): their ranges are held at once. */
const MAX_PLANNED_ROWS = 1 << 18;

/** Cells a batch holds at most, on average (a cell is a JS value: ~10–20 bytes). */
const MAX_BATCH_CELLS = 1_000_000;

function leadingInfo(name: string, idInfo: ColumnInfo | undefined): ColumnInfo {
  if (name === "id") return { name, kind: "scalar", dtype: idInfo?.dtype ?? "int64", shape: [] };
  return { name, kind: "scalar", dtype: name === "_table_index" ? "int64" : "string", shape: [] };
}

/**
 * A table read across files (spec §4): each file's rows in file order, the columns the union of theirs, projected
 * and filtered (§6) and optionally sorted. Filtering reads only the filter columns (whole, kept between views:
 * column-cache.ts); the other columns are read for the rows shown or written, and only those asked.
 */
export class TableView {
  readonly columns: string[];
  readonly fileColumns: { file: string; columns: ColumnInfo[] }[];
  readonly total: number;
  readonly warnings: string[];
  private readonly parts: Part[];
  /** The view's rows in order (the part and row position of each); null when it is the files' rows as they are. */
  private readonly order: ViewOrder | null;
  /** Whether the view's order is a sort's rather than the files' own. */
  private readonly sorted: boolean;
  /** The view position each part's rows start at, when the view is the files' rows (order null). */
  private readonly starts: number[];
  private readonly hooks: ViewHooks;

  private constructor(parts: Part[], columns: string[], warnings: string[], query: TableQuery, hooks: ViewHooks) {
    this.parts = parts;
    this.columns = columns;
    this.warnings = warnings;
    this.total = parts.reduce((n, p) => n + p.reader.info.rows, 0);
    this.fileColumns = parts.map((p) => ({
      file: p.name,
      columns: columns.filter((c) => LEADING.has(c) || p.infos.has(c)).map((c) => this.infoIn(p, c)!),
    }));
    this.hooks = hooks;
    this.sorted = !!query.sort;
    this.starts = [];
    let at = 0;
    for (const p of parts) {
      this.starts.push(at);
      at += p.reader.info.rows;
    }
    const where = query.where ?? [];
    if (!where.length && !query.sort) {
      this.order = null;
      return;
    }
    if (this.total > MAX_ORDERED_ROWS)
      throw new Error(
        `${parts.map((p) => p.name).join(", ")}: table ${parts[0]!.reader.info.path} has ${this.total} rows; ` +
          `filters and sorting take at most ${MAX_ORDERED_ROWS}`,
      );
    for (const condition of where)
      if (parts.some((p) => this.isNumeric(p, condition.column))) checkNumericCondition(condition);
    const kept = this.filter(where);
    if (query.sort) this.sort(kept, query.sort.column, query.sort.descending);
    this.order = kept;
  }

  /** The part of view position i. */
  private partAt(i: number): number {
    if (this.order) return this.order.part[i]!;
    let p = this.starts.length - 1;
    while (p > 0 && (this.starts[p]! > i || this.parts[p]!.reader.info.rows === 0)) p--;
    return p;
  }

  /** The row position (in its file) of view position i. */
  private rowAt(i: number): number {
    if (this.order) return this.order.row[i]!;
    return i - this.starts[this.partAt(i)]!;
  }

  /** Opens the view; throws when no file has the table, or a file's table cannot be read (spec §2). */
  static open(files: ViewFile[], query: TableQuery, hooks: ViewHooks = {}): TableView {
    const path = tablePath(query.table);
    const warnings: string[] = [];
    const parts: Part[] = [];
    for (const { name, file, direct } of files) {
      if (!isTable(file, path)) {
        warnings.push(`${name}: has no table ${path}; skipped`);
        continue;
      }
      const reader = openTable(file, name, path, direct);
      warnings.push(...reader.warnings);
      const infos = new Map(reader.info.columns.map((c) => [c.name, c]));
      parts.push({ name, file, reader, tablePath: path.slice(1), infos });
    }
    if (!parts.length) {
      const names = files.map((f) => f.name).join(", ");
      throw new Error(`${names || "no files"}: no table ${path}${files.length > 1 ? " in any of them" : ""}`);
    }
    const union: string[] = [];
    for (const p of parts)
      for (const c of p.reader.info.columns) if (c.name !== "id" && !union.includes(c.name)) union.push(c.name);
    const asked = query.columns ? query.columns.filter((c, i, all) => !LEADING.has(c) && all.indexOf(c) === i) : union;
    const mentioned = [
      ...asked,
      ...(query.where ?? []).map((w) => w.column),
      ...(query.sort ? [query.sort.column] : []),
    ];
    for (const c of new Set(mentioned))
      if (!LEADING.has(c) && !union.includes(c))
        warnings.push(`table ${path}: no file has a column "${c}"; it is null throughout`);
    return new TableView(parts, [...LEADING_COLUMNS, ...asked], warnings, query, hooks);
  }

  /** Rows after filtering. */
  get count(): number {
    return this.order ? this.order.row.length : this.total;
  }

  /** The column's type in the first file that has it; leading columns a synthetic scalar one. */
  columnInfo(name: string): ColumnInfo | null {
    for (const p of this.parts) {
      const info = this.infoIn(p, name);
      if (info) return info;
    }
    return null;
  }

  links(name: string): ColumnLinks {
    for (const p of this.parts) if (p.infos.has(name)) return p.reader.links[name] ?? {};
    return {};
  }

  private infoIn(part: Part, name: string): ColumnInfo | null {
    if (LEADING.has(name)) return leadingInfo(name, part.infos.get("id"));
    return part.infos.get(name) ?? null;
  }

  /**
   * Every row's value of a scalar column in one file (null throughout where the file lacks it), read a window at a
   * time: numbers into one Float64Array, so memory is about the column's own size.
   */
  private scalarColumn(part: Part, column: string): WholeColumn {
    const rows = part.reader.info.rows;
    if (column === "_nwb_path") return { constant: part.name, length: rows };
    if (column === "_table_path") return { constant: part.tablePath, length: rows };
    if (column === "_table_index") return { position: true, length: rows };
    const info = part.infos.get(column);
    if (!info) return { constant: null, length: rows };
    const refused = () =>
      new Error(
        `${part.name}: column "${column}" of ${part.reader.info.path} is ${info.kind}; filters and sorting take scalar columns`,
      );
    if (!ONE_VALUE_KINDS.has(info.kind)) throw refused();
    const values = wholeColumn(part.file, part.reader.info.path, column, () => this.readWhole(part, column));
    if (info.kind === "region" && "cells" in values && values.cells.some(Array.isArray)) throw refused(); // a ragged region: lists of rows
    return values;
  }

  /** A whole column by windows of WINDOW_ROWS rows, each announced to the watch, then told as progress. */
  private readWhole(part: Part, column: string): WholeColumn {
    const rows = part.reader.info.rows;
    const { watch, onProgress, onFile } = this.hooks;
    onFile?.(part.name);
    let numbers: Float64Array | null = null;
    let cells: CellValue[] | null = null;
    for (let start = 0; start < rows; start += WINDOW_ROWS) {
      const end = Math.min(rows, start + WINDOW_ROWS);
      watch?.reading((end - start) * 8);
      let window;
      try {
        window = part.reader.readSpan(column, start, end);
      } finally {
        watch?.done();
      }
      if ("numbers" in window && !cells) {
        numbers ??= new Float64Array(rows);
        numbers.set(window.numbers, start);
      } else {
        // Cells from here on (a column reads the same way throughout; kept general all the same).
        if (!cells) {
          cells = new Array<CellValue>(rows);
          if (numbers) for (let i = 0; i < start; i++) cells[i] = cellAt({ numbers }, i);
          numbers = null;
        }
        const got = "numbers" in window ? Array.from(window.numbers, (x) => (x === x ? x : null)) : window.cells;
        for (let i = 0; i < got.length; i++) cells[start + i] = got[i]!;
      }
      if (rows > WINDOW_ROWS)
        onProgress?.(`${part.name}: reading "${column}" to filter or sort: ${end} of ${rows} rows`);
    }
    return numbers ? { numbers } : { cells: cells ?? [] };
  }

  private isNumeric(part: Part, column: string): boolean {
    const info = this.infoIn(part, column);
    return !!info && NUMERIC.test(info.dtype);
  }

  /** The rows passing every condition, in table order, file by file. */
  private filter(where: TableQuery["where"] & object): ViewOrder {
    return filterRows(
      this.parts.map((p) => p.reader.info.rows),
      where,
      (part, column) => this.scalarColumn(this.parts[part]!, column),
      (part, column) => this.isNumeric(this.parts[part]!, column),
    );
  }

  private sort(kept: ViewOrder, column: string, descending: boolean): void {
    const columns = this.parts.map((p) => this.scalarColumn(p, column));
    sortRows(
      kept,
      columns,
      this.parts.some((p) => this.isNumeric(p, column)),
      descending,
    );
  }

  /**
   * View rows start..end: the four leading columns always, then `columns` (the view's, when absent) in that
   * order; only those columns are read, and only for these rows.
   */
  rows(start: number, end: number, columns?: string[]): Row[] {
    const plan = this.plan(start, end, columns);
    const read = new Map<number, ColumnValues>();
    for (const [index, rows] of plan.byPart) {
      const part = this.parts[index]!;
      this.hooks.onFile?.(part.name);
      const values = new Map<string, ExportCell[]>();
      for (const c of plan.read) if (part.infos.has(c)) values.set(c, part.reader.read(c, rows));
      read.set(index, { at: new Map(rows.map((r, i) => [r, i])), values });
    }
    return this.assemble(plan, read) as Row[]; // cell values read, cell values out
  }

  /**
   * The same, ragged numeric data read through the files' direct sources where the view has them (see
   * TableView.open): the chunks inflated off the thread, several at once.
   */
  async rowsAsync(start: number, end: number, columns?: string[]): Promise<Row[]>;
  /** With `numberLists`, ragged numbers read straight from a file are typed arrays (number-list.ts): export only. */
  async rowsAsync(
    start: number,
    end: number,
    columns: string[] | undefined,
    numberLists: boolean,
  ): Promise<ExportRow[]>;
  async rowsAsync(start: number, end: number, columns?: string[], numberLists = false): Promise<ExportRow[]> {
    const plan = this.plan(start, end, columns);
    const read = new Map<number, ColumnValues>();
    for (const [index, rows] of plan.byPart) {
      const part = this.parts[index]!;
      this.hooks.onFile?.(part.name);
      const values = new Map<string, ExportCell[]>();
      for (const c of plan.read)
        if (part.infos.has(c)) values.set(c, await part.reader.readAsync(c, rows, numberLists));
      read.set(index, { at: new Map(rows.map((r, i) => [r, i])), values });
    }
    return this.assemble(plan, read);
  }

  /** Which rows of which file positions start..end hold, ascending per file (as the readers want them). */
  private plan(start: number, end: number, columns?: string[]) {
    start = Math.max(0, start);
    end = Math.max(start, Math.min(this.count, end));
    const asked = (columns ?? this.columns).filter((c, i, all) => !LEADING.has(c) && all.indexOf(c) === i);
    const byPart = new Map<number, number[]>();
    for (let i = start; i < end; i++) {
      const part = this.partAt(i);
      const list = byPart.get(part) ?? [];
      list.push(this.rowAt(i));
      byPart.set(part, list);
    }
    for (const [index, list] of byPart) {
      // In table order already unless the view is sorted.
      if (list.some((r, i) => i > 0 && r <= list[i - 1]!))
        byPart.set(
          index,
          [...new Set(list)].sort((a, b) => a - b),
        );
    }
    return { start, end, asked, read: ["id", ...asked], byPart };
  }

  private assemble(plan: ReturnType<TableView["plan"]>, read: Map<number, ColumnValues>): ExportRow[] {
    const out: ExportRow[] = new Array(plan.end - plan.start);
    for (let i = plan.start; i < plan.end; i++) {
      const index = this.partAt(i);
      const part = this.parts[index]!;
      const r = this.rowAt(i);
      const { at, values } = read.get(index)!;
      const k = at.get(r)!;
      const row: ExportRow = {
        _nwb_path: part.name,
        _table_path: part.tablePath,
        _table_index: r,
        id: values.get("id")![k]!,
      };
      for (const c of plan.asked) setField(row, c, values.get(c)?.[k] ?? null);
      out[i - plan.start] = row;
    }
    return out;
  }

  /** The distinct values of a scalar column over the view's rows, in sort order (null last); null past `limit`. */
  distinct(column: string, limit: number): CellValue[] | null {
    const columns = this.parts.map((p) => this.scalarColumn(p, column));
    const seen = new Set<CellValue>();
    for (let i = 0; i < this.count; i++) {
      seen.add(cellAt(columns[this.partAt(i)]!, this.rowAt(i)));
      if (seen.size > limit) return null;
    }
    const numeric = this.parts.some((p) => this.isNumeric(p, column));
    return [...seen].sort((a, b) => (a === null ? 1 : b === null ? -1 : compareCells(a, b, numeric)));
  }

  /** The whole view in order, `size` rows at most per batch, a batch never spanning two files. */
  *batches(size: number): Iterable<{ file: string; part: number; rows: Row[] }> {
    for (const [start, end] of this.spans(size)) {
      const part = this.partAt(start);
      yield { file: this.parts[part]!.name, part, rows: this.rows(start, end) };
    }
  }

  /**
   * The same through rowsAsync for the export writers (the CLI's and the page's way): ragged data off the thread,
   * ragged numbers as typed arrays (number-list.ts). The next batch is read while the caller writes
   * this one, so the inflates never wait on the writer (two batches in memory at most).
   */
  async *batchesAsync(size: number): AsyncIterable<{ file: string; part: number; rows: ExportRow[] }> {
    this.planReads(true);
    try {
      yield* this.batchesReadAhead(size);
    } finally {
      this.planReads(false);
    }
  }

  private async *batchesReadAhead(size: number): AsyncIterable<{ file: string; part: number; rows: ExportRow[] }> {
    const read = ([start, end]: [number, number]) => {
      const rows = this.rowsAsync(start, end, undefined, true);
      rows.catch(() => undefined); // told when awaited, in order; never as an unhandled rejection
      const part = this.partAt(start);
      return { file: this.parts[part]!.name, part, rows };
    };
    const spans = this.spans(size)[Symbol.iterator]();
    let next = spans.next();
    let ahead = next.done ? null : read(next.value);
    while (ahead) {
      const { file, part } = ahead;
      const rows = await ahead.rows;
      // Started once this batch is read, not before: two batches reading at once would evict each other's chunks.
      next = spans.next();
      ahead = next.done ? null : read(next.value);
      yield { file, part, rows };
    }
  }

  /**
   * Tells each file's reader which rows the whole view reads (ascending in each file, as an unsorted view reads
   * them), so ragged data's chunks are decoded ahead and only as far as those rows need (the bench's 481 units: all
   * 40 chunks of spike times wanted, each up to its last surviving unit). A sorted view reads in no such order, and
   * a huge view would hold its ranges at once: those read chunk by chunk as they come. Off again (`on` false) once
   * the batches are done, so later reads of the view (the page's grid) decode whole chunks.
   */
  private planReads(on: boolean): void {
    if (this.sorted || this.count > MAX_PLANNED_ROWS) return;
    const rowsOf: number[][] = this.parts.map(() => []);
    for (let i = 0; on && i < this.count; i++) rowsOf[this.partAt(i)]!.push(this.rowAt(i));
    for (let index = 0; index < this.parts.length; index++) {
      const part = this.parts[index]!;
      const rows = rowsOf[index]!;
      this.hooks.onFile?.(part.name);
      for (const c of this.columns) if (part.infos.has(c)) part.reader.planReads(c, rows);
    }
  }

  /**
   * Position spans of at most `size` rows, each within one file, and under MAX_BATCH_CELLS on average (a batch
   * of 256 rows of 512×512 image masks would be 67 M numbers).
   */
  private *spans(size: number): Iterable<[number, number]> {
    for (let start = 0; start < this.count;) {
      const part = this.partAt(start);
      const reader = this.parts[part]!.reader;
      const cells = this.columns.reduce((n, c) => n + (this.parts[part]!.infos.has(c) ? reader.cellsPerRow(c) : 1), 0);
      const step = Math.max(1, Math.min(Math.floor(size), Math.floor(MAX_BATCH_CELLS / cells)));
      let end = start + 1;
      // Without an order a part's rows are consecutive: the span ends at the step or the part's end.
      if (!this.order) end = Math.min(start + step, this.starts[part]! + reader.info.rows);
      else while (end < this.count && end - start < step && this.order.part[end] === part) end++;
      yield [start, end];
      start = end;
    }
  }
}
