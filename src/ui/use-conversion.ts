import { alive, call, proxy, transfer } from "./bridge";
import { openDownload, type DownloadTarget } from "./download-target";
import { savePicker } from "./save";
import { newJobId, useApp, type Panel } from "./store";

const zipName = (file: string) => `${file.replace(/\.(nwb|h5|hdf5)$/i, "")}-pennsieve.zip`;
type Running = Extract<Panel["conversion"], { status: "running" }>;
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Starting, following and cancelling a panel's conversion. */
export function useConversion(panel: Panel) {
  const updatePanel = useApp((s) => s.update);
  const cancelJob = useApp((s) => s.cancelJob);
  const picker = savePicker();

  const start = async (how: "download" | "save") => {
    const jobId = newJobId();
    const name = zipName(panel.file.name);
    let handle: FileSystemFileHandle | undefined;
    if (how === "save") {
      try {
        handle = await picker!({ suggestedName: name, types: [zipType] });
      } catch {
        return; // the user closed the picker
      }
    }
    updatePanel(panel.key, {
      conversion: { status: "running", jobId, progress: null, started: performance.now(), target: name },
    });
    let out: DownloadTarget;
    try {
      // A streamed download starts here, before the first byte is converted.
      out = handle ? savedFile(handle) : await openDownload(jobId, name, plannedBytes(panel));
    } catch (e) {
      updatePanel(panel.key, { conversion: { status: "failed", message: errorText(e) } });
      return;
    }
    const onProgress = proxy((progress: Running["progress"]) => {
      alive(panel.sessionId); // bytes delivered: the worker is making progress
      const current = useApp.getState().panels.find((p) => p.key === panel.key)?.conversion;
      if (current?.status === "running" && current.jobId === jobId)
        updatePanel(panel.key, { conversion: { ...current, progress } });
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
      updatePanel(panel.key, {
        conversion: {
          status: "done",
          files: summary.files,
          channels: summary.channels,
          bytes: summary.bytesOut,
          seconds: summary.seconds,
          path: out.path,
          name: handle?.name ?? name,
        },
      });
    } catch (e) {
      const message = errorText(e);
      out.fail(message);
      updatePanel(panel.key, {
        conversion: /cancelled/.test(message) ? { status: "cancelled" } : { status: "failed", message },
      });
    }
  };

  const cancel = async () => {
    if (panel.conversion.status !== "running") return;
    const { jobId } = panel.conversion;
    const running = () => {
      const c = useApp.getState().panels.find((p) => p.key === panel.key)?.conversion;
      return c?.status === "running" && c.jobId === jobId;
    };
    await cancelJob(panel.sessionId, jobId, running);
  };

  return { start, cancel, canSave: picker !== null };
}

const zipType = { description: "Zip archive", accept: { "application/zip": [".zip"] } };

/** The uncompressed size of the selected series' files, as planned. */
function plannedBytes(panel: Panel): number {
  return (panel.outputs ?? []).filter((o) => panel.selected.includes(o.path)).reduce((n, o) => n + o.bytes, 0);
}

/** "Save to disk…": the worker writes the file the user picked. */
function savedFile(handle: FileSystemFileHandle): DownloadTarget {
  return { path: "file", target: { kind: "handle", handle }, transfer: [], finish: async () => {}, fail: () => {} };
}
