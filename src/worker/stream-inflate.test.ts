import { describe, expect, it } from "vitest";
import { deflateSync } from "node:zlib";
import { streamInflate } from "./stream-inflate";

/** Bytes that compress, but not to nothing: the stream hands them out in several pieces. */
function sample(n: number): Uint8Array {
  const a = new Uint8Array(n);
  for (let i = 0, x = 1; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    a[i] = (i >> 7) + (x >>> 29);
  }
  return a;
}

describe("streamInflate (DecompressionStream, as in the browser's HDF5 worker)", () => {
  const raw = sample(1 << 20);
  const z = new Uint8Array(deflateSync(raw, { level: 4 }));

  it("decodes into the caller's buffer when it fits", async () => {
    const into = new Uint8Array(raw.length + 100);
    const out = await streamInflate(z, into);
    expect(out.buffer).toBe(into.buffer);
    expect(out.length).toBe(raw.length);
    expect(Buffer.from(out).equals(Buffer.from(raw))).toBe(true);
  });

  it("decodes into a new array without one, or when the output is longer than the buffer", async () => {
    const plain = await streamInflate(z);
    expect(Buffer.from(plain).equals(Buffer.from(raw))).toBe(true);
    const small = new Uint8Array(1000);
    const out = await streamInflate(z, small);
    expect(out.buffer).not.toBe(small.buffer);
    expect(Buffer.from(out).equals(Buffer.from(raw))).toBe(true);
  });

  it("refuses output beyond `size` (a chunk decodes to its own bytes at most)", async () => {
    expect((await streamInflate(z, undefined, raw.length)).length).toBe(raw.length);
    await expect(streamInflate(z, undefined, raw.length - 1)).rejects.toThrow(`more than ${raw.length - 1} bytes`);
  });

  it("rejects a corrupt or cut stream", async () => {
    const bad = z.slice();
    bad[100] ^= 0xff;
    bad[101] ^= 0xff;
    await expect(streamInflate(bad, new Uint8Array(raw.length))).rejects.toThrow();
    await expect(streamInflate(z.subarray(0, z.length >> 1))).rejects.toThrow();
  });
});
