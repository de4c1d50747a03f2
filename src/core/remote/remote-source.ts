import type { ByteSource } from "../hdf5/byte-source";
import { BlockCache, type BlockCacheOptions, type BlockRun } from "./block-cache";
import type { RangeFetcher } from "./range-fetcher";

/**
 * A remote file as a ByteSource. HDF5 reads synchronously, so `read` goes
 * through the block cache and, on a miss, blocks on `readSync` (in Node a
 * SharedArrayBuffer bridge to a fetch thread, in a page's worker a
 * synchronous XHR); `readAsync` (the direct sample reader) fetches without
 * blocking, large reads in parts several at a time, and the next stretch of a
 * sequential run of large reads ahead of time.
 */
export interface RemoteSourceOptions {
  /** The file's name: the last segment of its URL, or its DANDI asset path's. */
  name: string;
  /** The asynchronous side (and the first request, which tells the size). */
  fetcher: RangeFetcher;
  /** The same range read, blocking: bytes [start, end), exactly (clamped to the size). */
  readSync: (start: number, end: number) => Uint8Array;
  /** Several such reads at once, in parallel, each answer in order (optional: `gather` needs it). */
  readSyncMany?: (ranges: ReadonlyArray<readonly [start: number, end: number]>) => Uint8Array[];
  cache?: BlockCacheOptions;
  /** Bytes per request of a large read (4 MiB) and how many requests of one read are in flight (4). */
  partBytes?: number;
  parallel?: number;
  /** Reads from this size on bypass the cache (2 MiB). */
  largeRead?: number;
  /** Bytes of declared reads (`willRead`) fetched ahead and not yet taken, at most (16 MiB). */
  prefetchBytes?: number;
}

export interface RemoteSource extends ByteSource {
  readonly url: string;
  readAsync(position: number, length: number, into?: ArrayBuffer): Promise<Uint8Array>;
  /** Synchronous requests made (the bridge's); the async side counts in `fetcher.requests`. */
  readonly syncRequests: number;
  readonly cache: BlockCache;
}

/** The head of the file is read first: it tells the size and holds the superblock and, usually, the root group. */
const HEAD_BYTES = 1024 * 1024;
/** Reads from this size on bypass the cache (samples, mostly): they would only push the metadata out. */
const LARGE_READ = 2 * 1024 * 1024;
const MiB = 1024 * 1024;
/** A sequential large read is followed by a read-ahead of the same length, up to this. */
const MAX_READ_AHEAD = 32 * 1024 * 1024;
/**
 * Declared reads (`willRead`) fetched ahead and not yet taken, at most: three of NeuroConv's 5.5 MB chunks, the
 * link's bandwidth-delay product (100 MB/s × 50 ms = 5 MB) three times over. Conversions are bound by decoding
 * (a chunk decodes in longer than it takes to fetch), so more ahead only holds memory: 32 MiB took the CLI's
 * peak RSS to 373-388 MB for no time gained.
 */
const PREFETCH_BYTES = 16 * 1024 * 1024;
/** Runs fetched together by one `gather` batch at most (each a block or a few: a few MiB in all). */
const GATHER_RUNS = 16;
/** A read fetched ahead but not asked for while this many other declared reads were taken is let go. */
const STALE_AFTER = 16;

export async function openRemoteSource(options: RemoteSourceOptions): Promise<RemoteSource> {
  const { fetcher, name } = options;
  const head = await fetcher.fetchRange(0, HEAD_BYTES);
  const size = fetcher.size ?? head.length;
  const cache = new BlockCache(size, options.cache);
  cache.store(0, head);
  const partBytes = options.partBytes ?? 4 * 1024 * 1024;
  const parallel = options.parallel ?? 4;
  const largeRead = options.largeRead ?? LARGE_READ;
  const prefetchBytes = options.prefetchBytes ?? PREFETCH_BYTES;
  let syncRequests = 0;

  const syncRead = (start: number, end: number) => {
    syncRequests++;
    const bytes = options.readSync(start, end);
    if (bytes.length !== Math.min(end, size) - start)
      throw new Error(`${fetcher.url}: a read of bytes ${start}–${end} returned ${bytes.length} bytes`);
    return bytes;
  };

  // Cache fills under way (async side), so that two reads of one block wait for one request.
  const filling = new Set<{ run: BlockRun; done: Promise<void> }>();
  const fillAsync = async (position: number, end: number) => {
    for (;;) {
      const overlapping = [...filling].filter((f) => f.run.start < end && f.run.end > position);
      if (!overlapping.length) break;
      await Promise.all(overlapping.map((f) => f.done.catch(() => undefined)));
    }
    const run = cache.plan(position, end);
    if (!run) return;
    const entry = { run, done: fetcher.fetchRange(run.start, run.end).then((b) => cache.store(run.start, b)) };
    filling.add(entry);
    try {
      await entry.done;
    } finally {
      filling.delete(entry);
    }
  };

  const fetchParts = async (position: number, target: Uint8Array) => {
    const starts: number[] = [];
    for (let at = 0; at < target.length; at += partBytes) starts.push(at);
    let next = 0;
    const lane = async () => {
      while (next < starts.length) {
        const at = starts[next++]!;
        const end = Math.min(target.length, at + partBytes);
        const part = target.subarray(at, end);
        const got = await fetcher.fetchRange(position + at, position + end, part);
        if (got.buffer !== part.buffer || got.byteOffset !== part.byteOffset) part.set(got);
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, starts.length) }, lane));
  };

  // Large reads declared ahead (willRead), in order; the first ones fetched while they fit PREFETCH_BYTES.
  const declared: { position: number; length: number; bytes: Promise<Uint8Array> | null; at: number }[] = [];
  let prefetched = 0;
  let taken = 0;
  // Buffers callers passed as `into` for declared reads (answered with the prefetched buffer instead): the next
  // prefetches fill them rather than new ones (5.5 MB each for NeuroConv's chunks: zeroed, page-faulted, collected).
  const spares: ArrayBuffer[] = [];
  const start = (d: (typeof declared)[number]) => {
    const spare = spares.findIndex((b) => b.byteLength >= d.length);
    // Rounded up to a MiB: chunks differ by a few bytes, and a buffer must fit the next one to go round again.
    const buffer = spare >= 0 ? spares.splice(spare, 1)[0]! : new ArrayBuffer(Math.ceil(d.length / MiB) * MiB);
    const bytes = new Uint8Array(buffer, 0, d.length);
    d.bytes = fetchParts(d.position, bytes).then(() => bytes);
    d.bytes.catch(() => undefined); // a failed prefetch is read again when asked for
    d.at = taken;
    prefetched += d.length;
    return d.bytes;
  };
  const prefetch = () => {
    for (const d of declared) {
      if (d.bytes) continue;
      if (prefetched > 0 && prefetched + d.length > prefetchBytes) break;
      start(d);
    }
  };
  const forget = (index: number) => {
    const [d] = declared.splice(index, 1);
    if (d?.bytes) prefetched -= d.length;
  };
  /** The bytes of a declared read (fetched ahead, or now); null when it was not declared, or its fetch failed. */
  const takeDeclared = async (position: number, n: number): Promise<Uint8Array | null> => {
    const d = declared.find((d) => d.position === position && d.length === n);
    if (!d) return null;
    const bytes = await (d.bytes ?? start(d)).catch(() => null);
    forget(declared.indexOf(d));
    taken++;
    for (let i = declared.length - 1; i >= 0; i--)
      if (declared[i]!.bytes && taken - declared[i]!.at > STALE_AFTER) forget(i);
    prefetch();
    return bytes;
  };

  // One read-ahead for a sequential run of large reads: the bytes that follow the last one.
  let ahead: { position: number; length: number; bytes: Promise<Uint8Array> } | null = null;
  let lastLargeEnd = -1;

  return {
    name,
    size,
    url: fetcher.url,
    cache,
    get syncRequests() {
      return syncRequests;
    },
    read(position, length, target) {
      const n = Math.max(0, Math.min(length, target.length, size - position));
      const out = target.subarray(0, n);
      let done = cache.copy(position, out);
      if (done === n) return n;
      if (n - done >= largeRead) {
        out.set(syncRead(position + done, position + n), done);
        return n;
      }
      const run = cache.plan(position + done, position + n);
      if (run) cache.store(run.start, syncRead(run.start, run.end));
      done += cache.copy(position + done, out.subarray(done));
      if (done !== n)
        throw new Error(`${fetcher.url}: the block cache could not hold bytes ${position}–${position + n}`);
      return n;
    },
    gather(reads) {
      if (!options.readSyncMany) return; // one at a time, as `read` asks, is all a source can do without it
      const runs: BlockRun[] = [];
      for (const [position, length] of [...reads].sort((a, b) => a[0] - b[0])) {
        const run = cache.missing(position, position + length);
        if (!run) continue;
        const last = runs.at(-1);
        if (last && run.start <= last.end) last.end = Math.max(last.end, run.end);
        else runs.push(run);
      }
      if (runs.length < 2) return; // one run is as quick read when asked for
      // In groups, so that one batch neither pushes its own blocks out of the cache nor opens too many connections.
      for (let i = 0; i < runs.length; i += GATHER_RUNS) {
        const group = runs.slice(i, i + GATHER_RUNS);
        const bytes = options.readSyncMany(group.map((r) => [r.start, r.end] as const));
        syncRequests += group.length;
        group.forEach((r, k) => {
          if (bytes[k]!.length !== r.end - r.start)
            throw new Error(`${fetcher.url}: a read of bytes ${r.start}–${r.end} returned ${bytes[k]!.length} bytes`);
          cache.store(r.start, bytes[k]!);
        });
      }
    },
    willRead(reads) {
      // The latest list is the best guess: reads declared before and not started yet give way to it.
      for (let i = declared.length - 1; i >= 0; i--) if (!declared[i]!.bytes) declared.splice(i, 1);
      const known = new Set(declared.map((d) => `${d.position}+${d.length}`));
      for (const [position, length] of reads) {
        const n = Math.max(0, Math.min(length, size - position));
        // Small reads go through the block cache, which reads ahead on its own.
        if (n < largeRead || known.has(`${position}+${n}`)) continue;
        known.add(`${position}+${n}`);
        declared.push({ position, length: n, bytes: null, at: 0 });
      }
      prefetch();
    },
    async readAsync(position, length, into) {
      const n = Math.max(0, Math.min(length, size - position));
      const target = into && into.byteLength >= n ? new Uint8Array(into, 0, n) : new Uint8Array(n);
      if (n < largeRead) {
        if (cache.copy(position, target) === n) return target;
        await fillAsync(position, position + n);
        if (cache.copy(position, target) !== n) {
          // Evicted meanwhile by other reads: fetch it directly.
          target.set(await fetcher.fetchRange(position, position + n));
        }
        return target;
      }
      const fetched = await takeDeclared(position, n);
      if (fetched) {
        if (into && into.byteLength > 0 && into !== fetched.buffer && spares.length < 2) spares.push(into);
        lastLargeEnd = -1; // declared reads come in their own order: no sequential read-ahead beside them
        return fetched; // a buffer of its own rather than `into`, as the interface allows: no copy
      }
      const readAhead = ahead && ahead.position === position && ahead.length === n ? ahead.bytes : null;
      ahead = null;
      const got = readAhead && (await readAhead.catch(() => null));
      if (got) target.set(got);
      else await fetchParts(position, target);
      const end = position + n;
      if (position === lastLargeEnd && end < size && n <= MAX_READ_AHEAD) {
        const length = Math.min(n, size - end);
        const bytes = new Uint8Array(length);
        ahead = { position: end, length, bytes: fetchParts(end, bytes).then(() => bytes) };
        ahead.bytes.catch(() => undefined); // a failed read-ahead is read again when asked for
      }
      lastLargeEnd = end;
      return target;
    },
  };
}
