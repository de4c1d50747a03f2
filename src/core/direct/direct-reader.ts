import type { ByteSource } from "../hdf5/byte-source";
import type { ChunkRef, DatasetLayoutInfo, FilterInfo } from "../hdf5/layout";
import type { RowReader, Samples } from "../hdf5/rows";
import { copyTileToChannelMajor } from "../convert/transpose";
import { samplesType, swapBytes, unshuffle } from "./samples";

/**
 * One filter of a chunk's pipeline undone, off the caller's thread where possible. With `into`, the output may
 * land there (when it fits) instead of in a new array: use the returned view either way. `size` is what the
 * data must decode to at most (a chunk's bytes): more is corrupt, and refused before it is all made.
 * `wanted`: only the first bytes are needed (a table's ragged rows end early in the chunk), so decoding may stop
 * once they are out; a decoder that ignores it returns the whole output, which serves as well.
 * `spent`: a decoder that moved `data` to another thread may hand its buffer back through it once done, for the
 * next chunk's read (else each chunk's stored bytes came in a fresh buffer: external memory that asks for a
 * full garbage collection every few dozen megabytes).
 */
export type ChunkDecode = (
  data: Uint8Array,
  into?: Uint8Array,
  size?: number,
  wanted?: number,
  spent?: (buffer: ArrayBuffer) => void,
) => Promise<Uint8Array>;
/** zlib-wrapped deflate (HDF5 filter 1). */
export type Inflate = ChunkDecode;

/** Decoders for the filters that the reader does not undo itself (shuffle it does). */
export interface ChunkDecoders {
  inflate: Inflate;
  /** Blosc (filter 32001: hdf5-blosc stores each chunk as one Blosc1 frame); without it, such data goes to h5wasm. */
  blosc?: ChunkDecode;
}

const DEFLATE = 1;
const BLOSC = 32001;
/** hdf5-blosc's client data: [filter revision, Blosc format, type size, chunk bytes, level, shuffle, compressor]. */
const BLOSC_COMPRESSOR = 6;
/** The Blosc compressors decoded here (see ./blosc-codecs): LZ4, LZ4HC, zlib and zstd, with any shuffle. */
const BLOSC_DECODED = new Set([1, 2, 4, 5]);
const DECODES_IN_FLIGHT = 8;
/**
 * Decoded bytes in flight at most: eight chunks of 1 MiB, four of 4 MiB, two of NeuroConv's 10 MB ones (each
 * with its stored bytes and a spare of each kind kept: 8 × 10 MB chunks held ~200 MB; two keep 2 cores busy).
 */
const DECODE_BYTES_IN_FLIGHT = 16 * 2 ** 20;
/** Stored bytes of the chunks declared ahead to a source at most (ByteSource.willRead; a remote one fetches 16 MiB). */
const DECLARED_BYTES = 64 * 2 ** 20;
/** Bytes of contiguous rows read at once for a stripe of columns. */
const CONTIGUOUS_PIECE = 4 * 2 ** 20;
const SHUFFLE = 2;
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Bulk samples straight from the file's bytes, for the common layouts:
 * contiguous, and chunked with deflate and/or shuffle, or Blosc (LZ4, zlib, zstd).
 * The chunk index comes from the file's own layout (see ../hdf5/layout); reads
 * and decodes run asynchronously so several chunks decode at once. Returns null
 * for any other layout — h5wasm stays the general path.
 */
export function directRowReader(
  source: ByteSource,
  info: DatasetLayoutInfo,
  decoders: ChunkDecoders,
): RowReader | null {
  const { inflate, blosc } = decoders;
  const Type = samplesType(info.dtype);
  const { shape, layout } = info;
  if (!Type || shape.length < 1 || shape.length > 2 || !source.readAsync) return null;
  const rows = shape[0]!;
  const width = shape.length > 1 ? shape[1]! : 1;
  const size = info.dtype.size;
  const swap = info.dtype.littleEndian !== LITTLE_ENDIAN_HOST && size > 1;
  const readAsync = source.readAsync.bind(source);
  const willRead = source.willRead?.bind(source);
  const typed = (bytes: Uint8Array, count: number): Samples => {
    if (swap) swapBytes(bytes, size);
    const aligned = bytes.byteOffset % size === 0 ? bytes : bytes.slice();
    return new Type(aligned.buffer as ArrayBuffer, aligned.byteOffset, count);
  };
  const noSync = (): never => {
    throw new Error("the direct reader reads asynchronously");
  };

  if (layout.kind === "contiguous") {
    if (layout.address === null || layout.size < rows * width * size) return null;
    const base = layout.address;
    const buffers = twoInTurn(); // see RowReader.readAsync
    const rowsAt = async (start: number, end: number, spare: ArrayBuffer | undefined): Promise<Uint8Array> => {
      const count = (end - start) * width;
      // The source fills the spare buffer if it is big enough (and may move it): use whichever came back.
      const bytes = await readAsync(base + start * width * size, count * size, spare);
      if (bytes.length < count * size) throw new Error(`${source.name}: the file ends inside the data`);
      return bytes;
    };
    const pieces = twoInTurn();
    const blocks = twoInTurn(); // see RowReader.readChannelMajor
    const single = oneBlock();
    return {
      rows,
      width,
      rowsPerChunk: 1,
      sampleBytes: size,
      read: noSync,
      async readAsync(start, end) {
        const bytes = await rowsAt(start, end, buffers.next());
        buffers.keep(bytes.buffer as ArrayBuffer);
        return typed(bytes, (end - start) * width);
      },
      async readChannelMajor(start, end, columns = [0, width], free) {
        // Whole rows are read a piece at a time (the columns of a row lie together on disk), the next piece
        // while this one is copied out: a stripe costs its block, not the rows' full width.
        const [c0, c1] = columns;
        const n = end - start;
        const step = Math.max(1, Math.floor(CONTIGUOUS_PIECE / (width * size)));
        let next: Promise<Uint8Array> | null = rowsAt(start, Math.min(end, start + step), pieces.next());
        if (free) await free;
        const out = free ? single(n * (c1 - c0) * size) : blockBuffer(blocks, n * (c1 - c0) * size);
        for (let r = start; r < end; r += step) {
          const piece = await next!;
          pieces.keep(piece.buffer as ArrayBuffer);
          const to = Math.min(end, r + step);
          next = to < end ? rowsAt(to, Math.min(end, to + step), pieces.next()) : null;
          const dst = out.subarray((r - start) * size);
          copyTileToChannelMajor(piece.subarray(c0 * size), width, dst, n, to - r, c1 - c0, size);
        }
        return typed(out, n * (c1 - c0));
      },
    };
  }

  if (layout.kind !== "chunked" || !layout.chunks) return null;
  const pipeline = layout.filters.map((f) => f.id);
  if (!layout.filters.every((f) => f.id === DEFLATE || f.id === SHUFFLE || (blosc && bloscDecoded(f)))) return null;
  if (layout.chunks.some((c) => c.filterMask !== 0)) return null;
  const [chunkRows, chunkCols = 1] = layout.chunkShape;
  if (!chunkRows || layout.chunkShape.length !== shape.length) return null;
  // A chunk never written holds the fill value, which only HDF5 knows: leave such datasets to h5wasm.
  if (layout.chunks.length < Math.ceil(rows / chunkRows) * Math.ceil(width / chunkCols)) return null;
  const byRow = new Map<number, ChunkRef[]>();
  for (const c of layout.chunks) {
    const list = byRow.get(c.offset[0]!) ?? [];
    list.push(c);
    byRow.set(c.offset[0]!, list);
  }
  const chunkBytes = chunkRows * chunkCols * size;
  // A chunk's stored and decoded bytes are used up once it is placed: their buffers go round again instead
  // of a fresh megabyte (zero-filled, page-faulted, garbage-collected) per chunk.
  const inFlight = Math.max(2, Math.min(DECODES_IN_FLIGHT, Math.floor(DECODE_BYTES_IN_FLIGHT / chunkBytes)));
  const stored = bufferPool(inFlight + 2);
  const decoded = bufferPool(inFlight + 2);

  const decode = async (chunk: ChunkRef): Promise<Uint8Array> => {
    try {
      return await decodeChunk(chunk);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      if (why.startsWith(source.name)) throw e;
      throw new Error(`${source.name}: the chunk at byte ${chunk.address} cannot be decoded (${why})`, { cause: e });
    }
  };
  const decodeChunk = async (chunk: ChunkRef): Promise<Uint8Array> => {
    let bytes = await readAsync(chunk.address, chunk.size, stored.take(chunk.size));
    const input = bytes.buffer as ArrayBuffer;
    // The pipeline runs in reverse order on read.
    for (let i = pipeline.length - 1; i >= 0; i--) {
      const before = bytes.buffer as ArrayBuffer;
      const spare = decoded.take(chunkBytes);
      const into = spare && new Uint8Array(spare);
      if (pipeline[i] === DEFLATE) bytes = await inflate(bytes, into, chunkBytes);
      else if (pipeline[i] === BLOSC) {
        const pool = before === input ? stored : decoded;
        bytes = await blosc!(bytes, into, chunkBytes, undefined, (b) => pool.give(b));
      } else bytes = unshuffle(bytes, size, into);
      if (bytes.buffer !== spare) decoded.give(spare);
      // A stage between the stored and the final bytes is used up.
      if (bytes.buffer !== before && before !== input) decoded.give(before);
    }
    // The stored bytes are inflated (or were unshuffled into another buffer) by now.
    if (bytes.buffer !== input) stored.give(input);
    if (bytes.length < chunkBytes) throw new Error(`${source.name}: a chunk at byte ${chunk.address} decodes short`);
    return bytes;
  };

  /**
   * Tells a remote source which chunks come next, so that it fetches them while these decode: the converter reads
   * a stripe of columns through all its rows, then the next stripe of the same width. The source fetches as many
   * as its budget allows and takes the latest list as the best guess.
   */
  const declareAhead = (start: number, [c0, c1]: [number, number]) => {
    if (!willRead) return;
    const reads: [number, number][] = [];
    let bytes = 0;
    // A long recording has tens of thousands of chunks: the next few tens of MB are all a source can use.
    const add = (from: number, a: number, b: number) => {
      for (let r0 = Math.floor(from / chunkRows) * chunkRows; r0 < rows && bytes < DECLARED_BYTES; r0 += chunkRows)
        for (const tile of byRow.get(r0) ?? []) {
          const t0 = tile.offset[1] ?? 0;
          if (t0 >= b || t0 + chunkCols <= a || carried.has(tile.address)) continue;
          reads.push([tile.address, tile.size]);
          bytes += tile.size;
        }
    };
    add(start, c0, c1);
    if (c1 < width) add(0, c1, Math.min(width, 2 * c1 - c0));
    willRead(reads);
  };

  // Chunks that straddle the end of a block are kept for the next block, so each decodes once.
  let carried = new Map<number, Promise<Uint8Array>>();

  /**
   * Decodes the chunks covering rows [start, end) of columns [c0, c1) and hands each with its place to `place`.
   * Chunks holding rows past `end` are kept for the next call (the rows' next block in the same columns).
   * With `free`, chunks decode at once but are placed only when it resolved.
   */
  const eachTile = async (
    start: number,
    end: number,
    [c0, c1]: [number, number],
    place: (tile: ChunkRef, bytes: Uint8Array) => void,
    free?: Promise<unknown>,
  ) => {
    const keep = new Map<number, Promise<Uint8Array>>();
    const jobs = new Set<Promise<void>>();
    declareAhead(start, [c0, c1]);
    for (let r0 = Math.floor(start / chunkRows) * chunkRows; r0 < end; r0 += chunkRows) {
      for (const tile of byRow.get(r0) ?? []) {
        const t0 = tile.offset[1] ?? 0;
        if (t0 >= c1 || t0 + chunkCols <= c0) continue;
        // A few chunks decode at once (enough to keep the thread pool busy), not the whole block.
        while (jobs.size >= inFlight) await Promise.race(jobs);
        const bytes = carried.get(tile.address) ?? decode(tile);
        // At the last row nothing follows: a stripe's last chunks are not held while the next stripe starts.
        const kept = r0 + chunkRows > end && end < rows;
        if (kept) keep.set(tile.address, bytes);
        const job: Promise<void> = bytes.then(async (b) => {
          if (free) await free;
          place(tile, b);
          if (!kept) decoded.give(b.buffer as ArrayBuffer);
        });
        jobs.add(job);
        job.finally(() => jobs.delete(job)).catch(() => undefined);
      }
    }
    await Promise.all(jobs);
    carried = keep;
  };

  const blocks = twoInTurn(); // see RowReader.readChannelMajor
  const single = oneBlock(); // the same, with `free`

  return {
    rows,
    width,
    rowsPerChunk: 1,
    chunkShape: [chunkRows, chunkCols],
    sampleBytes: size,
    read: noSync,
    async readAsync(start, end) {
      const out = new Uint8Array((end - start) * width * size);
      await eachTile(start, end, [0, width], (tile, bytes) => {
        const r0 = tile.offset[0]!;
        const c0 = tile.offset[1] ?? 0;
        const cols = Math.min(chunkCols, width - c0);
        for (let r = Math.max(start, r0); r < Math.min(end, r0 + chunkRows); r++) {
          const src = (r - r0) * chunkCols * size;
          out.set(bytes.subarray(src, src + cols * size), ((r - start) * width + c0) * size);
        }
      });
      return typed(out, (end - start) * width);
    },
    async readChannelMajor(start, end, columns = [0, width], free) {
      const [c0, c1] = columns;
      const n = end - start;
      const out = free ? single(n * (c1 - c0) * size) : blockBuffer(blocks, n * (c1 - c0) * size);
      await eachTile(
        start,
        end,
        columns,
        (tile, bytes) => {
          const r0 = tile.offset[0]!;
          const t0 = tile.offset[1] ?? 0;
          // The tile's columns within the stripe, its rows within the block.
          const from = Math.max(start, r0);
          const to = Math.min(end, r0 + chunkRows);
          const first = Math.max(c0, t0);
          const last = Math.min(c1, t0 + chunkCols, width);
          const src = bytes.subarray(((from - r0) * chunkCols + (first - t0)) * size);
          const dst = out.subarray(((first - c0) * n + (from - start)) * size);
          copyTileToChannelMajor(src, chunkCols, dst, n, to - from, last - first, size);
        },
        free,
      );
      return typed(out, n * (c1 - c0));
    },
  };
}

/** Blosc data made with a compressor decoded here (the frames say so again; see decodeBlosc). */
function bloscDecoded(filter: FilterInfo): boolean {
  return filter.id === BLOSC && BLOSC_DECODED.has(filter.clientData[BLOSC_COMPRESSOR] ?? -1);
}

/** A block of `bytes` in the buffer of this turn (a new one if the turn's is too small). */
function blockBuffer(blocks: ReturnType<typeof twoInTurn>, bytes: number): Uint8Array {
  const spare = blocks.next();
  const buffer = spare && spare.byteLength >= bytes ? spare : new ArrayBuffer(bytes);
  blocks.keep(buffer);
  return new Uint8Array(buffer, 0, bytes);
}

/** One block buffer, for reads that wait until the caller freed the previous block (`free`). */
function oneBlock(): (bytes: number) => Uint8Array {
  let buffer: ArrayBuffer | undefined;
  return (bytes) => {
    if (!buffer || buffer.byteLength < bytes) buffer = new ArrayBuffer(bytes);
    return new Uint8Array(buffer, 0, bytes);
  };
}

/** A few spare buffers of one kind, handed out when big enough. */
function bufferPool(most: number): {
  take(bytes: number): ArrayBuffer | undefined;
  give(buffer: ArrayBuffer | undefined): void;
} {
  const spares: ArrayBuffer[] = [];
  return {
    take(bytes) {
      const i = spares.findIndex((b) => b.byteLength >= bytes);
      return i < 0 ? undefined : spares.splice(i, 1)[0];
    },
    give(buffer) {
      // Never twice: a buffer handed out to two chunks at once would mix their bytes.
      if (buffer && buffer.byteLength > 0 && spares.length < most && !spares.includes(buffer)) spares.push(buffer);
    },
  };
}

/**
 * Two buffers used in turn, for readers whose blocks are used up before the block after the next is asked
 * for: a long recording reuses the same pages instead of faulting in fresh ones for every block (~100 MB per
 * block for 384 channels). `next()` gives the buffer of the turn now starting (none at first); `keep()` records
 * what that turn ended up using.
 */
function twoInTurn(): { next(): ArrayBuffer | undefined; keep(buffer: ArrayBuffer): void } {
  const slots: (ArrayBuffer | undefined)[] = [undefined, undefined];
  let turn = 0;
  return {
    next() {
      turn ^= 1;
      return slots[turn];
    },
    keep(buffer) {
      slots[turn] = buffer;
    },
  };
}
