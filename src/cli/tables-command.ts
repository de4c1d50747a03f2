import { open, rm } from "node:fs/promises";
import { parseCondition } from "../core/tables/condition";
import { listTables } from "../core/tables/find-tables";
import { tableWriter } from "../core/tables/export";
import type { FileTables } from "../core/tables/model";
import { TableView, type ViewFile } from "../core/tables/table-view";
import { nodeInputs, openNodeSet } from "../node/engine";
import { inputName } from "./remote-inputs";
import { tableInflate } from "../node/table-inflate";
import type { ReadWatch } from "./reading";
import type { TablesArgs } from "./tables-args";

export interface TablesHooks {
  /** Bytes for stdout, resolved once they are out (so a slow reader holds the command back, not memory). */
  write(bytes: Uint8Array): Promise<void>;
  /** One warning line for stderr. */
  warn(line: string): void;
  onProgress?(text: string): void;
  /** A file is about to be written: removed again if the command is stopped. */
  onWriting?(path: string): void;
  /** The file read from now on (its base name): the watchdog names it if HDF5 stops responding. */
  onFile?(name: string): void;
  /** Long synchronous reads (a filter's column, a window at a time) announced to the watchdog. */
  watch?: ReadWatch;
}

/**
 * Rows per batch read and written. Batches of ragged rows are cut far shorter by what they hold (TableView.spans:
 * about a million values); rows of scalars come 8192 at a time, since each batch re-inflates the chunks it touches
 * (HDF5's chunk cache is 1 MiB): at 256 rows, 2.86 M rows of a 20 M-row gzip table out of 8 MB chunks took ~65 ms
 * a batch, ~12 min in all; at 8192 rows, ~55 s.
 */
const BATCH_ROWS = 8192;

/** Opens each file on its own (spec §4: files are independent), named by its base name. */
export async function openTableFiles(
  paths: string[],
  onFile?: (name: string) => void,
  names?: Record<string, string>,
): Promise<{ files: ViewFile[]; close(): void }> {
  const sets: Awaited<ReturnType<typeof openNodeSet>>[] = [];
  const close = () => {
    for (const s of sets.splice(0)) s.close();
  };
  try {
    const files: ViewFile[] = [];
    for (const path of paths) {
      onFile?.(inputName(path, names));
      const opened = await openNodeSet(nodeInputs([path], names));
      sets.push(opened);
      const name = opened.set.names[0]!;
      // Ragged data read straight from the file, its chunks inflated by zlib on the libuv pool (direct-ranges.ts).
      files.push({
        name,
        file: opened.set.file(name),
        direct: { source: opened.set.source(name), inflate: tableInflate },
      });
    }
    return { files, close };
  } catch (e) {
    close();
    throw e;
  }
}

const encoder = new TextEncoder();

/** Lists the files' tables, or writes one table's rows across the files (JSON, JSON lines, CSV or Parquet). */
export async function tablesCommand(args: TablesArgs, hooks: TablesHooks): Promise<void> {
  const { files, close } = await openTableFiles(args.files, hooks.onFile, args.names);
  try {
    if (args.list) {
      const listing: FileTables[] = files.map(({ name, file }) => {
        hooks.onFile?.(name);
        const { tables, warnings } = listTables(file, name);
        warnings.forEach((w) => hooks.warn(w));
        return { _nwb_path: name, tables };
      });
      await hooks.write(encoder.encode(JSON.stringify(listing, null, 1) + "\n"));
      return;
    }
    const view = TableView.open(
      files,
      {
        table: args.table!,
        columns: args.columns,
        where: args.where.map(parseCondition),
      },
      { watch: hooks.watch, onProgress: hooks.onProgress, onFile: hooks.onFile },
    );
    view.warnings.forEach((w) => hooks.warn(w));
    await writeRows(view, args, hooks);
  } finally {
    close();
  }
}

/** Writes the view through the export module's writer (spec §5), batch by batch: the output is never whole in memory. */
async function writeRows(view: TableView, args: TablesArgs, hooks: TablesHooks): Promise<void> {
  const target = args.out ? await openOut(args.out, hooks) : null;
  const write = target ? target.write : hooks.write;
  const writeAll = async (chunks: Uint8Array[]) => {
    for (const bytes of chunks) await write(bytes);
  };
  try {
    const writer = tableWriter(args.format, view.columns, view.fileColumns);
    let written = 0;
    for await (const batch of view.batchesAsync(BATCH_ROWS)) {
      await writeAll(await writer.write(batch.file, batch.rows, batch.part));
      written += batch.rows.length;
      hooks.onProgress?.(`${args.table}: ${written} of ${view.count} rows`);
    }
    const { bytes, warnings } = await writer.end();
    await writeAll(bytes);
    warnings.forEach((w) => hooks.warn(w));
    await target?.close();
  } catch (e) {
    await target?.abandon();
    throw e;
  }
}

async function openOut(path: string, hooks: TablesHooks) {
  hooks.onWriting?.(path);
  const handle = await open(path, "w");
  return {
    async write(bytes: Uint8Array) {
      await handle.write(bytes);
    },
    async close() {
      await handle.close();
    },
    async abandon() {
      await handle.close().catch(() => {});
      await rm(path, { force: true });
    },
  };
}
