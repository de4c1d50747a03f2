import { describe, expect, it } from "vitest";
import { BlockCache } from "./block-cache";

const KB = 1024;
const bytesAt = (start: number, n: number) => Uint8Array.from({ length: n }, (_, i) => (start + i) % 251);

describe("BlockCache", () => {
  it("plans one request for the missing blocks of a read, from block boundaries, clamped to the file", () => {
    const cache = new BlockCache(1000 * KB, { blockSize: 64 * KB });
    expect(cache.plan(70 * KB, 200 * KB)).toEqual({ start: 64 * KB, end: 256 * KB });
    expect(cache.plan(990 * KB, 2000 * KB)).toEqual({ start: 960 * KB, end: 1000 * KB });
  });

  it("copies what it holds and plans nothing for a cached read; a gap inside a read is fetched with it", () => {
    const cache = new BlockCache(1000 * KB, { blockSize: 64 * KB });
    cache.store(0, bytesAt(0, 128 * KB));
    const out = new Uint8Array(100);
    expect(cache.copy(65 * KB, out)).toBe(100);
    expect(out).toEqual(bytesAt(65 * KB, 100));
    expect(cache.plan(10, 100 * KB)).toBeNull();
    cache.store(256 * KB, bytesAt(256 * KB, 64 * KB));
    // Blocks 2, 3 missing, 4 cached, 5 missing: one request for 2–5 (the cached block is fetched again).
    expect(cache.plan(130 * KB, 330 * KB + 10 * KB)).toEqual({ start: 128 * KB, end: 384 * KB });
  });

  it("reads ever further ahead while misses follow one another, and starts over on a jump", () => {
    const cache = new BlockCache(100 * 1024 * KB, { blockSize: 64 * KB, maxReadAhead: 512 * KB });
    const sizes: number[] = [];
    let at = 0;
    for (let i = 0; i < 5; i++) {
      const run = cache.plan(at, at + 10)!;
      sizes.push((run.end - run.start) / (64 * KB));
      cache.store(run.start, bytesAt(run.start, run.end - run.start));
      at = run.end;
    }
    expect(sizes).toEqual([1, 2, 4, 8, 8]);
    const jump = cache.plan(50 * 1024 * KB, 50 * 1024 * KB + 10)!;
    expect(jump.end - jump.start).toBe(64 * KB);
  });

  it("keeps to its byte budget, least recently used out first", () => {
    const cache = new BlockCache(10 * 1024 * KB, { blockSize: 64 * KB, maxBytes: 256 * KB });
    cache.store(0, bytesAt(0, 256 * KB));
    cache.copy(0, new Uint8Array(1)); // block 0 used last
    cache.store(512 * KB, bytesAt(512 * KB, 64 * KB));
    expect(cache.bytes).toBe(256 * KB);
    expect(cache.copy(0, new Uint8Array(10))).toBe(10);
    expect(cache.copy(64 * KB, new Uint8Array(10))).toBe(0);
  });
});
