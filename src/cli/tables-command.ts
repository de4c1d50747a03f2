import { open, rm } from "node:fs/promises";
import type { File } from "h5wasm";
import { parseCondition } from "../core/tables/condition";
import { listTables } from "../core/tables/find-tables";
import type { FileTables, Row } from "../core/tables/model";
import { TableView } from "../core/tables/table-view";
import { openNodeSet } from "../node/engine";
import type { TablesArgs } from "./tables-args";

export interface TablesHooks {
  /** Bytes for stdout, resolved once they are out (so a slow reader holds the command back, not memory). */
  write(bytes: Uint8Array): Promise<void>;
  /** One warning line for stderr. */
  warn(line: string): void;
  onProgress?(text: string): void;
  /** A file is about to be written: removed again if the command is stopped. */
  onWriting?(path: string): void;
}

/** Rows per batch read and written: a batch's ragged values (spike trains) are in memory at once. */
const BATCH_ROWS = 256;

/** Opens each file on its own (spec §4: files are independent), named by its base name. */
export async function openTableFiles(
  paths: string[],
): Promise<{ files: { name: string; file: File }[]; close(): void }> {
  const sets: Awaited<ReturnType<typeof openNodeSet>>[] = [];
  const close = () => {
    for (const s of sets.splice(0)) s.close();
  };
  try {
    const files = [];
    for (const path of paths) {
      const opened = await openNodeSet([path]);
      sets.push(opened);
      const name = opened.set.names[0]!;
      files.push({ name, file: opened.set.file(name) });
    }
    return { files, close };
  } catch (e) {
    close();
    throw e;
  }
}

const encoder = new TextEncoder();

/** Lists the files' tables, or writes one table's rows across the files as JSON or JSON lines. */
export async function tablesCommand(args: TablesArgs, hooks: TablesHooks): Promise<void> {
  const { files, close } = await openTableFiles(args.files);
  try {
    if (args.list) {
      const listing: FileTables[] = files.map(({ name, file }) => {
        const { tables, warnings } = listTables(file, name);
        warnings.forEach((w) => hooks.warn(w));
        return { _nwb_path: name, tables };
      });
      await hooks.write(encoder.encode(JSON.stringify(listing, null, 1) + "\n"));
      return;
    }
    const view = TableView.open(files, {
      table: args.table!,
      columns: args.columns,
      where: args.where.map(parseCondition),
    });
    view.warnings.forEach((w) => hooks.warn(w));
    await writeRows(view, args, hooks);
  } finally {
    close();
  }
}

async function writeRows(view: TableView, args: TablesArgs, hooks: TablesHooks): Promise<void> {
  const target = args.out ? await openOut(args.out, hooks) : null;
  const write = target ? target.write : hooks.write;
  try {
    const json = args.format === "json";
    let written = 0;
    if (json) await write(encoder.encode("["));
    for (const batch of view.batches(BATCH_ROWS)) {
      await write(encoder.encode(formatRows(batch.rows, json, written === 0)));
      written += batch.rows.length;
      hooks.onProgress?.(`${args.table}: ${written} of ${view.count} rows`);
    }
    if (json) await write(encoder.encode(written ? "\n]\n" : "]\n"));
    await target?.close();
  } catch (e) {
    await target?.abandon();
    throw e;
  }
}

function formatRows(rows: Row[], json: boolean, first: boolean): string {
  if (!json) return rows.map((r) => JSON.stringify(r) + "\n").join("");
  return (first ? "\n" : ",\n") + rows.map((r) => JSON.stringify(r)).join(",\n");
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
