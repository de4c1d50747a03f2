import { useEffect, useRef, useState } from "react";
import { MAX_COLUMNS, PREVIEW_LIMITS } from "../../core/preview/read-window";
import { amplitude, drawPreview, layoutFor } from "./draw-preview";
import { formatSeconds, formatValue } from "./scales";
import { usePlotGestures } from "./use-plot-gestures";
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
  onView(view: TimeWindow): void;
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
  const count = p.channels.to - p.channels.from;
  const which =
    count === p.channels.total
      ? `${count} channel${count === 1 ? "" : "s"}`
      : `channels ${p.channels.from + 1}–${p.channels.to} of ${p.channels.total}`;
  const meta = { ...p.view, fromStart: p.fromStart, which, names: p.names, count, overview: p.overview };
  const { shown, current } = usePreviewWindows(
    p.sessionId,
    p.fileName,
    p.parts,
    p.view.start,
    p.view.length,
    columns,
    meta,
  );
  const m = shown?.meta;
  const row = m?.overview ? Math.max(3, Math.min(ROW, Math.floor(480 / Math.max(1, m.count)))) : ROW;
  const traces = shown?.traces;
  const scale = amplitude(traces ?? [], p.perChannel, row);
  const drawn = Boolean(traces?.length);
  useEffect(() => {
    if (canvas.current && traces && m && width > 0)
      drawPreview(canvas.current, traces, { start: m.start, length: m.length, row, width, dpr }, scale);
  });
  const gestures = usePlotGestures(canvas, drawn, { left: margins.left, width: columns }, p.view, p.onView);

  const end = m ? m.start + m.length : 0;
  const span = m?.fromStart
    ? `the first ${formatSeconds(m.length)} s`
    : `${formatSeconds(m?.start ?? 0)}–${formatSeconds(end)} s`;
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
      <div ref={frame} className="previewplot-frame" aria-busy={!current}>
        {!shown && columns > 0 && <p className="previewplot-status">Loading the preview of {p.names}…</p>}
        {shown && !current && <p className="previewplot-status previewplot-updating">Reading the new window…</p>}
        {m && drawn && (
          <canvas
            ref={canvas}
            className="previewplot-canvas"
            role="img"
            aria-label={`Plot of ${span} of ${m.which} of ${m.names} in ${p.fileName}, stacked, ${scaling}; values from ${values}.`}
            {...gestures}
          />
        )}
      </div>
      {m && drawn && (
        <figcaption className="previewplot-caption">
          {formatSeconds(m.start)}–{formatSeconds(end)} s, {m.which} of {m.names}.{" "}
          {scale.bar ? (
            <>
              One scale for all channels: scale bar {formatValue(scale.bar.value)} {scale.bar.unit}.
            </>
          ) : (
            <>Each channel scaled to its own range.</>
          )}{" "}
          Values span {values}; each pixel column shows the least and greatest sample in it. Drag the plot to move in
          time; Ctrl + wheel zooms.
        </figcaption>
      )}
      {capped && (
        <p className="previewplot-status">
          Only {formatSeconds(capped.length)} s of the {formatSeconds(capped.cappedFrom!)} s asked for were read: a
          preview reads at most {samples.format(PREVIEW_LIMITS.maxSamples)} samples. Shorten the window or show fewer
          channels to see the rest.
        </p>
      )}
      {shown && current && !drawn && shown.errors.length === 0 && (
        <p className="previewplot-status">These series have no samples to show.</p>
      )}
      {[
        ...(current ? (shown?.errors ?? []) : []),
        ...p.missing.map((m) => `${m}: not a TimeSeries with data to preview`),
      ].map((error) => (
        <p key={error} className="previewplot-error" role="alert">
          Preview failed for {error}
        </p>
      ))}
    </>
  );
}
