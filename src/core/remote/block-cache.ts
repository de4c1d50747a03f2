/**
 * The blocks of a remote file kept in memory, least recently used first out,
 * under a byte budget. Shared by the synchronous side (HDF5's metadata reads,
 * answered by a blocking bridge) and the asynchronous one (sample reads).
 *
 * Walking an HDF5 file issues thousands of sub-kilobyte reads (object
 * headers, B-tree nodes, heaps); over HTTP each miss costs a round trip, so
 * a miss fetches whole blocks, the missing blocks of one read in one request
 * (gaps of cached blocks inside it are fetched again rather than split the
 * request), and a run of misses that follow one another fetches ever more
 * ahead (read-ahead, doubling up to `maxReadAhead`).
 */

export interface BlockCacheOptions {
  /** Bytes per block (256 KiB: at 100 MB/s a block costs 2.6 ms, a round trip 50–100 ms). */
  blockSize?: number;
  /** The cache's budget in bytes (64 MiB). */
  maxBytes?: number;
  /** The most a run of sequential misses fetches at once (8 MiB). */
  maxReadAhead?: number;
}

/** A request to make: bytes [start, end) of the file, covering blocks first…last. */
export interface BlockRun {
  start: number;
  end: number;
}

export class BlockCache {
  readonly blockSize: number;
  private readonly maxBlocks: number;
  private readonly maxAheadBlocks: number;
  private readonly blocks = new Map<number, Uint8Array>();
  /** The block after the last miss's run, and how many blocks that run fetched (read-ahead grows from it). */
  private nextMiss = -1;
  private lastRunBlocks = 1;

  constructor(
    readonly size: number,
    options: BlockCacheOptions = {},
  ) {
    this.blockSize = options.blockSize ?? 256 * 1024;
    this.maxBlocks = Math.max(4, Math.floor((options.maxBytes ?? 64 * 2 ** 20) / this.blockSize));
    this.maxAheadBlocks = Math.max(1, Math.floor((options.maxReadAhead ?? 8 * 2 ** 20) / this.blockSize));
  }

  /** Copies what the cache holds of [position, position + target.length) into target; the count copied from the start. */
  copy(position: number, target: Uint8Array): number {
    const end = Math.min(this.size, position + target.length);
    let at = position;
    while (at < end) {
      const index = Math.floor(at / this.blockSize);
      const data = this.blocks.get(index);
      if (!data) break;
      this.blocks.delete(index); // most recently used last
      this.blocks.set(index, data);
      const within = at - index * this.blockSize;
      const n = Math.min(end - at, data.length - within);
      if (n <= 0) break;
      target.set(data.subarray(within, within + n), at - position);
      at += n;
    }
    return at - position;
  }

  /**
   * The one request that brings [position, end) into the cache: from its first missing block to its last,
   * widened by read-ahead when this miss follows the last one. Null when everything is cached.
   */
  plan(position: number, end: number): BlockRun | null {
    end = Math.min(end, this.size);
    if (end <= position) return null;
    const first = Math.floor(position / this.blockSize);
    const last = Math.floor((end - 1) / this.blockSize);
    let from = first;
    while (from <= last && this.blocks.has(from)) from++;
    if (from > last) return null;
    let to = last;
    while (to > from && this.blocks.has(to)) to--;
    const sequential = from === this.nextMiss;
    const ahead = sequential ? Math.min(this.maxAheadBlocks, this.lastRunBlocks * 2) : 1;
    const lastBlock = Math.floor((this.size - 1) / this.blockSize);
    to = Math.min(lastBlock, Math.max(to, from + ahead - 1));
    this.lastRunBlocks = to - from + 1;
    this.nextMiss = to + 1;
    return { start: from * this.blockSize, end: Math.min(this.size, (to + 1) * this.blockSize) };
  }

  /** The blocks of [position, end) not held, first missing to last missing, as one run (no read-ahead); null if none. */
  missing(position: number, end: number): BlockRun | null {
    end = Math.min(end, this.size);
    if (end <= position) return null;
    let from = Math.floor(position / this.blockSize);
    let to = Math.floor((end - 1) / this.blockSize);
    while (from <= to && this.blocks.has(from)) from++;
    while (to > from && this.blocks.has(to)) to--;
    if (from > to) return null;
    return { start: from * this.blockSize, end: Math.min(this.size, (to + 1) * this.blockSize) };
  }

  /** Stores the bytes of a run (from a block boundary), block by block, evicting the least recently used. */
  store(start: number, bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length; at += this.blockSize) {
      const index = (start + at) / this.blockSize;
      // A copy per block: a slice of a large response would keep the whole response alive.
      const block = bytes.slice(at, Math.min(bytes.length, at + this.blockSize));
      this.blocks.delete(index);
      this.blocks.set(index, block);
      if (this.blocks.size > this.maxBlocks) this.blocks.delete(this.blocks.keys().next().value!);
    }
  }

  /** Bytes held now (for tests: the budget holds). */
  get bytes(): number {
    let n = 0;
    for (const b of this.blocks.values()) n += b.length;
    return n;
  }
}
