import { encodeChunk, storedGzipSize } from "../convert/encode-be";
import type { Gzip } from "../convert/gzip";
import { channelLabel, channelMetadata, chunkFileName, metadataFileName, type SeriesPlan } from "../convert/plan";
import type { RowReader } from "../hdf5/rows";
import type { DatasetLocation } from "../nwb/model";
import { zipSize, type ZipEntrySize } from "../sink/zip-size";

/** The zip a conversion will make, before making it. */
export interface ZipEstimate {
  /**
   * Bytes of the zip: exact when `exact`, else extrapolated from `sampledFiles` compressed chunk files; with none
   * sampled (chunks too large to decode for an estimate), the stored size: an upper bound.
   */
  bytes: number;
  exact: boolean;
  level: number;
  files: number;
  /** Samples' bytes before gzip (float64: 8 per sample). */
  rawBytes: number;
  sampledFiles: number;
}

/** Chunk files compressed for an estimate: enough to see how the data compresses, few enough to take a moment. */
export const SAMPLE_FILES = 8;
/** Rows compressed per sampled file at most (1 MiB of output samples), so a large chunk size stays quick. */
export const SAMPLE_ROWS = 1 << 17;
/**
 * Stored bytes the samples may decode in all. A one-column sample decodes every stored chunk it touches whole,
 * and the set's worker answers nothing else meanwhile (a conversion asked for waits): a 48 MB bzip2 chunk takes
 * seconds. Past this, fewer files are sampled; when none fits, none is and the size is the stored one.
 */
export const SAMPLE_DECODE_BUDGET = 64 * 2 ** 20;
/** A sample that alone would decode more than this is passed over (NeuroConv's 10 MB chunks: 2–3 touched). */
export const SAMPLE_MAX_DECODE = 32 * 2 ** 20;
/** And no further sample is read once this much time went to sampling (slow filters: bzip2 decodes ~20 MB/s). */
export const SAMPLE_MS = 1000;
/** A gzip member's header and trailer, outside the deflate stream the ratio describes. */
const GZIP_FRAME = 18;
/**
 * The size of the zip the conversion writes at `level`. Level 0 is computed exactly (stored gzip members and
 * the zip's own headers); above it, chunk files spread over the recording and the channels are encoded and
 * gzipped as the conversion does, and their ratio is applied to every chunk file. Output file names are ASCII
 * (digits, letters, "-", "_", "."): their length is their length in UTF-8.
 */
export async function estimateZip(
  plans: SeriesPlan[],
  level: number,
  openRows: (location: DatasetLocation) => RowReader,
  gzip: Gzip,
): Promise<ZipEstimate> {
  const rawBytes = plans.reduce((n, p) => n + p.channels.length * p.series.shape[0] * 8, 0);
  let ratio = 1;
  let sampledFiles = 0;
  if (level > 0) {
    let raw = 0;
    let packed = 0;
    let decoded = 0;
    const started = Date.now();
    for (const sample of sampleFiles(plans, rawBytes)) {
      if (sampledFiles > 0 && Date.now() - started > SAMPLE_MS) break;
      const reader = openRows(sample.plan.series.data);
      const cost = decodeCost(sample, reader);
      if (cost > SAMPLE_MAX_DECODE) continue;
      if (decoded + cost > SAMPLE_DECODE_BUDGET) break;
      decoded += cost;
      const bytes = encodeSample(sample, reader);
      const gz = await gzip(bytes, level);
      raw += bytes.length;
      packed += gz.length - GZIP_FRAME;
      sampledFiles++;
    }
    ratio = raw > 0 ? packed / raw : 1;
  }
  const memberSize = (rows: number) => (level === 0 ? storedGzipSize(rows) : GZIP_FRAME + Math.round(rows * 8 * ratio));
  let files = 0;
  function* entries(): Generator<ZipEntrySize> {
    for (const plan of plans) {
      // Names are built per chunk and per channel, not per file: a long recording of many channels has millions.
      const labels = plan.channels.map((ch) => channelLabel(ch.index).length);
      for (const chunk of plan.timing.chunks) {
        const size = memberSize(chunk.last - chunk.first + 1);
        const rest = chunkFileName(0, chunk.start, chunk.end).length - channelLabel(0).length;
        for (const label of labels) {
          files++;
          yield { nameBytes: label + rest, size };
        }
      }
      for (const ch of plan.channels) {
        files++;
        const json = new TextEncoder().encode(JSON.stringify(channelMetadata(plan, ch)));
        yield { nameBytes: metadataFileName(ch.index).length, size: json.length };
      }
    }
  }
  const bytes = zipSize(entries());
  return { bytes, exact: level === 0, level, files, rawBytes, sampledFiles };
}

interface Sample {
  plan: SeriesPlan;
  chunk: number;
  channel: number;
}

/**
 * Up to SAMPLE_FILES chunk files, placed evenly over the samples' bytes (so a longer or wider series gets more),
 * each on another channel: the golden ratio's steps spread them over the channels without a pattern.
 */
function sampleFiles(plans: SeriesPlan[], rawBytes: number): Sample[] {
  const samples: Sample[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < SAMPLE_FILES; i++) {
    let at = ((i + 0.5) / SAMPLE_FILES) * rawBytes;
    for (const plan of plans) {
      const bytes = plan.channels.length * plan.series.shape[0] * 8;
      if (at >= bytes) {
        at -= bytes;
        continue;
      }
      const row = Math.floor(at / (plan.channels.length * 8));
      const chunk = Math.max(
        0,
        plan.timing.chunks.findIndex((c) => c.last >= row),
      );
      const channel = Math.floor((((i + 0.5) * 0.6180339887) % 1) * plan.channels.length);
      const key = `${plan.series.path}\u0000${chunk}\u0000${channel}`;
      if (!seen.has(key) && plan.timing.chunks.length) samples.push({ plan, chunk, channel });
      seen.add(key);
      break;
    }
  }
  return samples;
}

const sampleRows = ({ plan, chunk }: Sample) => {
  const c = plan.timing.chunks[chunk]!;
  return { first: c.first, rows: Math.min(SAMPLE_ROWS, c.last - c.first + 1) };
};

/** Stored bytes decoded to read a sample: the stored chunks its rows of its column touch, or its rows if contiguous. */
function decodeCost(sample: Sample, reader: RowReader): number {
  const { first, rows } = sampleRows(sample);
  const bytes = reader.sampleBytes ?? 8;
  if (!reader.chunkShape) return rows * reader.width * bytes;
  const [chunkRows, chunkCols] = reader.chunkShape;
  const touched = Math.floor((first + rows - 1) / chunkRows) - Math.floor(first / chunkRows) + 1;
  return touched * chunkRows * chunkCols * bytes;
}

/** The bytes of a sampled chunk file before gzip (its first SAMPLE_ROWS rows), read for its one column. */
function encodeSample(sample: Sample, reader: RowReader): Uint8Array {
  const { plan, channel } = sample;
  const ch = plan.channels[channel]!;
  const { first, rows } = sampleRows(sample);
  const src = reader.read(first, first + rows, [ch.column, ch.column + 1]);
  return encodeChunk({
    src,
    width: 1,
    column: 0,
    rows,
    scale: ch.scale,
    offset: plan.series.offset,
    unit: plan.unitFactor,
  });
}
