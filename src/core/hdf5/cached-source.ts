import type { ByteSource } from "./byte-source";

/**
 * A block cache in front of a slow source. Walking an HDF5 file issues
 * thousands of sub-kilobyte reads (object headers, B-tree nodes, heaps);
 * in a browser each would be a separate Blob read. Small reads are served
 * from aligned blocks kept in LRU order; large reads pass straight through.
 */
export function cachedSource(source: ByteSource, blockSize = 64 * 1024, maxBlocks = 256): ByteSource {
  const blocks = new Map<number, Uint8Array>();
  const passThrough = blockSize * 4;

  const block = (index: number): Uint8Array => {
    const hit = blocks.get(index);
    if (hit) {
      blocks.delete(index);
      blocks.set(index, hit);
      return hit;
    }
    const start = index * blockSize;
    const length = Math.min(blockSize, source.size - start);
    const data = new Uint8Array(Math.max(0, length));
    let done = 0;
    while (done < length) {
      const n = source.read(start + done, length - done, data.subarray(done));
      if (n <= 0) break;
      done += n;
    }
    const got = data.subarray(0, done);
    blocks.set(index, got);
    if (blocks.size > maxBlocks) blocks.delete(blocks.keys().next().value!);
    return got;
  };

  return {
    name: source.name,
    size: source.size,
    readAsync: source.readAsync?.bind(source),
    read(position, length, target) {
      if (length >= passThrough) return source.read(position, length, target);
      const end = Math.min(source.size, position + length);
      let at = position;
      while (at < end) {
        const index = Math.floor(at / blockSize);
        const data = block(index);
        const within = at - index * blockSize;
        const n = Math.min(end - at, data.length - within);
        if (n <= 0) break;
        target.set(data.subarray(within, within + n), at - position);
        at += n;
      }
      return at - position;
    },
  };
}
