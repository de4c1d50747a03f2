import { useCallback } from "react";
import { call, proxy } from "./bridge";
import { downloadBlob, opfsFile, savePicker } from "./save";
import { newJobId, useApp, type Panel } from "./store";

const zipName = (file: string) => `${file.replace(/\.(nwb|h5|hdf5)$/i, "")}-pennsieve.zip`;

/** Starting, following and cancelling a panel's conversion. */
export function useConversion(panel: Panel) {
  const updatePanel = useApp((s) => s.update);
  const refreshOutputs = useApp((s) => s.refreshOutputs);
  const update = useCallback(
    (patch: Partial<Panel>) => {
      updatePanel(panel.key, patch);
      if (patch.chunkMb !== undefined && patch.chunkMb > 0) void refreshOutputs(panel.key);
    },
    [panel.key, updatePanel, refreshOutputs],
  );
  const picker = savePicker();

  const start = async (how: "download" | "save") => {
    const jobId = newJobId();
    const name = zipName(panel.file.name);
    let target;
    if (how === "save") {
      try {
        target = { kind: "handle" as const, handle: await picker!({ suggestedName: name, types: [zipType] }) };
      } catch {
        return; // the user closed the picker
      }
    } else target = { kind: "opfs" as const, fileName: `${jobId}-${name}` };
    updatePanel(panel.key, {
      conversion: { status: "running", jobId, progress: null, started: performance.now(), target: name },
    });
    const onProgress = proxy((progress: Parameters<typeof setProgress>[0]) => setProgress(progress));
    const setProgress = (progress: NonNullable<Extract<Panel["conversion"], { status: "running" }>["progress"]>) => {
      const current = useApp.getState().panels.find((p) => p.key === panel.key)?.conversion;
      if (current?.status === "running" && current.jobId === jobId)
        updatePanel(panel.key, { conversion: { ...current, progress } });
    };
    try {
      const request = {
        file: panel.file.name,
        series: panel.selected,
        chunkMb: panel.chunkMb,
        level: panel.level,
        target,
        jobId,
      };
      const summary = await call((api) => api.convert(panel.sessionId, request, onProgress));
      if (target.kind === "opfs") downloadBlob(await opfsFile(target.fileName), name);
      updatePanel(panel.key, {
        conversion: {
          status: "done",
          summary: summary.description,
          files: summary.files,
          bytes: summary.bytesOut,
          seconds: summary.seconds,
        },
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      updatePanel(panel.key, {
        conversion: /cancelled/.test(message) ? { status: "cancelled" } : { status: "failed", message },
      });
    }
  };

  const cancel = async () => {
    if (panel.conversion.status === "running") {
      const { jobId } = panel.conversion;
      await call((api) => api.cancel(jobId));
    }
  };

  return { update, start, cancel, canSave: picker !== null };
}

const zipType = { description: "Zip archive", accept: { "application/zip": [".zip"] } };
