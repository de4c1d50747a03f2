/**
 * Min/max decimation: per channel, the least and greatest value of the samples falling in each pixel column of a
 * window. Drawn as a vertical stroke per column, 30 kHz data shows its envelope (spikes included) instead of a
 * solid band of overdrawn lines, and the page receives a few thousand numbers per channel whatever the window.
 */
export interface Envelope {
  channels: number;
  columns: number;
  /** Channel c, column x at c · columns + x; NaN where no sample falls in the column. */
  min: Float64Array;
  max: Float64Array;
}

export function emptyEnvelope(channels: number, columns: number): Envelope {
  return {
    channels,
    columns,
    min: new Float64Array(channels * columns).fill(NaN),
    max: new Float64Array(channels * columns).fill(NaN),
  };
}

/**
 * The pixel column of each of `count` samples whose times are `timeOf(i)`, in a window of `columns` columns from
 * `start` lasting `length` seconds; −1 for a sample outside the window.
 */
export function columnsOf(
  timeOf: (i: number) => number,
  count: number,
  start: number,
  length: number,
  columns: number,
): Int32Array {
  const out = new Int32Array(count);
  const perSecond = columns / length;
  for (let i = 0; i < count; i++) {
    // A millionth of a column absorbs rounding: a sample at exactly a column's left edge stays in it.
    const x = Math.floor((timeOf(i) - start) * perSecond + 1e-6);
    out[i] = x >= 0 && x < columns ? x : -1;
  }
  return out;
}

/** Folds one channel's samples into its columns; non-finite values (NaN gaps, ±∞) are left out. */
export function foldInto(envelope: Envelope, channel: number, values: ArrayLike<number>, columnOf: Int32Array): void {
  const { min, max } = envelope;
  const base = channel * envelope.columns;
  for (let i = 0; i < columnOf.length; i++) {
    const x = columnOf[i]!;
    const v = values[i]!;
    if (x < 0 || !Number.isFinite(v)) continue;
    const at = base + x;
    // NaN compares false both ways: the first sample of a column sets it.
    if (!(min[at]! <= v)) min[at] = v;
    if (!(max[at]! >= v)) max[at] = v;
  }
}

/** The least and greatest value of a channel in the window, or null when it has none. */
export function channelRange(envelope: Envelope, channel: number): { min: number; max: number } | null {
  let lo = Infinity;
  let hi = -Infinity;
  const base = channel * envelope.columns;
  for (let x = 0; x < envelope.columns; x++) {
    const a = envelope.min[base + x]!;
    const b = envelope.max[base + x]!;
    if (a < lo) lo = a;
    if (b > hi) hi = b;
  }
  return lo <= hi ? { min: lo, max: hi } : null;
}
