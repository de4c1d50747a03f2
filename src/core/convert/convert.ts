import { filesPerChannelProblem } from "./settings";
import type { RowReader, Samples } from "../hdf5/rows";
import type { DatasetLocation, NwbFile } from "../nwb/model";
import { byteOrder } from "../nwb/read-nwb";
import type { OutputSink } from "../sink/output-sink";
import type { Crc32 } from "../sink/crc32";
import { encodeChunk, encodeChunkStoredGzip, LEVEL1_BUFFER, storedGzipSize, type ColumnSpec } from "./encode-be";
import { channelMajor } from "./transpose";
import type { Gzip } from "./gzip";
import {
  channelMetadata,
  chunkFileName,
  metadataFileName,
  planChannels,
  referenceSeconds,
  selectSeries,
  seriesUnitFactor,
  type SeriesPlan,
} from "./plan";
import { RowCursor } from "./row-cursor";
import { channelStripes, type Columns } from "./stripes";
import { rateTiming, samplesPerChunk, timestampTiming, type Chunk } from "./timing";

/** Blocks at least this wide are made channel-major once so each channel reads contiguously. */
const WIDE = 16;

/**
 * Reads a chunk's rows of a stripe of columns: channel-major for wide data (straight from the direct reader
 * where it can). Narrow data is read row-major, whole: it is one stripe.
 */
function blockReader(
  reader: RowReader,
  wide: boolean,
  columns: Columns,
): (chunk: Chunk, free?: Promise<unknown>) => Promise<Samples> {
  if (wide && reader.readChannelMajor) return (c, free) => reader.readChannelMajor!(c.first, c.last + 1, columns, free);
  const cursor = new RowCursor(reader, columns);
  // A synchronous reader reads when asked: with `free`, not before the previous block is used up.
  if (!wide)
    return async (c, free) => {
      await free;
      return cursor.take(c.first, c.last + 1);
    };
  const width = columns[1] - columns[0];
  return async (c, free) => {
    await free;
    return channelMajor(await cursor.take(c.first, c.last + 1), c.last - c.first + 1, width);
  };
}

/**
 * Encodes one channel's chunk elsewhere (a worker pool): `spec.src` is a
 * standalone copy of the channel's samples (width 1) that may be transferred.
 * At level 0 `room` bytes are to be left free before the file (OutputSink.headroom), and `into` (room and
 * file exactly, from OutputSink.spare) may take both instead of a new buffer.
 */
export type EncodeChunk = (spec: ColumnSpec, level: number, room?: number, into?: ArrayBuffer) => Promise<Encoded>;

/** A file's bytes as the sink gets them, with their CRC-32 where the encoder had it anyway. */
export interface Encoded {
  gz: Uint8Array;
  crc?: number;
  /** The samples the encoder was given, handed back for the next copy (an encoder elsewhere only). */
  src?: Samples;
  /** Free bytes just before `gz` in its buffer, for the sink (OutputSink.headroom). */
  room?: number;
}

export type OpenRows = (location: DatasetLocation) => RowReader;

export interface Progress {
  filesDone: number;
  filesTotal: number;
  /** Decompressed output bytes written so far, and in all. */
  bytesDone: number;
  bytesTotal: number;
  /** Stored output bytes written so far (after gzip). */
  bytesWritten: number;
  /** Seconds since the conversion started. */
  seconds: number;
}

export interface ConvertOptions {
  level: number;
  gzip: Gzip;
  /** With a CRC-32, level 0 writes samples straight into stored gzip blocks (one pass, no compressor). */
  crc32?: Crc32;
  /** Encode (and gzip) in a pool instead of in place; `gzip` and `crc32` are then not used. */
  encode?: EncodeChunk;
  sink: OutputSink;
  /** How many chunk files may be compressing or writing at once. */
  parallel?: number;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Bytes a stripe's blocks may hold, and the most held to decode each chunk once (stripes.ts; tests set them low). */
  stripeBudget?: number;
  oneDecodeBudget?: number;
}

export interface Summary {
  files: number;
  channels: number;
  series: number;
  bytesOut: number;
  bytesRaw: number;
  seconds: number;
}

/** Plans the conversion of the chosen series: timing, chunks, global channel indices. */
export function planConversion(file: NwbFile, paths: string[], chunkMb: number, openRows: OpenRows): SeriesPlan[] {
  const perChunk = samplesPerChunk(chunkMb);
  const S = referenceSeconds(file);
  const chosen = selectSeries(file, paths).sort((a, b) => byteOrder(a.path, b.path));
  if (chosen.length === 0) throw new Error(`${file.name}: no ElectricalSeries to convert`);
  let next = 0;
  return chosen.map((series) => {
    if (series.problem) throw new Error(`${file.name}: ${series.path} cannot be converted: ${series.problem}`);
    // Before the timing, which would hold every chunk: a slip of a chunk size must not fill the memory.
    const tooMany = filesPerChannelProblem(String(chunkMb), [{ path: series.path, rows: series.shape[0] }]);
    if (tooMany) throw new Error(`${file.name}: ${tooMany}`);
    const timing = series.timestamps
      ? timestampTiming(series, openRows(series.timestamps), S, perChunk)
      : rateTiming(series, series.rate!, S, perChunk);
    const exact = filesPerChannelProblem(String(chunkMb), [
      { path: series.path, rows: series.shape[0], filesPerChannel: timing.chunks.length + 1 },
    ]);
    if (exact) throw new Error(`${file.name}: ${exact}`);
    const channels = planChannels(series, next);
    next += channels.length;
    return { series, timing, unitFactor: seriesUnitFactor(series), channels };
  });
}

/**
 * Runs a plan: reads blocks of rows, a stripe of channels at a time (stripes.ts), encodes each channel, gzips
 * and hands files to the sink. Files come stripe by stripe: all of a stripe's chunk files, then the next's.
 */
export async function convert(plans: SeriesPlan[], openRows: OpenRows, options: ConvertOptions): Promise<Summary> {
  const started = Date.now();
  const { sink, gzip, level, signal } = options;
  const parallel = Math.max(1, options.parallel ?? 4);
  const progress: Progress = { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, bytesWritten: 0, seconds: 0 };
  for (const p of plans) {
    progress.filesTotal += p.channels.length * (p.timing.chunks.length + 1);
    progress.bytesTotal += p.channels.length * p.series.shape[0] * 8;
  }
  const pending = new Set<Promise<void>>();
  let failure: unknown = null;
  // Level-0 chunk buffers go back to a pool once a sink that copies or writes them is done:
  // a recording makes thousands of them, and fresh ones cost zero-filling and garbage collection.
  const pool: Uint8Array[] = [];
  // The same for the channel copies an encoder elsewhere gives back: each is one chunk of one channel.
  const copies: Samples[] = [];
  const copyOf = (column: Samples): Samples => {
    const spare = copies.pop();
    if (!spare || spare.length !== column.length || spare.constructor !== column.constructor) return column.slice();
    (spare as Float64Array).set(column as Float64Array);
    return spare;
  };
  const emit = (name: string, raw: number, produce: () => Promise<Encoded>, reusable = false) => {
    const job = produce()
      .then(({ gz, crc, room }) => {
        const stored = gz.length; // read first: a sink that keeps the bytes may transfer (detach) them
        return sink.put(name, gz, crc, room).then(() => {
          if (reusable && sink.releasesBytes && pool.length < parallel + 2) pool.push(gz);
          return stored;
        });
      })
      .then((stored) => {
        progress.filesDone++;
        progress.bytesDone += raw;
        progress.bytesWritten += stored;
        progress.seconds = (Date.now() - started) / 1000;
        options.onProgress?.({ ...progress });
      })
      .catch((e: unknown) => {
        failure ??= e;
      })
      .finally(() => pending.delete(job));
    pending.add(job);
  };
  const drain = async (limit: number) => {
    while (pending.size > limit) await Promise.race(pending);
    if (failure) throw failure;
    if (signal?.aborted) throw signal.reason ?? new Error("cancelled");
  };

  try {
    for (const plan of plans) {
      const { chunks } = plan.timing;
      const width = plan.series.shape[1];
      // Wide blocks are encoded channel by channel from contiguous runs (see transpose.ts).
      // The pool pays off where encoding is heavy (wide data, or real gzip); narrow level-0 data is
      // cheaper to encode in place than to copy out column by column (measured: bench/README.md).
      const encodeElsewhere = options.encode && (width >= WIDE || level > 0) ? options.encode : undefined;
      const reader = openRows(plan.series.data);
      let blockRows = 0;
      for (const c of chunks) blockRows = Math.max(blockRows, c.last - c.first + 1);
      // Channels in stripes, each through all its rows before the next: memory follows the budget, not the width.
      const { stripes, readAhead } = channelStripes(reader, blockRows, options.stripeBudget, options.oneDecodeBudget);
      const wide = width >= WIDE || encodeElsewhere !== undefined || stripes.length > 1;
      const readers = stripes.map((columns) => blockReader(reader, wide, columns));
      const steps = stripes.length * chunks.length;
      const readStep = (k: number, free?: Promise<void>) =>
        readers[Math.floor(k / chunks.length)]!(chunks[k % chunks.length]!, free);
      // The next block is read while this one is encoded: I/O and decoding overlap with the CPU work (the
      // first block of the next stripe too). Each block is used up (encoded or copied) within its own turn of
      // the loop, before the block after the next is asked for: readers may recycle a block's memory then
      // (RowReader.readChannelMajor). A block too big for two is read into the same memory once this turn
      // frees it (`free`): decoding starts ahead, the filling waits.
      let next = steps ? readStep(0, readAhead ? undefined : Promise.resolve()) : null;
      let release = () => {};
      for (let k = 0; k < steps; k++) {
        const chunk = chunks[k % chunks.length]!;
        const [c0, c1] = stripes[Math.floor(k / chunks.length)]!;
        const block = await next!;
        const free = readAhead ? undefined : new Promise<void>((resolve) => (release = resolve));
        next = k + 1 < steps ? readStep(k + 1, free) : null;
        next?.catch(() => undefined);
        const rows = chunk.last - chunk.first + 1;
        const wanted = plan.channels.filter(
          (ch) =>
            ch.column >= c0 &&
            ch.column < c1 &&
            (!sink.wants || sink.wants(chunkFileName(ch.index, chunk.start, chunk.end))),
        );
        for (const ch of wanted) {
          await drain(parallel);
          const common = { rows, scale: ch.scale, offset: plan.series.offset, unit: plan.unitFactor };
          const at = ch.column - c0;
          const spec: ColumnSpec = wide
            ? { ...common, src: block.subarray(at * rows, (at + 1) * rows) as Samples, width: 1, column: 0 }
            : { ...common, src: block, width, column: ch.column };
          const name = chunkFileName(ch.index, chunk.start, chunk.end);
          const crc32 = options.crc32;
          // Level 0's file size is known before encoding; above it only after, but the samples' size bounds it as
          // far as a header's length goes. The sink may want room for its header before the file.
          const member = level === 0 ? storedGzipSize(rows) : 0;
          const room = sink.headroom ? sink.headroom(name, level === 0 ? member : rows * 8) : 0;
          if (encodeElsewhere) {
            const pooled = { ...spec, src: copyOf(spec.src) };
            // A buffer the download gave back: for room and file at level 0; above it, one of 1 MiB or more (the
            // encoder makes its new ones that large, and takes a new one if the file does not fit).
            const into = sink.spare?.(level === 0 ? room + member : LEVEL1_BUFFER);
            emit(name, rows * 8, async () => {
              const done = await encodeElsewhere(pooled, level, room, into);
              if (done.src && copies.length < parallel + 2) copies.push(done.src);
              return done;
            });
          } else if (level === 0 && crc32) {
            const size = room + member;
            // A pooled buffer too small (a channel's last, shorter chunk) gives way to the sink's (page-aligned on disk).
            let spare = pool.pop()?.buffer;
            if (!spare || spare.byteLength < size) spare = sink.spare?.(size) ?? spare;
            const { gz, memberCrc } = encodeChunkStoredGzip(
              spec,
              crc32,
              spare && spare.byteLength >= size ? new Uint8Array(spare, 0, size) : undefined,
              room,
            );
            emit(name, rows * 8, async () => ({ gz, crc: memberCrc, room }), true);
          } else {
            const bytes = encodeChunk(spec);
            emit(name, bytes.length, async () => ({ gz: await gzip(bytes, level) }));
          }
        }
        release(); // this block is used up: the next may fill its memory
      }
      for (const ch of plan.channels) {
        if (sink.wants && !sink.wants(metadataFileName(ch.index))) continue;
        await drain(parallel);
        const json = new TextEncoder().encode(JSON.stringify(channelMetadata(plan, ch)));
        emit(metadataFileName(ch.index), 0, async () => ({ gz: json }));
      }
    }
    await drain(0);
    await sink.finish();
  } catch (e) {
    await Promise.allSettled(pending);
    await sink.abort();
    throw e;
  }
  return {
    files: progress.filesDone,
    channels: plans.reduce((n, p) => n + p.channels.length, 0),
    series: plans.length,
    bytesOut: progress.bytesWritten,
    bytesRaw: progress.bytesDone,
    seconds: (Date.now() - started) / 1000,
  };
}
