import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { blobStreamReader } from "./blob-stream-reader";

const bytes = new Uint8Array(randomBytes(5 << 20));
const blob = new Blob([bytes]);
const expected = (position: number, length: number) =>
  bytes.subarray(position, Math.min(bytes.length, position + length));
/** Byte equality without a deep comparison of megabytes, element by element. */
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.from(a).equals(Buffer.from(b));

/** Counts the streams a reader opens, to tell a continued stream from a new one. */
function countingBlob(): { blob: Blob; streams: () => number } {
  let streams = 0;
  const wrap = (b: Blob): Blob =>
    new Proxy(b, {
      get(target, key) {
        if (key === "slice") return (...args: number[]) => wrap(target.slice(...args));
        if (key === "stream") return () => (streams++, target.stream());
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return { blob: wrap(blob), streams: () => streams };
}

describe("blobStreamReader", () => {
  it("reads forward pieces exactly, continuing one stream across small gaps", async () => {
    const { blob: counted, streams } = countingBlob();
    const read = blobStreamReader(counted)!;
    const opened = streams(); // the support probe
    const pieces: [number, number][] = [
      [0, 1000],
      [1000, 2 << 20],
      [(2 << 20) + 1000, 333], // a gap under the skip limit: read through
      [(2 << 20) + 5000, 1 << 20],
    ];
    for (const [position, length] of pieces)
      expect(same(await read(position, length), expected(position, length))).toBe(true);
    expect(streams() - opened).toBe(1);
  });

  it("reads small jumps on their own, starts a stream for a run or a big read, serves concurrent requests in order", async () => {
    const { blob: counted, streams } = countingBlob();
    const read = blobStreamReader(counted)!;
    const opened = streams();
    const pieces: [number, number][] = [
      [4 << 20, 100], // on its own
      [10, 100], // back: on its own
      [4 << 20, 4096], // far ahead: on its own
      [(4 << 20) + 4096, 8192], // where the last ended: a stream starts
      [(4 << 20) + 12_288, 100], // continues it
      [1000, 2 << 20], // back, but big: a new stream
    ];
    const got = await Promise.all(pieces.map(([p, l]) => read(p, l)));
    got.forEach((g, i) => expect(same(g, expected(...pieces[i]!))).toBe(true));
    expect(streams() - opened).toBe(2);
  });

  it("fills a buffer it is given (moving it to the result) instead of a new one", async () => {
    const read = blobStreamReader(blob)!;
    await read(0, 100); // a small first read stands alone; the next, continuing it, starts the stream
    const into = new ArrayBuffer(1 << 20);
    const got = await read(100, 4096, into);
    expect(same(got, expected(100, 4096))).toBe(true);
    expect(into.byteLength).toBe(0); // moved into the read, and come back as the result's buffer
    expect(got.buffer.byteLength).toBe(1 << 20);
    const again = await read(100 + 4096, 8192, got.buffer as ArrayBuffer);
    expect(same(again, expected(100 + 4096, 8192))).toBe(true);
  });

  it("is short only at the end of the blob, and empty past it", async () => {
    const read = blobStreamReader(blob)!;
    expect(await read(bytes.length - 10, 100)).toEqual(expected(bytes.length - 10, 100));
    expect((await read(bytes.length + 10, 100)).length).toBe(0);
    expect(await read(5, 7)).toEqual(expected(5, 7));
  });
});
