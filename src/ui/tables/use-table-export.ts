import { useState } from "react";
import type { ExportFormat } from "../../core/tables/export/index";
import type { TableQuery } from "../../core/tables/model";
import { alive, call, proxy, transfer } from "../bridge";
import { openDownload, type DownloadPath } from "../download-target";
import { newJobId } from "../store";
import { exportName } from "./export-name";
import type { ViewSource } from "./use-table-view";

export type ExportState =
  | { status: "idle" }
  | { status: "running"; format: ExportFormat; rows: number; jobId: number }
  | {
      status: "done";
      format: ExportFormat;
      rows: number;
      bytes: number;
      path: DownloadPath;
      name: string;
      warnings: string[];
    }
  | { status: "failed"; message: string }
  | { status: "cancelled" };

/** Bytes a row is guessed to take, for the in-memory fallback's size check only. */
const GUESSED_ROW_BYTES = 200;
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Exports a view (its filters, columns and order) as the zip goes out: streamed into the browser's download
 * through the service worker, else through the private file system, else (small only) memory.
 */
export function useTableExport(source: ViewSource, table: string) {
  const [state, setState] = useState<ExportState>({ status: "idle" });
  const start = async (format: ExportFormat, query: TableQuery, rows: number) => {
    const jobId = newJobId();
    const name = exportName(table, source.files, format);
    setState({ status: "running", format, rows: 0, jobId });
    let out;
    try {
      out = await openDownload(jobId, name, rows * GUESSED_ROW_BYTES);
    } catch (e) {
      return setState({ status: "failed", message: errorText(e) });
    }
    const onProgress = proxy((done: number) => {
      alive(source.setId); // rows written: the worker is making progress
      setState((s) => (s.status === "running" ? { ...s, rows: done } : s));
    });
    try {
      const request = { files: source.files, query, format, target: out.target, jobId };
      const summary = await call(
        source.setId,
        (api) => api.exportTable(source.setId, transfer(request, out.transfer), onProgress),
        "stream",
      );
      await out.finish(summary);
      setState({
        status: "done",
        format,
        rows: summary.rows,
        bytes: summary.bytes,
        path: out.path,
        name,
        warnings: summary.warnings,
      });
    } catch (e) {
      out.fail(errorText(e));
      setState(/cancelled/.test(errorText(e)) ? { status: "cancelled" } : { status: "failed", message: errorText(e) });
    }
  };
  /** Asks the worker to stop: the export ends at its next piece, and the download is marked failed. */
  const cancel = () => {
    if (state.status === "running") void call(source.setId, (api) => api.cancel(state.jobId)).catch(() => undefined);
  };
  return { state, start, cancel };
}
