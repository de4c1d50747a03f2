/** Pure choices of the preview's scales: the shared amplitude, the scale bar and the time ticks. */

export interface Range {
  min: number;
  max: number;
}

/**
 * The peak-to-peak span one row shows when all channels share a scale: the 90th percentile of the channels'
 * spans, so that one broken or saturated channel does not flatten all the others (the few beyond it may reach
 * into their neighbours' rows, as on a paper chart).
 */
export function sharedSpan(ranges: (Range | null)[]): number {
  const spans = ranges
    .filter((r): r is Range => r !== null)
    .map((r) => r.max - r.min)
    .filter((s) => s > 0)
    .sort((a, b) => a - b);
  if (!spans.length) return 0;
  return spans[Math.min(spans.length - 1, Math.floor(spans.length * 0.9))]!;
}

const NICE = [1, 2, 5];

/** The largest 1, 2 or 5 × 10^k not above `limit` (limit > 0). */
export function niceBelow(limit: number): number {
  const power = Math.pow(10, Math.floor(Math.log10(limit)));
  for (let i = NICE.length - 1; i >= 0; i--) if (NICE[i]! * power <= limit * (1 + 1e-9)) return NICE[i]! * power;
  return power;
}

/** A scale bar of a round value at most `maxPixels` tall, at `pixelsPerUnit`. */
export function scaleBar(pixelsPerUnit: number, maxPixels: number): { value: number; pixels: number } | null {
  if (!(pixelsPerUnit > 0) || !Number.isFinite(pixelsPerUnit)) return null;
  const value = niceBelow(maxPixels / pixelsPerUnit);
  return { value, pixels: value * pixelsPerUnit };
}

/** Tick times for an axis from `start` lasting `length` s, about one per `spacing` px of `pixels`. */
export function timeTicks(start: number, length: number, pixels: number, spacing = 80): number[] {
  if (!(length > 0) || !(pixels > 0)) return [];
  const step = niceAbove(length / Math.max(1, Math.floor(pixels / spacing)));
  const ticks: number[] = [];
  for (let t = Math.ceil(start / step - 1e-9) * step; t <= start + length + step * 1e-9; t += step)
    ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** The least 1, 2 or 5 × 10^k not below `x`. */
export function niceAbove(x: number): number {
  const power = Math.pow(10, Math.floor(Math.log10(x)));
  for (const n of NICE) if (n * power >= x * (1 - 1e-9)) return n * power;
  return 10 * power;
}

const seconds = new Intl.NumberFormat("en", { maximumSignificantDigits: 6 });
/** Seconds as the page writes them: up to six significant digits, no exponent. */
export const formatSeconds = (s: number): string => seconds.format(s);

const values = new Intl.NumberFormat("en", { maximumSignificantDigits: 4 });
export const formatValue = (v: number): string => values.format(v);
