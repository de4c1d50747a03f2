import { formatBytes } from "../core/format";
import type { Panel } from "./store";
import { useConversion } from "./use-conversion";

function eta(seconds: number): string {
  if (!Number.isFinite(seconds)) return "…";
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  return `${Math.round(seconds / 60)} min`;
}

/** Chunk size, gzip level, the two ways out (download, save to disk), progress and summary. */
export function ConvertControls({ panel }: { panel: Panel }) {
  const { update, start, cancel, canSave } = useConversion(panel);
  const c = panel.conversion;
  const running = c.status === "running";
  const ready = panel.selected.length > 0 && panel.chunkMb > 0 && !running;
  return (
    <div className="convert">
      <div className="convert-options">
        <label>
          Chunk size (MB)
          <input
            type="number"
            min="0.001"
            step="any"
            value={Number.isFinite(panel.chunkMb) ? panel.chunkMb : ""}
            disabled={running}
            onChange={(e) => update({ chunkMb: e.target.valueAsNumber })}
          />
        </label>
        <label>
          Gzip level
          <input
            type="number"
            min="0"
            max="9"
            step="1"
            value={panel.level}
            disabled={running}
            onChange={(e) => update({ level: Math.min(9, Math.max(0, Math.round(e.target.valueAsNumber || 0))) })}
          />
        </label>
        <button type="button" disabled={!ready} onClick={() => void start("download")}>
          Download zip
        </button>
        {canSave && (
          <button type="button" disabled={!ready} onClick={() => void start("save")}>
            Save to disk…
          </button>
        )}
        {running && (
          <button type="button" onClick={() => void cancel()}>
            Cancel
          </button>
        )}
      </div>
      {running && <ProgressLine conversion={c} />}
      {c.status === "done" && (
        <p role="status" className="convert-summary" data-download={c.path}>
          Done: {c.files} files for {c.channels} channel{c.channels === 1 ? "" : "s"}, {formatBytes(c.bytes)} in{" "}
          {c.seconds.toFixed(1)} s. {c.path === "file" ? `Saved as ${c.name}.` : `${c.name} is in your downloads.`}
        </p>
      )}
      {c.status === "cancelled" && <p role="status">Cancelled; the partial zip was discarded.</p>}
      {c.status === "failed" && (
        <p role="alert" className="convert-failed">
          {c.message}
        </p>
      )}
    </div>
  );
}

function ProgressLine({ conversion }: { conversion: Extract<Panel["conversion"], { status: "running" }> }) {
  const p = conversion.progress;
  const elapsed = p?.seconds ?? 0;
  const fraction = p && p.bytesTotal ? p.bytesDone / p.bytesTotal : 0;
  const rate = p ? p.bytesDone / 1e6 / Math.max(elapsed, 1e-3) : 0;
  const remaining = fraction > 0 ? (elapsed / fraction) * (1 - fraction) : Infinity;
  return (
    <div className="convert-progress">
      <progress max={1} value={fraction} aria-label={`Converting to ${conversion.target}`} />
      <span>
        {(fraction * 100).toFixed(1)} % · {rate.toFixed(1)} MB/s · ETA {eta(remaining)}
        {p ? ` · ${p.filesDone} of ${p.filesTotal} files` : ""}
      </span>
    </div>
  );
}
