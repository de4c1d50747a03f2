/**
 * A list-of-numbers column (a spike train per row) written page by page from its rows' typed arrays, with the bytes
 * hyparquet-writer's writeColumn would write for the same levels and values (data page v2, plain values, the same
 * page boundaries, statistics and offset index), but without visiting each number as a JavaScript value: the library
 * estimates every value's size for the page boundaries, compares each for the statistics, writes each through a
 * DataView and copies the pages through growing buffers (0.5 s of the bench's 4.9 M spike times on the export's
 * critical path). Here the levels are runs (a row is a 0 and a run of 1s; its values a run of 3s), the values are
 * copied into each page in one move per row, and a page goes out as it is. Where the library might choose a
 * dictionary, or a cell is not one of ours, this gives up (null) and the library writes the column.
 */
import type { ColumnChunk, OffsetIndex } from "hyparquet";
import { writePageHeader } from "hyparquet-writer/src/datapage.js";
import type { ColumnEncoder, Writer } from "hyparquet-writer/src/types.js";
import { isNumberList, type NumberList } from "../number-list";
import type { NestedValue } from "./parquet-cast";

export type ListLeaf = "DOUBLE" | "FLOAT" | "INT32";

const TYPED = { DOUBLE: Float64Array, FLOAT: Float32Array, INT32: Int32Array } as const;
const WIDTH = { DOUBLE: 8, FLOAT: 4, INT32: 4 } as const;

/** Plain values are little-endian: a typed array's own bytes are them only on a little-endian machine. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** hyparquet-writer's dictionary sampling (dictionary.js useDictionary): this many values, spread over the column. */
const DICTIONARY_SAMPLES = 1000;
const SAMPLE_REJECTION_RATIO = 0.9;

/** Definition levels of a depth-1 optional list of optional elements (parquet-row-group.ts listPageData). */
const NULL_ROW = 0;
const EMPTY_LIST = 1;
const NULL_ELEMENT = 2;
const VALUE = 3;

/** A writer that can take a page's bytes as they are (ours, parquet.ts), rather than copying them in. */
export interface OwningWriter extends Writer {
  appendOwned?(bytes: Uint8Array): void;
}

/** One row of the column: its slots (values, null elements, or the one slot of a null row or empty list). */
interface ListRow {
  cell: NumberList | (number | null)[] | null;
  slots: number;
  /** Non-null values. */
  values: number;
}

function rowOf(cell: NestedValue): ListRow | null {
  if (cell === null) return { cell: null, slots: 1, values: 0 };
  if (isNumberList(cell)) return { cell, slots: cell.length || 1, values: cell.length };
  if (!Array.isArray(cell)) return null;
  let values = 0;
  for (const v of cell) {
    if (typeof v === "number") values++;
    else if (v !== null) return null;
  }
  return { cell: cell as (number | null)[], slots: cell.length || 1, values };
}

/** The value in a row's slot k, as the library's slot array holds it (undefined for a null or an empty list). */
function slotValue(row: ListRow, k: number): number | undefined {
  return row.cell === null ? undefined : ((row.cell[k] as number | null | undefined) ?? undefined);
}

/**
 * Whether useDictionary's sampling rejects a dictionary for these values (sizes of the distinct sampled values over
 * 90 % of all sampled sizes): then the library writes plain pages, and so does this.
 */
function samplingRejects(rows: ListRow[], starts: Float64Array, slots: number, width: number): boolean {
  const samples = Math.min(slots, DICTIONARY_SAMPLES);
  const seen = new Set<number | undefined>();
  let distinct = 0;
  let total = 0;
  let r = 0;
  for (let i = 0; i < samples; i++) {
    const slot = samples === 1 ? 0 : Math.floor((i * (slots - 1)) / (samples - 1));
    while (starts[r + 1]! <= slot) r++;
    const value = slotValue(rows[r]!, slot - starts[r]!);
    const size = value === undefined ? 0 : width;
    if (!seen.has(value)) {
      seen.add(value);
      distinct += size;
    }
    total += size;
  }
  return !total || distinct / total > SAMPLE_REJECTION_RATIO;
}

/** Levels as runs of one value: the RLE / bit-packed hybrid encoding works on them without a level per value. */
class LevelRuns {
  values: number[] = [];
  counts: number[] = [];
  push(value: number, count: number): void {
    if (count <= 0) return;
    const last = this.values.length - 1;
    if (last >= 0 && this.values[last] === value) this.counts[last]! += count;
    else {
      this.values.push(value);
      this.counts.push(count);
    }
  }
}

/** A little growable byte list for the levels (a few bytes a row). */
class Bytes {
  private bytes = new Uint8Array(256);
  length = 0;
  push(byte: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = byte;
  }
  varInt(value: number): void {
    while (value > 0x7f) {
      this.push((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    this.push(value);
  }
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

/**
 * hyparquet-writer's writeRleBitPackedHybrid (encoding.js) over runs: at each position a run of 8 or more equal
 * levels is one RLE run; otherwise the next 8 levels (from wherever the position is) join a bit-packed group, padded
 * with zeros past the end. Same decisions, same bytes, but O(runs).
 */
function writeHybrid(out: Bytes, runs: LevelRuns, bitWidth: number): void {
  const { values, counts } = runs;
  const total = counts.reduce((a, b) => a + b, 0);
  let run = 0; // the run holding position `at`
  let into = 0; // levels of that run before `at`
  let at = 0;
  const groups: number[] = []; // levels of pending bit-packed groups
  const flushGroups = () => {
    if (!groups.length) return;
    out.varInt(((groups.length / 8) << 1) | 1);
    const mask = (1 << bitWidth) - 1;
    let buffer = 0;
    let bits = 0;
    for (const level of groups) {
      buffer |= (level & mask) << bits;
      bits += bitWidth;
      while (bits >= 8) {
        out.push(buffer & 0xff);
        buffer >>>= 8;
        bits -= 8;
      }
    }
    if (bits > 0) out.push(buffer & 0xff);
    groups.length = 0;
  };
  while (at < total) {
    const left = counts[run]! - into;
    if (left >= 8) {
      flushGroups();
      out.varInt(left << 1);
      const value = values[run]!;
      for (let j = 0; j < (bitWidth + 7) >> 3; j++) out.push((value >> (j << 3)) & 0xff);
      at += left;
      run++;
      into = 0;
      continue;
    }
    for (let j = 0; j < 8; j++, at++) {
      if (at >= total) {
        groups.push(0);
        continue;
      }
      groups.push(values[run]!);
      if (++into === counts[run]) {
        run++;
        into = 0;
      }
    }
  }
  flushGroups();
}

/** hyparquet-writer's writeColumn result for a chunk: its metadata and (several pages) its offset index. */
export interface ListColumnResult {
  chunk: ColumnChunk;
  offsetIndex?: OffsetIndex;
}

/**
 * Writes `cells` (one per row: a typed list of the leaf's numbers, a plain list of numbers and nulls, or null) as a
 * column chunk of `column` (a depth-1 optional list of optional `leaf`s), or returns null — nothing written — when
 * the library should write it (a dictionary it might choose, a cell of another kind, a big-endian machine).
 */
export function writeNumberListColumn(
  writer: OwningWriter,
  column: ColumnEncoder,
  cells: NestedValue[],
  leaf: ListLeaf,
): ListColumnResult | null {
  if (!LITTLE_ENDIAN || column.encoding || column.bloomFilter || column.columnIndex) return null;
  const element = column.element;
  if (element.converted_type || element.logical_type || element.type !== leaf) return null;
  const rows: ListRow[] = new Array(cells.length);
  const starts = new Float64Array(cells.length + 1);
  for (let i = 0; i < cells.length; i++) {
    const row = rowOf(cells[i]!);
    if (!row) return null;
    rows[i] = row;
    starts[i + 1] = starts[i]! + row.slots;
  }
  const slots = starts[cells.length]!;
  const width = WIDTH[leaf];
  if (!samplingRejects(rows, starts, slots, width)) return null;

  const statistics = column.stats ? listStatistics(rows, leaf !== "INT32") : undefined;
  const pages = pageRows(rows, width, column.pageSize ?? 0);
  const offsetStart = writer.offset;
  const dataPageOffset = BigInt(writer.offset);
  const offsetIndex: OffsetIndex | undefined =
    column.offsetIndex && pages.length > 1 ? { page_locations: [] } : undefined;
  let uncompressed = 0;
  let firstRow = 0;
  for (const [from, to] of pages) {
    const pageOffset = writer.offset;
    uncompressed += writePage(writer, column, rows.slice(from, to), leaf);
    offsetIndex?.page_locations.push({
      offset: BigInt(pageOffset),
      compressed_page_size: writer.offset - pageOffset,
      first_row_index: BigInt(firstRow),
    });
    firstRow += to - from;
  }
  return {
    chunk: {
      meta_data: {
        type: leaf,
        encodings: ["PLAIN"],
        path_in_schema: column.schemaPath.slice(1).map((s) => s.name),
        codec: column.codec ?? "UNCOMPRESSED",
        num_values: BigInt(slots),
        total_compressed_size: BigInt(writer.offset - offsetStart),
        total_uncompressed_size: BigInt(uncompressed),
        data_page_offset: dataPageOffset,
        dictionary_page_offset: undefined,
        statistics,
        encoding_stats: column.stats
          ? [{ page_type: "DATA_PAGE_V2", encoding: "PLAIN", count: pages.length }]
          : undefined,
        geospatial_statistics: undefined,
      },
      file_offset: BigInt(offsetStart),
    },
    offsetIndex,
  };
}

/** The chunk's statistics as the library's getStatistics computes them (NaN skipped, ±0 normalised). */
function listStatistics(rows: ListRow[], float: boolean) {
  let min: number | undefined;
  let max: number | undefined;
  let nulls = 0;
  let nans = 0;
  for (const { cell, slots, values } of rows) {
    nulls += slots - values;
    if (cell === null) continue;
    for (let i = 0; i < cell.length; i++) {
      const v = cell[i];
      if (v === null || v === undefined) continue;
      if (v !== v) {
        nans++;
        continue;
      }
      if (min === undefined || v < min) min = v;
      if (max === undefined || v > max) max = v;
    }
  }
  if (min === 0) min = -0;
  if (max === 0) max = 0;
  return {
    min_value: min,
    max_value: max,
    null_count: BigInt(nulls),
    nan_count: float ? BigInt(nans) : undefined,
  };
}

/**
 * Pages as row ranges, as the library's getPageBoundaries cuts them: value sizes (nulls 0) add up, and a page ends
 * before the row whose first slot takes the sum to `pageSize` (a page starts only at a row's start).
 */
function pageRows(rows: ListRow[], width: number, pageSize: number): [number, number][] {
  if (!pageSize) return rows.length ? [[0, rows.length]] : [];
  const pages: [number, number][] = [];
  let start = 0;
  let bytes = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const first = slotValue(row, 0) === undefined ? 0 : width;
    bytes += first;
    if (bytes >= pageSize && r > start) {
      pages.push([start, r]);
      start = r;
      bytes = first;
    }
    bytes += row.values * width - first;
  }
  if (start < rows.length) pages.push([start, rows.length]);
  return pages;
}

/** One data page (v2) of whole rows: header, repetition and definition levels, plain values. Returns its size. */
function writePage(writer: OwningWriter, column: ColumnEncoder, rows: ListRow[], leaf: ListLeaf): number {
  const repetition = new LevelRuns();
  const definition = new LevelRuns();
  let slots = 0;
  let count = 0;
  for (const { cell, slots: n, values } of rows) {
    repetition.push(0, 1);
    repetition.push(1, n - 1);
    slots += n;
    count += values;
    if (cell === null) definition.push(NULL_ROW, 1);
    else if (!cell.length) definition.push(EMPTY_LIST, 1);
    else if (isNumberList(cell)) definition.push(VALUE, n);
    else for (const v of cell) definition.push(v === null ? NULL_ELEMENT : VALUE, 1);
  }
  const levels = new Bytes();
  writeHybrid(levels, repetition, 1);
  const repetitionBytes = levels.length;
  writeHybrid(levels, definition, 2);
  const values = new TYPED[leaf](count);
  let at = 0;
  for (const { cell } of rows) {
    if (cell === null) continue;
    if (isNumberList(cell)) {
      values.set(cell, at);
      at += cell.length;
    } else for (const v of cell) if (v !== null) values[at++] = v;
  }
  const plain = new Uint8Array(values.buffer);
  const compressed = column.compressors[column.codec]?.(plain) ?? plain;
  const headerStart = writer.offset;
  writePageHeader(writer, {
    type: "DATA_PAGE_V2",
    uncompressed_page_size: levels.length + plain.length,
    compressed_page_size: levels.length + compressed.length,
    data_page_header_v2: {
      num_values: slots,
      num_nulls: slots - count,
      num_rows: rows.length,
      encoding: "PLAIN",
      definition_levels_byte_length: levels.length - repetitionBytes,
      repetition_levels_byte_length: repetitionBytes,
      is_compressed: !!column.codec,
    },
  });
  const headerSize = writer.offset - headerStart;
  writer.appendBytes(levels.view());
  if (writer.appendOwned) writer.appendOwned(compressed);
  else writer.appendBytes(compressed);
  return headerSize + levels.length + plain.length;
}
