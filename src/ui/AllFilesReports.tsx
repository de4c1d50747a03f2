import { formatBytes } from "../core/format";
import { describeUpload } from "../core/upload/pennsieve-upload";
import type { AllConversion, RunningPart } from "./convert-all";
import type { Panel } from "./store";

/** What "Convert all" and "Upload all" say: where they are, how the one zip ended, each file's upload. */

export type Batch = { kind: "convert" | "upload"; index: number; total: number } | null;

export function BatchProgress({
  batch,
  part,
  files,
}: {
  batch: NonNullable<Batch>;
  part: RunningPart | null;
  files: Panel[];
}) {
  const verb = batch.kind === "convert" ? "Converting" : "Uploading";
  const index = part?.index ?? batch.index;
  const p = part?.progress;
  return (
    <p className="convert-progress">
      {verb} file {index + 1} of {batch.total}: {files[index]?.file.name}
      {p ? ` · ${p.filesDone} of ${p.filesTotal} files` : ""}
    </p>
  );
}

export function Outcome({ outcome }: { outcome: AllConversion }) {
  if (outcome.status === "done")
    return (
      <p role="status" className="convert-summary" data-download={outcome.path}>
        Done: {outcome.files} files for {outcome.channels} channels in {outcome.folders.length} folders (
        {outcome.folders.map((f) => `${f}/`).join(", ")}), {formatBytes(outcome.bytes)} in {outcome.seconds.toFixed(1)}{" "}
        s. {outcome.name} is in your downloads.
      </p>
    );
  if (outcome.status === "failed")
    return (
      <p role="alert" className="convert-failed">
        Convert all failed: {outcome.message}
      </p>
    );
  if (outcome.status === "cancelled") return <p role="status">Cancelled; the partial zip was discarded.</p>;
  return null;
}

/** Each file's last upload, one line each. */
export function UploadReports({ files }: { files: Panel[] }) {
  const lines = files.flatMap((p) => {
    const u = p.upload;
    if (u.status === "done") return [[p.key, `${p.file.name}: ${describeUpload(u.report, false)}.`]];
    if (u.status === "failed") return [[p.key, `${p.file.name}: upload failed: ${u.message}`]];
    if (u.status === "cancelled") return [[p.key, `${p.file.name}: upload cancelled.`]];
    return [];
  });
  if (lines.length === 0) return null;
  return (
    <ul className="all-uploads" aria-label="Uploads">
      {lines.map(([key, text]) => (
        <li key={key}>{text}</li>
      ))}
    </ul>
  );
}
