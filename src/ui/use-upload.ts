import type { Credentials } from "../core/upload/auth";
import type { TargetSpec } from "../core/upload/target";
import type { UploadProgress } from "../core/upload/upload-sink";
import { alive, call, proxy } from "./bridge";
import { newJobId, useApp, type Panel, type UploadState } from "./store";
import type { UploadSettings } from "./upload-settings";

const trimHost = (url: string) => url.trim().replace(/\/+$/, "");

/** Starting, following, retrying and cancelling a panel's upload. */
export function useUpload(panel: Panel) {
  const update = useApp((s) => s.update);
  const cancelJob = useApp((s) => s.cancelJob);
  const setUpload = (upload: UploadState) => update(panel.key, { upload });
  const current = () => useApp.getState().panels.find((p) => p.key === panel.key)?.upload;

  const follow = (jobId: number) => ({
    onProgress: proxy((progress: UploadProgress) => {
      alive(panel.sessionId); // bytes delivered: the worker is making progress
      const u = current();
      if (u?.status === "running" && u.jobId === jobId) setUpload({ ...u, progress });
    }),
    onStage: proxy((stage: string) => {
      const u = current();
      if (u?.status === "running" && u.jobId === jobId) setUpload({ ...u, stage });
    }),
  });

  type Done = Extract<UploadState, { status: "done" }>;
  const finish = async (run: () => Promise<Omit<Done, "status">>, previous?: Done) => {
    try {
      const report = await run();
      const uploaded = report.uploaded + (previous?.uploaded ?? 0);
      setUpload({
        status: "done",
        uploadId: report.uploadId,
        uploaded,
        failed: report.failed,
        description: report.description,
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      setUpload(/cancelled|abort/i.test(message) ? { status: "cancelled" } : { status: "failed", message });
    }
  };

  const start = async (s: UploadSettings) => {
    const jobId = newJobId();
    const credentials: Credentials =
      s.apiKey && s.apiSecret
        ? { apiKey: s.apiKey.trim(), apiSecret: s.apiSecret }
        : { sessionToken: s.sessionToken.trim() };
    const target: TargetSpec = s.workflowRunId.trim()
      ? { workflowRunId: s.workflowRunId.trim() }
      : { datasetId: s.datasetId.trim(), packageId: s.packageId.trim() };
    const hosts = { api: trimHost(s.api), api2: trimHost(s.api2), cognito: trimHost(s.cognito) || undefined };
    setUpload({ status: "running", jobId, stage: "Starting", progress: null });
    const { onProgress, onStage } = follow(jobId);
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
    await finish(() =>
      call(panel.sessionId, (api) => api.upload(panel.sessionId, request, onProgress, onStage), "stream"),
    );
  };

  const retry = async (uploadId: number, names: string[]) => {
    const previous = current();
    const jobId = newJobId();
    setUpload({ status: "running", jobId, stage: `Retrying ${names.length} files`, progress: null });
    const { onProgress } = follow(jobId);
    await finish(
      () => call(panel.sessionId, (api) => api.retryUpload(uploadId, jobId, names, onProgress), "stream"),
      previous?.status === "done" ? previous : undefined,
    );
  };

  const cancel = async () => {
    const u = current();
    if (u?.status !== "running") return;
    const { jobId } = u;
    await cancelJob(panel.sessionId, jobId, () => {
      const now = current();
      return now?.status === "running" && now.jobId === jobId;
    });
  };

  return { start, retry, cancel };
}
