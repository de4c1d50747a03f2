import { constants, deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs build script, no types
import { compile } from "../../../scripts/wasm-inflate.mjs";
import { INFLATE_WASM } from "./inflate-module";
import { inflateZlib } from "./inflate-wasm";

let seed = 7;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / (1 << 24);

/** Data of five kinds: noise, a short period, repeats at random distances, a noisy sine, zeros. */
function sample(kind: number, n: number): Uint8Array {
  const a = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (kind === 0) a[i] = random() * 256;
    else if (kind === 1) a[i] = (i % 7) * 3;
    else if (kind === 2)
      a[i] = random() < 0.9 && i > 0 ? a[i - 1 - Math.floor(random() * Math.min(i, 300))]! : random() * 256;
    else if (kind === 3) a[i] = 128 + 40 * Math.sin(i / 10) + random() * 20;
  }
  return a;
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.from(a).equals(Buffer.from(b));
const STRATEGIES = [constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE];

describe("inflateZlib (our WebAssembly decoder)", () => {
  it("is the module wasm/inflate.ts compiles to", async () => {
    expect((await compile()).toString("base64")).toBe(INFLATE_WASM);
  });

  it("decodes what zlib encodes: every level and strategy, window and memory size, stored to dynamic blocks", () => {
    let cases = 0;
    for (let t = 0; t < 60; t++) {
      const raw = sample(t % 5, Math.floor(random() * (t < 20 ? 300 : 40_000)));
      for (const level of [0, 1, 4, 9])
        for (const strategy of STRATEGIES) {
          const z = deflateSync(raw, { level, strategy, windowBits: 9 + (t % 7), memLevel: 1 + (t % 9) });
          expect(same(inflateZlib(z), raw), `case ${t}, level ${level}, strategy ${strategy}`).toBe(true);
          cases++;
        }
    }
    expect(cases).toBe(960);
  });

  it("decodes into the caller's buffer when it fits, else into a new one, growing past a short guess", () => {
    const raw = sample(3, 100_000);
    const z = deflateSync(raw, { level: 4 });
    const into = new Uint8Array(raw.length + 10);
    const out = inflateZlib(z, into);
    expect(out.buffer).toBe(into.buffer);
    expect(same(out, raw)).toBe(true);
    const small = new Uint8Array(1000);
    const other = inflateZlib(z, small);
    expect(other.buffer).not.toBe(small.buffer);
    expect(same(other, raw)).toBe(true);
    // 4 MB of zeros compress to ~4 kB: the first guess (4 × the input) is far too short.
    const zeros = new Uint8Array(4 << 20);
    expect(same(inflateZlib(deflateSync(zeros, { level: 9 })), zeros)).toBe(true);
    expect(inflateZlib(deflateSync(new Uint8Array(0))).length).toBe(0);
  });

  it("refuses what is not a zlib stream, a wrong checksum, and every cut of a stream", () => {
    const raw = sample(2, 20_000);
    const z = new Uint8Array(deflateSync(raw, { level: 6 }));
    expect(() => inflateZlib(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]))).toThrow("corrupt deflate data");
    expect(() => inflateZlib(deflateSync(raw, { windowBits: -15 }))).toThrow();
    const badSum = z.slice();
    badSum[badSum.length - 1]! ^= 1;
    expect(() => inflateZlib(badSum)).toThrow("the Adler-32 checksum does not match");
    for (let cut = 0; cut < z.length; cut += cut < 64 ? 1 : 97) expect(() => inflateZlib(z.subarray(0, cut))).toThrow();
  });

  it("never hangs or reads out of bounds on damaged input: a decode either matches or throws our error", () => {
    const raw = sample(3, 30_000);
    const z = new Uint8Array(deflateSync(raw, { level: 4 }));
    let thrown = 0;
    for (let t = 0; t < 1500; t++) {
      const bad = z.slice();
      for (let k = 0; k < 1 + (t % 4); k++) bad[2 + Math.floor(random() * (bad.length - 2))] = random() * 256;
      try {
        expect(same(inflateZlib(bad, new Uint8Array(raw.length)), raw)).toBe(true);
      } catch (e) {
        expect((e as Error).message).toMatch(/deflate data|checksum|more data than expected/);
        thrown++;
      }
    }
    expect(thrown).toBeGreaterThan(1400);
  });
});
