import type { ElectricalSeries } from "../core/nwb/model";
import type { SeriesOutput } from "../core/session";
import { formatBytes } from "../core/format";
import { dtypeLabel } from "../core/inspect/dtype-label";
import { VisibleText } from "./VisibleText";

interface Props {
  series: ElectricalSeries[];
  outputs: SeriesOutput[] | null;
  selected: string[];
  /** No usable chunk size: the counts are not known (rather than loading). */
  noChunkSize: boolean;
  onChange(selected: string[]): void;
}

function duration(seconds: number | null): string {
  if (seconds === null) return "…";
  if (seconds < 120) return `${seconds.toFixed(2)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(2)} h`;
}

/** One checkbox per ElectricalSeries, named by its HDF5 path, with what converting it will produce. */
export function SeriesPicker({ series, outputs, selected, noChunkSize, onChange }: Props) {
  const unknown = noChunkSize ? "files: no valid chunk size" : "…";
  const toggle = (path: string, on: boolean) => onChange(on ? [...selected, path] : selected.filter((p) => p !== path));
  return (
    <fieldset className="series-picker">
      <legend>Electrical series</legend>
      {series.map((s) => {
        const out = outputs?.find((o) => o.path === s.path);
        const problem = s.problem ?? out?.problem ?? null;
        const rate = s.timestamps ? `timestamps${out?.rate ? ` (${out.rate} Hz)` : ""}` : `${s.rate} Hz`;
        return (
          <div className="series-row" key={s.path}>
            <label>
              <input
                type="checkbox"
                aria-label={s.path}
                checked={selected.includes(s.path)}
                // One that cannot convert may be unticked, never ticked.
                disabled={problem !== null && !selected.includes(s.path)}
                onChange={(e) => toggle(s.path, e.target.checked)}
              />
              <code>
                <VisibleText text={s.path} />
              </code>
            </label>
            <span className="series-facts">
              {s.shape[1]} channels · {rate} · {duration(out?.seconds ?? null)} · {s.dtype ? dtypeLabel(s.dtype) : "?"}{" "}
              · {out ? `${out.segments} segment${out.segments === 1 ? "" : "s"}` : "…"} ·{" "}
              {out ? `${out.files} files, ${formatBytes(out.bytes)} before gzip` : unknown}
            </span>
            {s.description && (
              <span className="series-description">
                <VisibleText text={s.description} keepLineBreaks />
              </span>
            )}
            {problem && (
              <span className="series-problem">
                Cannot convert: <VisibleText text={problem} />
              </span>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
