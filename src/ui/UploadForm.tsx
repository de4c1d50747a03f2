import { useId } from "react";
import { formatBytes } from "../core/format";
import { describeUpload } from "../core/upload/pennsieve-upload";
import { blockedReason } from "./convert-readiness";
import { useApp, type Panel } from "./store";
import { UploadFields } from "./UploadFields";
import { useUpload } from "./use-upload";
import { missingForUpload } from "./upload-settings";

/**
 * A panel's Pennsieve upload: the shared hosts, credentials and target (the same in every panel), "Upload to
 * Pennsieve" with what it still needs, progress, the report and retry.
 */
export function UploadForm({ panel }: { panel: Panel }) {
  const settings = useApp((s) => s.uploadSettings);
  const { start, retry, cancel } = useUpload(panel);
  const needsId = useId();
  const u = panel.upload;
  const running = u.status === "running";
  const blocked = blockedReason(panel);
  const missing = missingForUpload(settings);
  const ready = !running && blocked === null && missing.length === 0;
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
        <UploadFields disabled={running} />
        <div className="upload-actions">
          <button type="submit" disabled={!ready} aria-describedby={ready || running ? undefined : needsId}>
            Upload to Pennsieve
          </button>
          {running && (
            <button type="button" onClick={() => void cancel()}>
              Cancel upload
            </button>
          )}
          {!ready && !running && (
            <span id={needsId} className="upload-needs">
              {missing.length > 0 ? `Needs: ${missing.join(", ")}.` : ""}
              {missing.length > 0 && blocked ? " " : ""}
              {blocked ?? ""}
            </span>
          )}
        </div>
      </form>
      <UploadOutcome panel={panel} onRetry={(id, names) => void retry(id, names)} />
    </details>
  );
}

/** Progress while it runs; then the report, said once, with the files that failed and "Retry failed". */
export function UploadOutcome({ panel, onRetry }: { panel: Panel; onRetry?(uploadId: number, names: string[]): void }) {
  const u = panel.upload;
  if (u.status === "running")
    return (
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
              {u.progress.filesDone} of {u.progress.filesTotal} files uploaded ({formatBytes(u.progress.bytesUploaded)}
              ), {u.progress.filesFailed} failed
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
    );
  if (u.status === "done") {
    const { failed } = u.report;
    return (
      <div role="status" className="upload-report">
        <p>{describeUpload(u.report, false)}.</p>
        {failed.length > 0 && (
          <>
            <ul>
              {failed.slice(0, 20).map((f) => (
                <li key={f.name}>
                  {f.name}: {f.error}
                </li>
              ))}
            </ul>
            {failed.length > 20 && <p>and {failed.length - 20} more.</p>}
            {onRetry && (
              <button
                type="button"
                onClick={() =>
                  onRetry(
                    u.uploadId,
                    failed.map((f) => f.name),
                  )
                }
              >
                Retry failed
              </button>
            )}
          </>
        )}
      </div>
    );
  }
  if (u.status === "failed")
    return (
      <p role="alert" className="convert-failed">
        Upload failed: {u.message}
      </p>
    );
  if (u.status === "cancelled") return <p role="status">Upload cancelled.</p>;
  return null;
}
