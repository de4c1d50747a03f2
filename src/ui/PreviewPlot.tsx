import { useEffect, useRef, useState } from "react";
import type { Preview } from "../core/session";
import { call } from "./bridge";
import "./components.css";

export interface PreviewPlotProps {
  sessionId: number;
  fileName: string;
  seriesPaths: string[];
}

const SECONDS = 2;

interface Trace {
  label: string;
  values: Float64Array;
  rate: number;
  min: number;
  max: number;
}

type Loaded = { key: string; traces: Trace[]; errors: string[] };

const seriesName = (path: string) => path.slice(path.lastIndexOf("/") + 1) || path;

/** The first seconds of the selected series, every channel stacked and scaled to its own range. */
export function PreviewPlot({ sessionId, fileName, seriesPaths }: PreviewPlotProps) {
  const pathsKey = seriesPaths.join("\n");
  const key = `${sessionId}\u0000${fileName}\u0000${pathsKey}`;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [width, setWidth] = useState(0);
  const [dpr, setDpr] = useState(() => (typeof window === "undefined" ? 1 : window.devicePixelRatio || 1));
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (!pathsKey) return;
    const paths = pathsKey.split("\n");
    const requestKey = `${sessionId}\u0000${fileName}\u0000${pathsKey}`;
    let current = true;
    void Promise.allSettled(
      paths.map((p) => call(sessionId, (api) => api.preview(sessionId, fileName, p, SECONDS))),
    ).then((results) => {
      if (!current) return;
      const traces: Trace[] = [];
      const errors: string[] = [];
      results.forEach((r, i) => {
        if (r.status === "fulfilled") traces.push(...toTraces(r.value, paths.length > 1 ? seriesName(paths[i]!) : ""));
        else errors.push(`${paths[i]}: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`);
      });
      setLoaded({ key: requestKey, traces, errors });
    });
    return () => {
      current = false;
    };
  }, [sessionId, fileName, pathsKey]);

  const hasSeries = seriesPaths.length > 0;
  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasSeries]);

  // Moving the window to a screen of another density changes devicePixelRatio without resizing anything.
  useEffect(() => {
    const query = window.matchMedia(`(resolution: ${dpr}dppx)`);
    const update = () => setDpr(window.devicePixelRatio || 1);
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, [dpr]);

  const shown = loaded?.key === key ? loaded : null;
  const traces = shown?.traces;
  useEffect(() => {
    if (canvas.current && traces && width > 0) drawTraces(canvas.current, traces, width, dpr);
  }, [traces, width, dpr]);

  if (!hasSeries) return <p className="previewplot-empty">No series selected</p>;

  const names = seriesPaths.map(seriesName).join(", ");
  const summary = shown && describe(shown.traces);
  return (
    <figure className="previewplot">
      <div ref={frame} className="previewplot-frame">
        {!shown && <p className="previewplot-status">Loading the preview of {names}…</p>}
        {shown && shown.traces.length > 0 && (
          <canvas
            ref={canvas}
            className="previewplot-canvas"
            role="img"
            aria-label={`Plot of the first ${summary!.seconds} s of ${shown.traces.length} channels of ${names} in ${fileName}, stacked, each scaled to its own range; values from ${summary!.range}.`}
          />
        )}
      </div>
      {shown && shown.traces.length > 0 && (
        <figcaption className="previewplot-caption">
          First {summary!.seconds} s of {shown.traces.length} channels of {names}, each scaled to its own range. Values
          span {summary!.range}.
        </figcaption>
      )}
      {shown && shown.traces.length === 0 && shown.errors.length === 0 && (
        <p className="previewplot-status">These series have no samples to show.</p>
      )}
      {shown?.errors.map((error) => (
        <p key={error} className="previewplot-error" role="alert">
          Preview failed for {error}
        </p>
      ))}
    </figure>
  );
}

function toTraces(preview: Preview, prefix: string): Trace[] {
  return preview.channels.map((values, i) => {
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const name = preview.names[i] ?? `channel ${i}`;
    return { label: prefix ? `${prefix}: ${name}` : name, values, rate: preview.rate, min, max };
  });
}

const microvolts = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 4 });

function describe(traces: Trace[]): { seconds: string; range: string } {
  const finite = traces.filter((t) => t.min <= t.max);
  const min = Math.min(...finite.map((t) => t.min));
  const max = Math.max(...finite.map((t) => t.max));
  const seconds = Math.max(0, ...traces.map((t) => t.values.length / t.rate));
  return {
    seconds: seconds.toFixed(seconds < 1 ? 3 : 2),
    range: finite.length ? `${microvolts.format(min)} µV to ${microvolts.format(max)} µV` : "no finite values (µV)",
  };
}

const LAYOUT = { left: 120, right: 12, top: 8, bottom: 30, row: 28 };
const TICK_STEPS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5];

function drawTraces(canvas: HTMLCanvasElement, traces: Trace[], width: number, dpr: number): void {
  const { left, right, top, bottom, row } = LAYOUT;
  const height = top + traces.length * row + bottom;
  canvas.style.height = `${height}px`;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const style = getComputedStyle(canvas);
  const ink = style.color;
  const plotWidth = Math.max(1, width - left - right);
  const seconds = Math.max(1e-9, ...traces.map((t) => t.values.length / t.rate));
  const xOf = (t: number) => left + (t / seconds) * plotWidth;
  ctx.font = `12px ${style.fontFamily}`;
  ctx.textBaseline = "middle";

  traces.forEach((trace, i) => {
    const middle = top + (i + 0.5) * row;
    ctx.fillStyle = ink;
    ctx.textAlign = "right";
    ctx.fillText(trace.label, left - 8, middle, left - 12);
    const span = trace.max - trace.min;
    const mid = (trace.max + trace.min) / 2;
    const yOf = (v: number) => (span > 0 ? middle - ((v - mid) / span) * row * 0.9 : middle);
    ctx.strokeStyle = style.getPropertyValue("--previewplot-trace").trim() || ink;
    ctx.lineWidth = 1;
    ctx.beginPath();
    strokeEnvelope(ctx, trace, xOf, yOf, dpr);
    ctx.stroke();
  });

  const axisY = top + traces.length * row + 4;
  ctx.strokeStyle = ink;
  ctx.fillStyle = ink;
  ctx.beginPath();
  ctx.moveTo(left, axisY);
  ctx.lineTo(left + plotWidth, axisY);
  const step = TICK_STEPS.find((s) => seconds / s <= plotWidth / 70) ?? 10;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (let k = 0; k * step <= seconds + 1e-9; k++) {
    const x = xOf(k * step);
    ctx.moveTo(x, axisY);
    ctx.lineTo(x, axisY + 4);
    ctx.fillText(String(Number((k * step).toFixed(3))), x, axisY + 6);
  }
  ctx.stroke();
  ctx.textAlign = "right";
  ctx.fillText("time (s)", left - 8, axisY + 6);
}

// Many samples share a device pixel at full rate: drawing each column's min and max keeps spikes visible.
function strokeEnvelope(
  ctx: CanvasRenderingContext2D,
  trace: Trace,
  xOf: (t: number) => number,
  yOf: (v: number) => number,
  dpr: number,
): void {
  let column = NaN;
  let x = 0;
  let lo = 0;
  let hi = 0;
  let started = false;
  const flush = () => {
    if (Number.isNaN(column)) return;
    if (started) ctx.lineTo(x, yOf(lo));
    else ctx.moveTo(x, yOf(lo));
    if (hi !== lo) ctx.lineTo(x, yOf(hi));
    started = true;
  };
  trace.values.forEach((v, i) => {
    if (!Number.isFinite(v)) return;
    const sampleX = xOf(i / trace.rate);
    const sampleColumn = Math.floor(sampleX * dpr);
    if (sampleColumn === column) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      return;
    }
    flush();
    column = sampleColumn;
    x = sampleX;
    lo = hi = v;
  });
  flush();
}
