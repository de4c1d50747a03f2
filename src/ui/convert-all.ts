import type { Progress } from "../core/convert/convert";
import type { ZipPart } from "../core/sink/zip-writer";
import type { ZipTarget } from "../worker/zip-targets";
import { alive, call, proxy, transfer } from "./bridge";
import { openDownload } from "./download-target";
import { blockedReason } from "./convert-readiness";
import { newJobId, useApp, type ConversionState, type Panel } from "./store";
import { plannedBytes } from "./use-conversion";
import { folderNames, oneZipName } from "./zip-names";

/**
 * "Convert all" into one zip with a folder per file: each file's conversion runs in its own set's worker and
 * writes its part of the same streamed zip in turn (its entries under `<file name without .nwb>/`), handing the
 * zip's state and the download's port on to the next (src/worker/zip-targets.ts); the last writes the directory.
 */

/** How the last "Convert all" into one zip ended. */
export type AllConversion =
  | { status: "idle" }
  | (Extract<ConversionState, { status: "done" }> & { folders: string[] })
  | { status: "failed"; message: string }
  | { status: "cancelled" };

/** The panels "Convert all" and "Upload all" take: every open file with series to convert. */
export const batchPanels = (panels: Panel[]) => panels.filter((p) => (p.file.nwb?.series.length ?? 0) > 0);

/** Why "Convert all" / "Upload all" cannot go, file by file ("sine2.nwb: Tick a series to convert."), or []. */
export function batchBlocked(panels: Panel[]): string[] {
  const files = batchPanels(panels);
  if (files.length === 0) return ["Open files with series to convert."];
  return files.flatMap((p) => {
    const busy = p.conversion.status === "running" || p.upload.status === "running";
    const why = busy ? "busy; wait for it or cancel it." : blockedReason(p);
    return why ? [`${p.file.name}: ${why}`] : [];
  });
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The part being written: which file (of `keys`), in which set's worker, how far. */
export interface RunningPart {
  jobId: number;
  sessionId: number;
  index: number;
  file: string;
  progress: Progress | null;
}

/**
 * Converts every panel of `keys` into one zip; `onState` hears where it is (`running`: the current file and its
 * progress, which also tells a cancel which job and set to stop) and how it ended.
 */
export async function convertIntoOneZip(
  keys: string[],
  onState: (state: { running: RunningPart | null; outcome?: AllConversion }) => void,
): Promise<void> {
  const panels = keys.flatMap((k) => useApp.getState().panels.filter((p) => p.key === k));
  const folders = folderNames(panels.map((p) => p.file.name));
  const name = oneZipName(panels.length);
  const jobId = newJobId();
  const started = performance.now();
  const planned = panels.reduce((n, p) => n + plannedBytes(p), 0);
  let out;
  try {
    out = await openDownload(jobId, name, planned);
  } catch (e) {
    onState({ running: null, outcome: { status: "failed", message: errorText(e) } });
    return;
  }
  let target: ZipTarget = out.target;
  let part: ZipPart | undefined;
  const blobs: Blob[] = [];
  const totals = { files: 0, channels: 0, bytes: 0 };
  try {
    for (const [index, panel] of panels.entries()) {
      let running: RunningPart = { jobId, sessionId: panel.sessionId, index, file: panel.file.name, progress: null };
      onState({ running });
      const onProgress = proxy((progress: Progress) => {
        alive(panel.sessionId); // bytes delivered: the worker is making progress
        running = { ...running, progress };
        onState({ running });
      });
      const request = {
        file: panel.file.name,
        series: panel.selected,
        chunkMb: panel.chunkMb,
        level: panel.level,
        target,
        jobId,
        part: { folder: folders[index]!, continueFrom: part, last: index === panels.length - 1 },
      };
      const ports = target.kind === "stream" ? [target.port] : [];
      const summary = await call(
        panel.sessionId,
        (api) => api.convert(panel.sessionId, transfer(request, ports), onProgress),
        "stream",
      );
      totals.files += summary.files;
      totals.channels += summary.channels;
      totals.bytes += summary.bytesOut;
      if (summary.blob) blobs.push(summary.blob);
      if (summary.handOver) ({ part, target } = summary.handOver);
    }
    await out.finish({ blob: new Blob(blobs, { type: "application/zip" }) });
    const seconds = (performance.now() - started) / 1000;
    onState({ running: null, outcome: { status: "done", ...totals, seconds, path: out.path, name, folders } });
  } catch (e) {
    const message = errorText(e);
    out.fail(message);
    onState({
      running: null,
      outcome: /cancelled/.test(message) ? { status: "cancelled" } : { status: "failed", message },
    });
  }
}
