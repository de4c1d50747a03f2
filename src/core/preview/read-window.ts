import { columnValues } from "../convert/encode-be";
import type { RowReader } from "../hdf5/rows";
import { columnsOf, emptyEnvelope, foldInto, type Envelope } from "./envelope";

/** How stored numbers become the values shown: the converter's formula, (raw · scale + offset) · unitFactor. */
export interface Scaling {
  /** Per channel (column of the data). */
  scales: number[];
  offset: number;
  unitFactor: number;
  /** What the values are in, as shown ("µV" for ElectricalSeries, else the series' own unit). */
  unit: string;
}

/** Where a series' samples and times are, for reading a window. */
export interface WindowSource {
  data: RowReader;
  /** Its timestamps, or null when times follow from the rate. */
  timestamps: RowReader | null;
  rate: number | null;
  startingTime: number;
}

export interface WindowRequest {
  series: string;
  /** Seconds in NWB time (from timestamps_reference_time), as the series' starting_time and timestamps are. */
  start: number;
  length: number;
  /** Channels [first, end) of the series. */
  channels: [number, number];
  /** Pixel columns of the plot: each channel comes back as a min and a max per column. */
  columns: number;
}

export interface PreviewWindow {
  series: string;
  unit: string;
  start: number;
  /** Seconds covered; shorter than asked when `cappedFrom` is set. */
  length: number;
  /** The length asked for, when it held more samples than a preview reads; null otherwise. */
  cappedFrom: number | null;
  /** Rows [first, end) of the data that fell in the window. */
  rows: [number, number];
  channels: [number, number];
  channelCount: number;
  names: string[];
  envelope: Envelope;
}

/** What bounds a preview's reads. */
export interface ReadLimits {
  /** Samples (rows × channels) one preview reads at most: the window is shortened to fit. */
  maxSamples: number;
  /** Samples per read: memory holds one block at a time, however long the window. */
  blockSamples: number;
  /** A stored chunk taller than a block is read whole up to this, so that it is decoded once, not once per block. */
  chunkBlockSamples: number;
}

/** ~2 s of 128 channels at 30 kHz; blocks of 8 MiB as float64. */
export const PREVIEW_LIMITS: ReadLimits = { maxSamples: 8_000_000, blockSamples: 1 << 20, chunkBlockSamples: 1 << 24 };
export const MAX_COLUMNS = 4096;

/** Reads the window's samples block by block and reduces each channel to its min/max per pixel column. */
export function readWindow(
  source: WindowSource,
  scaling: Scaling,
  names: string[],
  request: WindowRequest,
  limits: ReadLimits = PREVIEW_LIMITS,
): PreviewWindow {
  const { start, columns } = request;
  const [c0, c1] = request.channels;
  const width = source.data.width;
  if (!Number.isFinite(start)) throw new Error("the preview start must be a number of seconds");
  if (!(request.length > 0) || !Number.isFinite(request.length))
    throw new Error("the preview length must be a positive number of seconds");
  if (!(c0 >= 0 && c1 <= width && c0 < c1)) throw new Error(`channels ${c0}–${c1} are outside the series' ${width}`);
  if (!(Number.isInteger(columns) && columns >= 1 && columns <= MAX_COLUMNS))
    throw new Error(`a preview has 1 to ${MAX_COLUMNS} columns`);
  const count = c1 - c0;
  const timeAt = timeOfRow(source);
  const first = rowAtOrAfter(source, start);
  let end = Math.max(first, rowAtOrAfter(source, start + request.length));
  let length = request.length;
  let cappedFrom: number | null = null;
  const maxRows = Math.max(1, Math.floor(limits.maxSamples / count));
  if (end - first > maxRows) {
    end = first + maxRows;
    cappedFrom = length;
    length = timeAt(end) - start;
  }
  const envelope = emptyEnvelope(count, columns);
  const chunkRows = source.data.rowsPerChunk;
  let blockRows = Math.max(1, Math.floor(limits.blockSamples / count));
  if (chunkRows > blockRows)
    blockRows = Math.max(blockRows, Math.min(chunkRows, Math.floor(limits.chunkBlockSamples / count)));
  // Blocks end on chunk boundaries where chunks are smaller than blocks: no chunk is decoded twice.
  const aligned = chunkRows > 1 && chunkRows <= blockRows;
  if (aligned) blockRows -= blockRows % chunkRows;
  for (let r = first; r < end;) {
    const stop = Math.min(end, aligned ? Math.floor(r / chunkRows) * chunkRows + blockRows : r + blockRows);
    const rows = stop - r;
    const raw = source.data.read(r, stop, [c0, c1]);
    const times = source.timestamps?.read(r, stop);
    const cols = columnsOf(times ? (i) => Number(times[i]) : (i) => timeAt(r + i), rows, start, length, columns);
    // A reader may give all columns when it cannot cut them (rows.ts).
    const full = raw.length === rows * width && width !== count;
    for (let k = 0; k < count; k++) {
      const values = columnValues({
        src: raw,
        width: full ? width : count,
        column: full ? c0 + k : k,
        rows,
        scale: scaling.scales[c0 + k]!,
        offset: scaling.offset,
        unit: scaling.unitFactor,
      });
      foldInto(envelope, k, values, cols);
    }
    r = stop;
  }
  return {
    series: request.series,
    unit: scaling.unit,
    start,
    length,
    cappedFrom,
    rows: [first, end],
    channels: [c0, c1],
    channelCount: width,
    names: names.slice(c0, c1),
    envelope,
  };
}

/** Time of a row (seconds); past the last row, where the rate says the next sample would be. */
function timeOfRow(source: WindowSource): (row: number) => number {
  const { timestamps, rate, startingTime } = source;
  if (!timestamps) return (row) => startingTime + row / rate!;
  const rows = timestamps.rows;
  const at = (row: number) => Number(timestamps.read(row, row + 1)[0]);
  return (row) => (row < rows ? at(row) : at(rows - 1) + (rows > 1 ? (at(rows - 1) - at(0)) / (rows - 1) : 0));
}

/** The first row whose time is ≥ t: from the rate, or by bisection over the timestamps (a few single reads). */
function rowAtOrAfter(source: WindowSource, t: number): number {
  const rows = source.data.rows;
  if (!source.timestamps) {
    const row = Math.ceil((t - source.startingTime) * source.rate! - 1e-9);
    return Math.min(rows, Math.max(0, row));
  }
  const ts = source.timestamps;
  let lo = 0;
  let hi = Math.min(rows, ts.rows);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (Number(ts.read(mid, mid + 1)[0]) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
