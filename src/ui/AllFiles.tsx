import { useId, useRef, useState } from "react";
import { batchBlocked, batchPanels, convertIntoOneZip, type AllConversion, type RunningPart } from "./convert-all";
import { BatchProgress, Outcome, UploadReports, type Batch } from "./AllFilesReports";
import { useApp, type Panel } from "./store";
import { convertPanel } from "./use-conversion";
import { uploadPanel } from "./use-upload";
import { missingForUpload } from "./upload-settings";

type Layout = "zip-per-file" | "one-zip";

/**
 * What applies to every open file at once (shown with two or more): "Convert all" (one zip per file, or one zip
 * with a folder per file) and "Upload all", with the settings the panels share.
 */
export function AllFiles() {
  const panels = useApp((s) => s.panels);
  const cancelJob = useApp((s) => s.cancelJob);
  const settings = useApp((s) => s.uploadSettings);
  const ids = useId();
  const [layout, setLayout] = useState<Layout>("one-zip");
  const [batch, setBatch] = useState<Batch>(null);
  const [part, setPart] = useState<RunningPart | null>(null);
  // The part under way as of now (a cancel must see it end, not the render's value).
  const partNow = useRef<RunningPart | null>(null);
  const [outcome, setOutcome] = useState<AllConversion>({ status: "idle" });
  const stopped = useRef(false);
  const files = batchPanels(panels);
  if (files.length < 2 && batch === null) return null;

  const blocked = batchBlocked(panels);
  const missing = missingForUpload(settings);
  const canConvert = batch === null && blocked.length === 0;
  const canUpload = canConvert && missing.length === 0;
  const keys = files.map((p) => p.key);

  /** Runs `one` for each file in turn, until one is cancelled. */
  const eachFile = async (
    kind: "convert" | "upload",
    one: (key: string) => Promise<void>,
    failed: (p: Panel) => boolean,
  ) => {
    stopped.current = false;
    for (const [index, key] of keys.entries()) {
      if (stopped.current) break;
      setBatch({ kind, index, total: keys.length });
      await one(key);
      const panel = useApp.getState().panels.find((p) => p.key === key);
      if (panel && failed(panel)) break;
    }
    setBatch(null);
  };
  const convertAll = async () => {
    setOutcome({ status: "idle" });
    if (layout === "zip-per-file")
      return eachFile(
        "convert",
        (key) => convertPanel(key),
        (p) => p.conversion.status === "cancelled",
      );
    setBatch({ kind: "convert", index: 0, total: keys.length });
    await convertIntoOneZip(keys, ({ running, outcome }) => {
      partNow.current = running;
      setPart(running);
      if (outcome) setOutcome(outcome);
    });
    setBatch(null);
  };
  const uploadAll = () =>
    eachFile(
      "upload",
      (key) => uploadPanel(key, useApp.getState().uploadSettings),
      (p) => p.upload.status === "cancelled",
    );
  const cancel = async () => {
    stopped.current = true;
    const now = () => partNow.current ?? currentJob(keys);
    const running = now();
    if (!running) return;
    await cancelJob(running.sessionId, running.jobId, () => now()?.jobId === running.jobId);
  };

  return (
    <section className="all-files" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>All open files</h2>
      <p className="field-advice">
        The chunk size, gzip level and upload settings typed in any file&apos;s panel apply to all {files.length} files;
        each file converts the series ticked in its panel.
      </p>
      <fieldset className="all-layout" disabled={batch !== null}>
        <legend>Convert all into</legend>
        <label>
          <input
            type="radio"
            name={`${ids}-layout`}
            checked={layout === "one-zip"}
            onChange={() => setLayout("one-zip")}
          />
          one zip with a folder per file (each file&apos;s channel files under its name without .nwb)
        </label>
        <label>
          <input
            type="radio"
            name={`${ids}-layout`}
            checked={layout === "zip-per-file"}
            onChange={() => setLayout("zip-per-file")}
          />
          one zip per file (as each panel&apos;s &quot;Download zip&quot;, one after the other)
        </label>
      </fieldset>
      <div className="all-actions">
        <button
          type="button"
          disabled={!canConvert}
          aria-describedby={canConvert ? undefined : `${ids}-convert`}
          onClick={() => void convertAll()}
        >
          Convert all
        </button>
        <button
          type="button"
          disabled={!canUpload}
          aria-describedby={canUpload ? undefined : `${ids}-upload`}
          onClick={() => void uploadAll()}
        >
          Upload all
        </button>
        {batch && (
          <button type="button" onClick={() => void cancel()}>
            Cancel all
          </button>
        )}
      </div>
      {!canConvert && batch === null && (
        <p id={`${ids}-convert`} className="convert-blocked">
          {blocked.join(" ")}
        </p>
      )}
      {canConvert && !canUpload && (
        <p id={`${ids}-upload`} className="convert-blocked">
          Upload all needs: {missing.join(", ")} (in any file&apos;s Pennsieve upload form).
        </p>
      )}
      {batch && <BatchProgress batch={batch} part={part} files={files} />}
      <Outcome outcome={outcome} />
      <UploadReports files={files} />
    </section>
  );
}

/** The job now running in one of the files' panels, if any (for a cancel). */
function currentJob(keys: string[]): { sessionId: number; jobId: number } | null {
  for (const p of useApp.getState().panels) {
    if (!keys.includes(p.key)) continue;
    if (p.conversion.status === "running") return { sessionId: p.sessionId, jobId: p.conversion.jobId };
    if (p.upload.status === "running") return { sessionId: p.sessionId, jobId: p.upload.jobId };
  }
  return null;
}
