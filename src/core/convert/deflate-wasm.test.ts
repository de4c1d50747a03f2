import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { gzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { deflateReady, gzipLevel } from "./deflate-wasm";

/** Big-endian float64 of int16 noise times 0.195 µV: what a chunk file of a Neuropixels recording holds. */
function int16Derived(n: number): Uint8Array {
  const out = new Uint8Array(n * 8);
  const view = new DataView(out.buffer);
  let x = 1;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    view.setFloat64(i * 8, (((x >>> 16) % 200) - 100) * 0.195);
  }
  return out;
}

describe("gzip levels 1–9 through flate2 in WebAssembly", () => {
  it("starts here (else the checks below would test the fflate fallback)", async () => {
    expect(await deflateReady()).toBe(true);
  });

  it.each([1, 2, 6, 9])("level %i gives one gzip member that decompresses to the input", async (level) => {
    await deflateReady();
    for (const input of [new Uint8Array(0), new Uint8Array(randomBytes(70_001)), int16Derived(131_072)]) {
      const gz = gzipLevel(input, level);
      expect(Array.from(gz.subarray(0, 3))).toEqual([0x1f, 0x8b, 8]);
      expect(Buffer.from(gunzipSync(gz)).equals(Buffer.from(input))).toBe(true);
    }
  });

  it("compresses about as well as fflate at level 1, and better as the level rises", async () => {
    await deflateReady();
    const input = int16Derived(131_072);
    const fast = gzipLevel(input, 1).length;
    expect(fast).toBeLessThan(input.length * 0.3);
    expect(fast).toBeLessThan(gzipSync(input, { level: 1 }).length * 1.2);
    expect(gzipLevel(input, 9).length).toBeLessThan(fast);
  });

  it("returns bytes of its own (they are transferred to the download afterwards)", async () => {
    await deflateReady();
    const a = gzipLevel(int16Derived(1000), 1);
    const b = gzipLevel(int16Derived(2000), 1);
    expect(a.buffer).not.toBe(b.buffer);
    expect(a.byteOffset).toBe(0);
    expect(a.byteLength).toBe(a.buffer.byteLength);
    expect(Buffer.from(gunzipSync(a)).equals(Buffer.from(int16Derived(1000)))).toBe(true);
  });
});

describe("where gzipLevel puts the member", () => {
  it("in `into` after `room` bytes when it fits, else in a new buffer of at least `capacity`", async () => {
    await deflateReady();
    const input = int16Derived(10_000);
    const into = new ArrayBuffer(200_000);
    const inPlace = gzipLevel(input, 1, into, 40, 1 << 20);
    expect(inPlace.buffer).toBe(into);
    expect(inPlace.byteOffset).toBe(40);
    expect(Buffer.from(gunzipSync(inPlace)).equals(Buffer.from(input))).toBe(true);
    const tooSmall = new ArrayBuffer(100);
    const fresh = gzipLevel(input, 1, tooSmall, 40, 1 << 20);
    expect(fresh.buffer).not.toBe(tooSmall);
    expect(fresh.byteOffset).toBe(40);
    expect(fresh.buffer.byteLength).toBe(1 << 20);
    expect(Buffer.from(gunzipSync(fresh)).equals(Buffer.from(input))).toBe(true);
  });
});
