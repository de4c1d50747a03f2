import type { Session } from "../core/session";
import { tableWriter, mediaType, type ExportFormat } from "../core/tables/export/index";
import { listTables } from "../core/tables/find-tables";
import {
  LEADING_COLUMNS,
  type CellValue,
  type ColumnInfo,
  type ColumnLinks,
  type Row,
  type TableInfo,
  type TableQuery,
} from "../core/tables/model";
import { TableView, type ViewFile } from "../core/tables/table-view";
import type { Inflate } from "../core/direct/direct-reader";
import { openByteTarget, type ZipTarget } from "./zip-targets";

/**
 * The page's table views, held in the worker between calls: the grid asks for a window of rows at a time, and
 * the view keeps its filter columns read (the engine's cache), so scrolling and refiltering reread little.
 * A view belongs to its session: closing the session closes its views.
 */

/** What the page needs of a view to draw its grid; the rows come later, window by window. */
export interface ViewSummary {
  viewId: number;
  /** Output order, the four leading columns first. */
  columns: string[];
  /** Each column's type (of the first file that has it); null for a column no file has. */
  infos: Record<string, ColumnInfo | null>;
  links: Record<string, ColumnLinks>;
  total: number;
  count: number;
  warnings: string[];
}

export interface ExportRequest {
  files: string[];
  query: TableQuery;
  format: ExportFormat;
  target: ZipTarget;
}

export interface ExportSummary {
  rows: number;
  bytes: number;
  warnings: string[];
  /** For the "memory" target: the whole export. */
  blob?: Blob;
}

/** Rows per batch handed to the writer: one batch (or one Parquet row group) is what the export holds. */
const EXPORT_BATCH = 64;
/**
 * Bytes go to the download in pieces of this size (the last of a batch shorter): the stream keeps up to 24 buffers
 * it was given back for reuse, which for a writer's whole-batch chunks (a JSON lines batch of spike trains is
 * ~10 MB) could be hundreds of MB held for nothing.
 */
const PIECE = 1 << 20;

const views = new Map<number, { sessionId: number; view: TableView }>();
let nextView = 1;

/**
 * The view's files. With `inflate`, ragged numeric data is read straight from the file's bytes, its chunks inflated
 * in the encode pool when it runs (else here) several at once: the engine's direct path (direct-ranges.ts).
 */
function opened(session: Session, files: string[], inflate?: Inflate): ViewFile[] {
  return files.map((name) => ({
    name,
    file: session.set.file(name),
    direct: inflate ? { source: session.set.source(name), inflate } : undefined,
  }));
}

export function tablesOf(session: Session, file: string): { tables: TableInfo[]; warnings: string[] } {
  return listTables(session.set.file(file), file);
}

export function openView(
  sessionId: number,
  session: Session,
  files: string[],
  query: TableQuery,
  inflate?: Inflate,
): ViewSummary {
  const view = TableView.open(opened(session, files, inflate), query);
  const viewId = nextView++;
  views.set(viewId, { sessionId, view });
  // Built as own properties (fromEntries), never by assignment: a column may be named __proto__.
  const infos: ViewSummary["infos"] = Object.fromEntries(view.columns.map((c) => [c, view.columnInfo(c)]));
  const links: ViewSummary["links"] = Object.fromEntries(view.columns.map((c) => [c, view.links(c)]));
  return {
    viewId,
    columns: view.columns,
    infos,
    links,
    total: view.total,
    count: view.count,
    warnings: view.warnings,
  };
}

function viewOf(viewId: number): TableView {
  const held = views.get(viewId);
  if (!held) throw new Error("this table view is closed; open the table again");
  return held.view;
}

export function viewRows(viewId: number, start: number, end: number, columns: string[]): Promise<Row[]> {
  return viewOf(viewId).rowsAsync(start, end, columns);
}

/**
 * A column's distinct values over the whole table (every file, no filter), or null when more than `limit`: the
 * value list offers every value, not only those the current filters leave.
 */
export function tableDistinct(
  session: Session,
  files: string[],
  table: string,
  column: string,
  limit: number,
): CellValue[] | null {
  const columns = (LEADING_COLUMNS as readonly string[]).includes(column) ? [] : [column];
  return TableView.open(opened(session, files), { table, columns }).distinct(column, limit);
}

export function closeView(viewId: number): void {
  views.delete(viewId);
}

/** Forgets the views of a session being closed. */
export function closeSessionViews(sessionId: number): void {
  for (const [id, held] of views) if (held.sessionId === sessionId) views.delete(id);
}

/**
 * Writes the view `request.query` selects (filters, columns, order) to the target, batch by batch through the
 * export writer: memory holds one batch and what the download has not taken yet (the stream's window), never the
 * whole output.
 */
export async function exportView(
  session: Session,
  request: ExportRequest,
  signal: AbortSignal,
  onProgress: (rows: number) => void,
  inflate?: Inflate,
): Promise<ExportSummary> {
  const view = TableView.open(opened(session, request.files, inflate), request.query);
  const out = await openByteTarget(request.target, signal, undefined, mediaType(request.format));
  const writer = tableWriter(request.format, view.columns, view.fileColumns);
  let rows = 0;
  let bytes = 0;
  // The writer's chunks are copied (it may reuse its buffers) into pieces of PIECE bytes, in buffers the download
  // gave back when it has some: few messages for many small chunks, and the download's spares stay small.
  let piece: Uint8Array | null = null;
  let filled = 0;
  const flush = async () => {
    if (!piece || !filled) return;
    // A piece at least half full goes as it is; a smaller one as a copy of its bytes (the download's window counts
    // bytes, so many small pieces in big buffers would hold far more than the window), the buffer kept for the next.
    const small = filled < PIECE / 2;
    const sent = small ? piece.slice(0, filled) : piece.subarray(0, filled);
    if (!small) piece = null;
    filled = 0;
    await out.bytes.write(sent, true);
  };
  const send = async (chunks: Uint8Array[]) => {
    for (const chunk of chunks) {
      bytes += chunk.length;
      for (let at = 0; at < chunk.length;) {
        if (signal.aborted) throw signal.reason;
        piece ??= new Uint8Array(out.bytes.spare?.(PIECE) ?? new ArrayBuffer(PIECE), 0, PIECE);
        const n = Math.min(PIECE - filled, chunk.length - at);
        piece.set(chunk.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled === PIECE) await flush();
      }
    }
  };
  try {
    // The engine reads the next batch while this one is written (batchesAsync): two batches held at most.
    for await (const batch of view.batchesAsync(EXPORT_BATCH)) {
      await send(await writer.write(batch.file, batch.rows));
      await flush(); // the download gets each batch's bytes as they are ready
      rows += batch.rows.length;
      onProgress(rows);
    }
    const end = await writer.end();
    await send(end.bytes);
    await flush();
    await out.bytes.close();
    return { rows, bytes, warnings: [...view.warnings, ...end.warnings], ...out.result() };
  } catch (e) {
    await out.abort();
    throw e;
  }
}
