import { useState } from "react";
import { formatBytes } from "../core/format";
import { blockedReason } from "./convert-readiness";
import type { Panel } from "./store";
import { useUpload } from "./use-upload";
import { loadSettings, saveSettings, type UploadSettings } from "./upload-settings";

type Field = Exclude<keyof UploadSettings, "remember">;

const FIELDS: [Field, string, string][] = [
  ["api", "API host", "url"],
  ["api2", "API2 host", "url"],
  ["cognito", "Cognito endpoint (optional)", "url"],
  ["apiKey", "API key", "text"],
  ["apiSecret", "API secret", "password"],
  ["sessionToken", "Session token", "password"],
  ["datasetId", "Dataset id", "text"],
  ["packageId", "Package id", "text"],
  ["workflowRunId", "Workflow run id", "text"],
];

/** Pennsieve hosts, credentials and target, "Upload to Pennsieve", progress, the final report and retry. */
export function UploadForm({ panel }: { panel: Panel }) {
  const [settings, setSettings] = useState<UploadSettings>(loadSettings);
  const { start, retry, cancel } = useUpload(panel);
  const u = panel.upload;
  const running = u.status === "running";
  const set = (patch: Partial<UploadSettings>) =>
    setSettings((old) => {
      const next = { ...old, ...patch };
      saveSettings(next);
      return next;
    });
  const hasCredentials = (settings.apiKey && settings.apiSecret) || settings.sessionToken;
  const hasTarget = (settings.datasetId && settings.packageId) || settings.workflowRunId;
  const ready = !running && blockedReason(panel) === null && hasCredentials && hasTarget;
  return (
    <details className="upload">
      <summary>Pennsieve upload</summary>
      <form
        className="upload-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) void start(settings);
        }}
      >
        {FIELDS.map(([key, label, type]) => (
          <label key={key}>
            {label}
            <input
              type={type}
              value={settings[key]}
              autoComplete="off"
              spellCheck={false}
              disabled={running}
              onChange={(e) => set({ [key]: e.target.value })}
            />
          </label>
        ))}
        <label className="upload-remember">
          <input type="checkbox" checked={settings.remember} onChange={(e) => set({ remember: e.target.checked })} />
          Remember the hosts and API key on this device (never the secret)
        </label>
        <div className="upload-actions">
          <button type="submit" disabled={!ready}>
            Upload to Pennsieve
          </button>
          {running && (
            <button type="button" onClick={() => void cancel()}>
              Cancel upload
            </button>
          )}
        </div>
      </form>
      {u.status === "running" && (
        <div className="upload-progress">
          <p>{u.stage}</p>
          {u.progress && (
            <>
              <progress
                max={u.progress.filesTotal || 1}
                value={u.progress.filesDone + u.progress.filesFailed}
                aria-label="Upload progress"
              />
              <span>
                {u.progress.filesDone} of {u.progress.filesTotal} files uploaded (
                {formatBytes(u.progress.bytesUploaded)}), {u.progress.filesFailed} failed
              </span>
              <ul className="upload-inflight">
                {u.progress.inFlight.map((f) => (
                  <li key={f.name}>
                    {f.name}
                    {f.tries > 1 ? ` (try ${f.tries})` : ""}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {u.status === "done" && (
        <div role="status" className="upload-report">
          {u.uploaded} files uploaded, {u.failed.length} failed. {u.description}
          {u.failed.length > 0 && (
            <>
              <ul>
                {u.failed.slice(0, 20).map((f) => (
                  <li key={f.name}>
                    {f.name}: {f.error}
                  </li>
                ))}
              </ul>
              <button
                type="button"
                onClick={() =>
                  void retry(
                    u.uploadId,
                    u.failed.map((f) => f.name),
                  )
                }
              >
                Retry failed
              </button>
            </>
          )}
        </div>
      )}
      {u.status === "failed" && (
        <p role="alert" className="convert-failed">
          Upload failed: {u.message}
        </p>
      )}
      {u.status === "cancelled" && <p role="status">Upload cancelled.</p>}
    </details>
  );
}
