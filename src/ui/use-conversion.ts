import { alive, call, proxy, transfer } from "./bridge";
import { openDownload, type DownloadTarget } from "./download-target";
import { savePicker } from "./save";
import { newJobId, useApp, type ConversionState, type Panel } from "./store";
import { zipName } from "./zip-names";

type Running = Extract<ConversionState, { status: "running" }>;
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const panelOf = (key: string) => useApp.getState().panels.find((p) => p.key === key);
const setConversion = (key: string, conversion: ConversionState) => useApp.getState().update(key, { conversion });

/**
 * Converts the panel's selection into its own zip, downloaded (or written to `handle`, a file the user picked);
 * resolves when it has ended, its outcome in the panel. "Download zip" calls it for one panel, "Convert all" (one
 * zip per file) for each in turn.
 */
export async function convertPanel(key: string, handle?: FileSystemFileHandle): Promise<void> {
  const panel = panelOf(key);
  if (!panel) return;
  const jobId = newJobId();
  const name = zipName(panel.file.name);
  setConversion(key, { status: "running", jobId, progress: null, started: performance.now(), target: name });
  let out: DownloadTarget;
  try {
    // A streamed download starts here, before the first byte is converted.
    out = handle ? savedFile(handle) : await openDownload(jobId, name, plannedBytes(panel));
  } catch (e) {
    setConversion(key, { status: "failed", message: errorText(e) });
    return;
  }
  const onProgress = proxy((progress: Running["progress"]) => {
    alive(panel.sessionId); // bytes delivered: the worker is making progress
    const current = panelOf(key)?.conversion;
    if (current?.status === "running" && current.jobId === jobId) setConversion(key, { ...current, progress });
  });
  try {
    const request = {
      file: panel.file.name,
      series: panel.selected,
      chunkMb: panel.chunkMb,
      level: panel.level,
      target: out.target,
      jobId,
    };
    const summary = await call(
      panel.sessionId,
      (api) => api.convert(panel.sessionId, transfer(request, out.transfer), onProgress),
      "stream",
    );
    await out.finish(summary);
    setConversion(key, {
      status: "done",
      files: summary.files,
      channels: summary.channels,
      bytes: summary.bytesOut,
      seconds: summary.seconds,
      path: out.path,
      name: handle?.name ?? name,
    });
  } catch (e) {
    const message = errorText(e);
    out.fail(message);
    setConversion(key, /cancelled/.test(message) ? { status: "cancelled" } : { status: "failed", message });
  }
}

/** Starting, following and cancelling a panel's conversion. */
export function useConversion(panel: Panel) {
  const cancelJob = useApp((s) => s.cancelJob);
  const picker = savePicker();

  const start = async (how: "download" | "save") => {
    let handle: FileSystemFileHandle | undefined;
    if (how === "save") {
      try {
        handle = await picker!({ suggestedName: zipName(panel.file.name), types: [zipType] });
      } catch {
        return; // the user closed the picker
      }
    }
    await convertPanel(panel.key, handle);
  };

  const cancel = async () => {
    if (panel.conversion.status !== "running") return;
    const { jobId } = panel.conversion;
    const running = () => {
      const c = panelOf(panel.key)?.conversion;
      return c?.status === "running" && c.jobId === jobId;
    };
    await cancelJob(panel.sessionId, jobId, running);
  };

  return { start, cancel, canSave: picker !== null };
}

const zipType = { description: "Zip archive", accept: { "application/zip": [".zip"] } };

/** The uncompressed size of the selected series' files, as planned. */
export function plannedBytes(panel: Panel): number {
  return (panel.outputs ?? []).filter((o) => panel.selected.includes(o.path)).reduce((n, o) => n + o.bytes, 0);
}

/** "Save to disk…": the worker writes the file the user picked. */
function savedFile(handle: FileSystemFileHandle): DownloadTarget {
  return { path: "file", target: { kind: "handle", handle }, transfer: [], finish: async () => {}, fail: () => {} };
}
