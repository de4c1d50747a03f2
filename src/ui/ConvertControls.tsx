import { useId, useRef } from "react";
import { formatBytes } from "../core/format";
import { blockedReason, checkPanelSettings } from "./convert-readiness";
import { useApp, type Panel } from "./store";
import { useConversion } from "./use-conversion";
import { useSettledFocus } from "./use-settled-focus";

function eta(seconds: number): string {
  if (!Number.isFinite(seconds)) return "…";
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  return `${Math.round(seconds / 60)} min`;
}

/** Chunk size, gzip level, the two ways out (download, save to disk), progress and summary. */
export function ConvertControls({ panel }: { panel: Panel }) {
  const { start, cancel, canSave } = useConversion(panel);
  const ids = useId();
  // What was typed, kept as typed and shared by every open file: each panel holds its usable values, or NaN.
  const text = useApp((s) => s.convertText);
  const setText = useApp((s) => s.setConvertText);
  const shared = useApp((s) => s.panels.length > 1);
  const check = checkPanelSettings(panel, text);
  const c = panel.conversion;
  const running = c.status === "running";
  const blocked = running ? null : blockedReason(panel);
  const ready = !running && blocked === null && check.chunkProblem === null && check.levelProblem === null;
  const box = useRef<HTMLDivElement>(null);
  useSettledFocus(c.status, box);
  return (
    <div className="convert" ref={box}>
      <div className="convert-options">
        <SettingField
          id={`${ids}-chunk`}
          label="Chunk size (MiB)"
          inputMode="decimal"
          value={text.chunkMb}
          problem={check.chunkProblem}
          advice={check.chunkAdvice}
          disabled={running}
          onChange={(chunkMb) => setText({ chunkMb })}
        />
        <SettingField
          id={`${ids}-level`}
          label="Gzip level"
          inputMode="numeric"
          value={text.level}
          problem={check.levelProblem}
          disabled={running}
          onChange={(level) => setText({ level })}
        />
        <button
          type="button"
          disabled={!ready}
          aria-describedby={blocked ? `${ids}-blocked` : undefined}
          onClick={() => void start("download")}
        >
          Download zip
        </button>
        {canSave && (
          <button
            type="button"
            disabled={!ready}
            aria-describedby={blocked ? `${ids}-blocked` : undefined}
            onClick={() => void start("save")}
          >
            Save to disk…
          </button>
        )}
        {running && (
          <button type="button" data-focus-on-change onClick={() => void cancel()}>
            Cancel
          </button>
        )}
      </div>
      {shared && <p className="field-advice">Chunk size and gzip level apply to every open file.</p>}
      {blocked && (
        <p id={`${ids}-blocked`} className="convert-blocked">
          {blocked}
        </p>
      )}
      {running && <ProgressLine conversion={c} />}
      {c.status === "done" && (
        <p role="status" className="convert-summary" data-download={c.path} tabIndex={-1} data-focus-on-change>
          Done: {c.files} files for {c.channels} channel{c.channels === 1 ? "" : "s"}, {formatBytes(c.bytes)} in{" "}
          {c.seconds.toFixed(1)} s. {c.path === "file" ? `Saved as ${c.name}.` : `${c.name} is in your downloads.`}
        </p>
      )}
      {c.status === "cancelled" && (
        <p role="status" tabIndex={-1} data-focus-on-change>
          Cancelled; the partial zip was discarded.
        </p>
      )}
      {c.status === "failed" && (
        <p role="alert" className="convert-failed" tabIndex={-1} data-focus-on-change>
          {c.message}
        </p>
      )}
    </div>
  );
}

interface FieldProps {
  id: string;
  label: string;
  inputMode: "decimal" | "numeric";
  value: string;
  problem: string | null;
  /** Said beside a usable value that is unusual. */
  advice?: string | null;
  disabled: boolean;
  onChange(value: string): void;
}

/** A setting typed as text (so what was typed stays visible), with its problem said beside it. */
function SettingField({ id, label, inputMode, value, problem, advice, disabled, onChange }: FieldProps) {
  const note = problem ? `${id}-problem` : advice ? `${id}-advice` : undefined;
  return (
    <div className="convert-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode={inputMode}
        autoComplete="off"
        spellCheck={false}
        value={value}
        disabled={disabled}
        aria-invalid={problem !== null}
        aria-describedby={note}
        onChange={(e) => onChange(e.target.value)}
      />
      {problem && (
        <span id={`${id}-problem`} className="field-problem">
          {problem}
        </span>
      )}
      {!problem && advice && (
        <span id={`${id}-advice`} className="field-advice">
          {advice}
        </span>
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
