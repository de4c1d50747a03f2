import { formatSeconds, formatValue, scaleBar, sharedSpan, timeTicks, type Range } from "./scales";

/** One channel as drawn: its min/max per pixel column over `length` seconds from the window's start. */
export interface Trace {
  label: string;
  unit: string;
  min: Float64Array;
  max: Float64Array;
  length: number;
  range: Range | null;
}

export interface Amplitude {
  /** Pixels per unit shared by all channels; null when each channel is scaled to its own range. */
  pixelsPerUnit: number | null;
  bar: { value: number; pixels: number; unit: string } | null;
}

/** Margins for labels (left), the scale bar (right) and the time axis; narrower on a phone, to leave room to plot. */
export function layoutFor(width: number) {
  return width < 560 ? { left: 64, right: 60, top: 8, bottom: 34 } : { left: 120, right: 84, top: 8, bottom: 34 };
}

/** Share of a row a channel's span fills: the gap between rows keeps neighbouring envelopes apart. */
const FILL = 0.75;

/** One scale for all channels (their 90th-percentile span fills 3/4 of a row), or none when per channel. */
export function amplitude(traces: Trace[], perChannel: boolean, row: number): Amplitude {
  if (perChannel || !traces.length) return { pixelsPerUnit: null, bar: null };
  const span = sharedSpan(traces.map((t) => t.range));
  if (!(span > 0)) return { pixelsPerUnit: null, bar: null };
  const pixelsPerUnit = (row * FILL) / span;
  const bar = scaleBar(pixelsPerUnit, Math.max(12, row * FILL));
  return { pixelsPerUnit, bar: bar && { ...bar, unit: traces[0]!.unit } };
}

export interface Frame {
  start: number;
  length: number;
  row: number;
  width: number;
  dpr: number;
}

export function drawPreview(canvas: HTMLCanvasElement, traces: Trace[], frame: Frame, scale: Amplitude): void {
  const { row, width, dpr, start, length } = frame;
  const { left, right, top, bottom } = layoutFor(width);
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
  const plotBottom = top + traces.length * row;
  ctx.font = `12px ${style.fontFamily}`;
  ctx.textBaseline = "middle";
  ctx.lineWidth = 1;

  traces.forEach((trace, i) => {
    const middle = top + (i + 0.5) * row;
    if (row >= 10) {
      ctx.fillStyle = ink;
      ctx.textAlign = "right";
      ctx.fillText(trace.label, left - 8, middle, left - 12);
    }
    if (!trace.range) return;
    const center = (trace.range.min + trace.range.max) / 2;
    const span = trace.range.max - trace.range.min;
    const ppu = scale.pixelsPerUnit ?? (span > 0 ? (row * FILL) / span : 0);
    const yOf = (v: number) => middle - (v - center) * ppu;
    const columns = trace.min.length;
    const xOf = (x: number) => left + (((x + 0.5) * trace.length) / columns / length) * plotWidth;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, plotWidth, plotBottom - top);
    ctx.clip();
    ctx.strokeStyle = style.getPropertyValue("--previewplot-trace").trim() || ink;
    ctx.beginPath();
    let started = false;
    // Each column a vertical stroke from its min to its max, joined to the next: the envelope of fast data.
    for (let x = 0; x < columns; x++) {
      const lo = trace.min[x]!;
      if (Number.isNaN(lo)) continue;
      const px = xOf(x);
      if (started) ctx.lineTo(px, yOf(lo));
      else ctx.moveTo(px, yOf(lo));
      ctx.lineTo(px, yOf(trace.max[x]!));
      started = true;
    }
    ctx.stroke();
    ctx.restore();
  });

  ctx.strokeStyle = ink;
  ctx.fillStyle = ink;
  ctx.beginPath();
  const axisY = plotBottom + 4;
  ctx.moveTo(left, axisY);
  ctx.lineTo(left + plotWidth, axisY);
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const t of timeTicks(start, length, plotWidth)) {
    const x = left + ((t - start) / length) * plotWidth;
    ctx.moveTo(x, axisY);
    ctx.lineTo(x, axisY + 4);
    ctx.fillText(formatSeconds(t), x, axisY + 6);
  }
  ctx.stroke();
  ctx.textAlign = "right";
  ctx.fillText("time (s)", left - 8, axisY + 6);

  if (scale.bar) {
    const x = left + plotWidth + 12;
    const bottomY = top + Math.min(row, plotBottom - top) / 2 + scale.bar.pixels / 2;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(x, bottomY);
    ctx.lineTo(x, bottomY - scale.bar.pixels);
    ctx.stroke();
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.fillText(
      `${formatValue(scale.bar.value)} ${scale.bar.unit}`,
      x + 6,
      bottomY - scale.bar.pixels / 2,
      right - 20,
    );
  }
}
