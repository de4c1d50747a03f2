import { useEffect, useRef, useState } from "react";
import { MAX_COLUMNS, PREVIEW_LIMITS } from "../../core/preview/read-window";
import { amplitude, drawPreview, layoutFor } from "./draw-preview";
import { formatSeconds, formatValue } from "./scales";
import { usePreviewWindows, type Part } from "./use-preview-data";
import type { TimeWindow } from "./WindowControls";

interface Props {
  sessionId: number;
  fileName: string;
  names: string;
  parts: Part[];
  /** Paths asked for that are not previewable TimeSeries of the file. */
  missing: string[];
  view: TimeWindow;
  /** The window starts where the series do. */
  fromStart: boolean;
  channels: { from: number; to: number; total: number };
  overview: boolean;
  perChannel: boolean;
}

const ROW = 28;
const samples = new Intl.NumberFormat("en");

/** The plot itself: measures its width, asks for that many columns, draws, and says in words what it shows. */
export function PreviewCanvas(p: Props) {
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [dpr, setDpr] = useState(() => (typeof window === "undefined" ? 1 : window.devicePixelRatio || 1));
  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  // Moving the window to a screen of another density changes devicePixelRatio without resizing anything.
  useEffect(() => {
    const query = window.matchMedia(`(resolution: ${dpr}dppx)`);
    const update = () => setDpr(window.devicePixelRatio || 1);
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, [dpr]);

  const margins = layoutFor(width);
  const columns = Math.min(MAX_COLUMNS, Math.max(0, width - margins.left - margins.right));
  const { shown } = usePreviewWindows(p.sessionId, p.fileName, p.parts, p.view.start, p.view.length, columns);
  const count = p.channels.to - p.channels.from;
  const row = p.overview ? Math.max(3, Math.min(ROW, Math.floor(480 / Math.max(1, count)))) : ROW;
  const traces = shown?.traces;
  const scale = amplitude(traces ?? [], p.perChannel, row);
  useEffect(() => {
    if (canvas.current && traces && width > 0)
      drawPreview(canvas.current, traces, { start: p.view.start, length: p.view.length, row, width, dpr }, scale);
  });

  const end = p.view.start + p.view.length;
  const span = p.fromStart
    ? `the first ${formatSeconds(p.view.length)} s`
    : `${formatSeconds(p.view.start)}–${formatSeconds(end)} s`;
  const which =
    count === p.channels.total
      ? `${count} channel${count === 1 ? "" : "s"}`
      : `channels ${p.channels.from + 1}–${p.channels.to} of ${p.channels.total}`;
  const scaling = scale.bar
    ? `one scale for all channels, scale bar ${formatValue(scale.bar.value)} ${scale.bar.unit}`
    : "each channel scaled to its own range";
  const ranges = traces?.flatMap((t) => (t.range ? [t.range] : [])) ?? [];
  const units = [...new Set(traces?.map((t) => t.unit))].join(", ");
  const values = ranges.length
    ? `${formatValue(Math.min(...ranges.map((r) => r.min)))} to ${formatValue(Math.max(...ranges.map((r) => r.max)))} ${units}`
    : `no values in this window`;
  const capped = shown?.windows.find((w) => w.cappedFrom !== null);
  return (
    <>
      <div ref={frame} className="previewplot-frame">
        {!shown && columns > 0 && <p className="previewplot-status">Loading the preview of {p.names}…</p>}
        {shown && shown.traces.length > 0 && (
          <canvas
            ref={canvas}
            className="previewplot-canvas"
            role="img"
            aria-label={`Plot of ${span} of ${which} of ${p.names} in ${p.fileName}, stacked, ${scaling}; values from ${values}.`}
          />
        )}
      </div>
      {shown && shown.traces.length > 0 && (
        <figcaption className="previewplot-caption">
          {formatSeconds(p.view.start)}–{formatSeconds(end)} s, {which} of {p.names}.{" "}
          {scale.bar ? (
            <>
              One scale for all channels: scale bar {formatValue(scale.bar.value)} {scale.bar.unit}.
            </>
          ) : (
            <>Each channel scaled to its own range.</>
          )}{" "}
          Values span {values}; each pixel column shows the least and greatest sample in it.
        </figcaption>
      )}
      {capped && (
        <p className="previewplot-status">
          Only {formatSeconds(capped.length)} s of the {formatSeconds(capped.cappedFrom!)} s asked for were read: a
          preview reads at most {samples.format(PREVIEW_LIMITS.maxSamples)} samples. Shorten the window or show fewer
          channels to see the rest.
        </p>
      )}
      {shown && shown.traces.length === 0 && shown.errors.length === 0 && (
        <p className="previewplot-status">These series have no samples to show.</p>
      )}
      {[...(shown?.errors ?? []), ...p.missing.map((m) => `${m}: not a TimeSeries with data to preview`)].map(
        (error) => (
          <p key={error} className="previewplot-error" role="alert">
            Preview failed for {error}
          </p>
        ),
      )}
    </>
  );
}
