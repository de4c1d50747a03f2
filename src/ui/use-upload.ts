import type { Credentials } from "../core/upload/auth";
import type { UploadReport } from "../core/upload/pennsieve-upload";
import type { TargetSpec } from "../core/upload/target";
import type { UploadProgress } from "../core/upload/upload-sink";
import { alive, call, proxy } from "./bridge";
import { newJobId, useApp, type Panel, type UploadState } from "./store";
import type { UploadSettings } from "./upload-settings";

const trimHost = (url: string) => url.trim().replace(/\/+$/, "");
const panelOf = (key: string) => useApp.getState().panels.find((p) => p.key === key);
const setUpload = (key: string, upload: UploadState) => useApp.getState().update(key, { upload });

/** Progress and stages of job `jobId` into the panel, while that job is still the panel's. */
function follow(key: string, sessionId: number, jobId: number) {
  const running = () => {
    const u = panelOf(key)?.upload;
    return u?.status === "running" && u.jobId === jobId ? u : null;
  };
  return {
    onProgress: proxy((progress: UploadProgress) => {
      alive(sessionId); // bytes delivered: the worker is making progress
      const u = running();
      if (u) setUpload(key, { ...u, progress });
    }),
    onStage: proxy((stage: string) => {
      const u = running();
      if (u) setUpload(key, { ...u, stage });
    }),
  };
}

/** A retry's report with the earlier tries' files counted in (the channels were matched by the first). */
function combined(report: UploadReport, previous?: UploadReport): UploadReport {
  if (!previous) return report;
  return {
    ...previous,
    uploaded: previous.uploaded + report.uploaded,
    failed: report.failed,
    bytes: previous.bytes + report.bytes,
    seconds: previous.seconds + report.seconds,
  };
}

async function finish(
  key: string,
  run: () => Promise<{ uploadId: number; report: UploadReport }>,
  previous?: UploadReport,
): Promise<void> {
  try {
    const { uploadId, report } = await run();
    setUpload(key, { status: "done", uploadId, report: combined(report, previous) });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    setUpload(key, /cancelled|abort/i.test(message) ? { status: "cancelled" } : { status: "failed", message });
  }
}

/**
 * Converts and uploads the panel's selection with `s` (the shared upload settings); resolves when it has ended,
 * its outcome in the panel. "Upload to Pennsieve" calls it for one panel, "Upload all" for each in turn.
 */
export async function uploadPanel(key: string, s: UploadSettings): Promise<void> {
  const panel = panelOf(key);
  if (!panel) return;
  const jobId = newJobId();
  // The secret and a token go to the worker for this upload only; they are never stored or logged.
  const credentials: Credentials =
    s.apiKey.trim() && s.apiSecret
      ? { apiKey: s.apiKey.trim(), apiSecret: s.apiSecret }
      : { sessionToken: s.sessionToken.trim() };
  const target: TargetSpec = s.workflowRunId.trim()
    ? { workflowRunId: s.workflowRunId.trim() }
    : { datasetId: s.datasetId.trim(), packageId: s.packageId.trim() };
  const hosts = { api: trimHost(s.api), api2: trimHost(s.api2), cognito: trimHost(s.cognito) || undefined };
  setUpload(key, { status: "running", jobId, stage: "Starting", progress: null });
  const { onProgress, onStage } = follow(key, panel.sessionId, jobId);
  const request = {
    file: panel.file.name,
    series: panel.selected,
    chunkMb: panel.chunkMb,
    level: panel.level,
    hosts,
    credentials,
    target,
    jobId,
  };
  await finish(key, () =>
    call(panel.sessionId, (api) => api.upload(panel.sessionId, request, onProgress, onStage), "stream"),
  );
}

/** Starting, following, retrying and cancelling a panel's upload. */
export function useUpload(panel: Panel) {
  const cancelJob = useApp((s) => s.cancelJob);

  const retry = async (uploadId: number, names: string[]) => {
    const previous = panelOf(panel.key)?.upload;
    const jobId = newJobId();
    setUpload(panel.key, { status: "running", jobId, stage: `Retrying ${names.length} files`, progress: null });
    const { onProgress } = follow(panel.key, panel.sessionId, jobId);
    await finish(
      panel.key,
      () => call(panel.sessionId, (api) => api.retryUpload(uploadId, jobId, names, onProgress), "stream"),
      previous?.status === "done" ? previous.report : undefined,
    );
  };

  const cancel = async () => {
    const u = panelOf(panel.key)?.upload;
    if (u?.status !== "running") return;
    const { jobId } = u;
    await cancelJob(panel.sessionId, jobId, () => {
      const now = panelOf(panel.key)?.upload;
      return now?.status === "running" && now.jobId === jobId;
    });
  };

  return { start: (s: UploadSettings) => uploadPanel(panel.key, s), retry, cancel };
}
