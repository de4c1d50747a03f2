/**
 * Parquet export (spec §5) through hyparquet-writer (pure JS, ~17 kB gzip: see README "Table export" for why it and
 * not parquet-wasm). Rows are held until a row group is full (a file's rows end, or `rowGroupRows` rows, or about
 * `rowGroupBytes` of values), then encoded, and the bytes go out in chunks of about a megabyte: memory stays bounded
 * by one row group whatever the table's size. Every row group is written with one schema, settled on the first
 * batch of rows.
 */
import { ByteWriter, ParquetWriter, type SchemaElement } from "hyparquet-writer";
import type { CellValue, ColumnInfo } from "../model";
import { isNumberList, plainCell, type ExportCell, type ExportRow } from "../number-list";
import { castCell, type NestedValue } from "./parquet-cast";
import {
  chooseColumnType,
  columnSchema,
  type ColumnTypeChoice,
  describeColumn,
  describeType,
  type ParquetType,
  typeOfColumn,
  typeOfValues,
  withRegionDepth,
} from "./parquet-types";
import { writeRowGroup } from "./parquet-row-group";
import { cell, type TableWriter } from "./table-writer";

export interface RowGroupLimits {
  /** A new row group after this many rows. */
  rows: number;
  /** …or once the held values reach about this many bytes (numbers counted 8 bytes, text by its length). */
  bytes: number;
}

export const DEFAULT_ROW_GROUP_LIMITS: RowGroupLimits = { rows: 65_536, bytes: 16 << 20 };

/** Bytes go out in chunks of about this size, not a whole row group's at once. */
const CHUNK_BYTES = 1 << 20;

/** hyparquet-writer's buffer, emptied into `chunks` as it fills and after each row group. */
class ChunkedByteWriter extends ByteWriter {
  private chunks: Uint8Array[] = [];

  override ensure(size: number): void {
    if (this.index >= CHUNK_BYTES) this.flush();
    super.ensure(size);
  }

  flush(): void {
    if (this.index) this.chunks.push(new Uint8Array(this.buffer.slice(0, this.index)));
    this.index = 0;
  }

  /** A page's values as they are, after what is held (parquet-list-column.ts): not copied into the buffer and out. */
  appendOwned(bytes: Uint8Array): void {
    if (bytes.length < CHUNK_BYTES / 16) return this.appendBytes(bytes);
    this.flush();
    this.chunks.push(bytes);
    this.offset += bytes.length;
  }

  override finish(): void {
    this.flush();
  }

  take(): Uint8Array[] {
    const chunks = this.chunks;
    this.chunks = [];
    return chunks;
  }
}

/** The leading columns' fixed types (the contract): the file and table as text, the row position and id int64. */
const LEADING_TYPES = new Map<string, { type: ParquetType; required: boolean }>([
  ["_nwb_path", { type: { leaf: "STRING", depth: 0 }, required: true }],
  ["_table_path", { type: { leaf: "STRING", depth: 0 }, required: true }],
  ["_table_index", { type: { leaf: "INT64", depth: 0 }, required: true }],
  ["id", { type: { leaf: "INT64", depth: 0 }, required: false }],
]);

interface ColumnPlan {
  name: string;
  choice: ColumnTypeChoice | null;
  /** Settled on the first batch of rows. */
  type?: ParquetType;
  /** Values that could not be cast, per file. */
  failures: Map<string, { count: number }>;
}

/** About how many bytes a value holds, to bound a row group. */
function valueBytes(value: ExportCell | undefined): number {
  if (value === null || value === undefined || typeof value === "boolean") return 1;
  if (isNumberList(value)) return 8 + value.byteLength;
  if (typeof value === "number") return 8;
  if (typeof value === "string") return value.length + 8;
  if (Array.isArray(value)) {
    let bytes = 8;
    for (const element of value) bytes += valueBytes(element);
    return bytes;
  }
  let bytes = 8;
  for (const field in value) bytes += field.length + valueBytes((value as Record<string, CellValue>)[field]);
  return bytes;
}

function settleType(plan: ColumnPlan, rows: ExportRow[]): ParquetType {
  const leading = LEADING_TYPES.get(plan.name);
  if (leading) return leading.type;
  const values = () => rows.map((row) => plainCell(cell(row, plan.name)));
  if (!plan.choice) return typeOfValues(values());
  const type = typeOfColumn(plan.choice.info);
  return plan.choice.info.kind === "region" ? withRegionDepth(type, values()) : type;
}

function plural(count: number, one: string, many: string) {
  return `${count} ${count === 1 ? one : many}`;
}

function typeWarning(plan: ColumnPlan): string | null {
  const failed = [...plan.failures].filter(([, failures]) => failures.count > 0);
  const nulls = failed.length
    ? failed.map(([file, { count }]) => `${plural(count, "value", "values")} from ${file}`).join(", ") +
      (failed.length === 1 && failed[0][1].count === 1 ? " could not be cast and is" : " could not be cast and are") +
      " written as null"
    : "every value could be cast";
  const dissenters = plan.choice?.dissenters ?? [];
  if (dissenters.length && plan.choice) {
    const other = dissenters.map(({ file, info }) => `${describeColumn(info)} in ${file}`).join(", ");
    return (
      `Parquet: column "${plan.name}" is ${describeColumn(plan.choice.info)} in ${plan.choice.majority.join(", ")} ` +
      `but ${other}; written as ${describeColumn(plan.choice.info)} (the type most files have), ${nulls}`
    );
  }
  if (!failed.length) return null;
  const region = plan.choice?.info.kind === "region" ? " (a region, judged ragged or not by its first rows)" : "";
  return `Parquet: column "${plan.name}" is written as ${describeType(plan.type!)}${region}: ${nulls}`;
}

export function parquetWriter(
  columns: string[],
  fileColumns: { file: string; columns: ColumnInfo[] }[],
  limits: RowGroupLimits = DEFAULT_ROW_GROUP_LIMITS,
): TableWriter {
  const plans: ColumnPlan[] = columns.map((name) => ({
    name,
    choice: LEADING_TYPES.has(name) ? null : chooseColumnType(name, fileColumns),
    failures: new Map(),
  }));
  const output = new ChunkedByteWriter();
  let parquet: ParquetWriter | null = null;
  // The held row group, column by column, already cast: the caller's rows are not kept.
  let held: NestedValue[][] = plans.map(() => []);
  let heldRows = 0;
  let heldFile: string | number | null = null;
  let heldBytes = 0;

  /** Settles the schema on the first rows (a region's raggedness, the type of a column no file describes). */
  function start(rows: ExportRow[]): ParquetWriter {
    const schema: SchemaElement[] = [{ name: "root", num_children: plans.length }];
    for (const plan of plans) {
      plan.type = settleType(plan, rows);
      schema.push(...columnSchema(plan.name, plan.type, LEADING_TYPES.get(plan.name)?.required ?? false));
    }
    return new ParquetWriter({ writer: output, schema, createdBy: "nwb2pennsieve (hyparquet-writer)" });
  }

  function hold(file: string, row: ExportRow): void {
    plans.forEach((plan, i) => {
      let failures = plan.failures.get(file);
      if (!failures) plan.failures.set(file, (failures = { count: 0 }));
      const value = cell(row, plan.name);
      heldBytes += valueBytes(value);
      held[i].push(castCell(value, plan.type!, failures));
    });
    heldRows++;
  }

  async function writeHeld(): Promise<void> {
    if (!heldRows || !parquet) return;
    const columnData = plans.map((plan, i) => ({ name: plan.name, data: held[i] }));
    held = plans.map(() => []);
    heldBytes = 0;
    heldRows = 0;
    writeRowGroup(parquet, columnData);
  }

  return {
    async write(file, rows, part) {
      // A row group never spans two files, so each file's rows are at least one row group of their own (told apart
      // by their place in the view where given: two files may have one base name).
      if (heldFile !== (part ?? file)) await writeHeld();
      heldFile = part ?? file;
      if (rows.length) parquet ??= start(rows);
      for (const row of rows) {
        hold(file, row);
        if (heldRows >= limits.rows || heldBytes >= limits.bytes) await writeHeld();
      }
      return output.take();
    },
    async end() {
      await writeHeld();
      parquet ??= start([]);
      await parquet.finish();
      const warnings = plans.map(typeWarning).filter((warning): warning is string => warning !== null);
      return { bytes: output.take(), warnings };
    },
  };
}
