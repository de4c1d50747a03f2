import { constants, deflateRawSync, deflateSync, inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs build script, no types
import { compile } from "../../../scripts/wasm-inflate.mjs";
import { INFLATE_WASM } from "./inflate-module";
import { inflateModule, inflateZlib } from "./inflate-wasm";

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

/** A deflate bit stream written by hand: fields LSB first, Huffman codes from their most significant bit. */
class Bits {
  private readonly bytes: number[] = [0x78, 0x01];
  private acc = 0;
  private n = 0;
  put(value: number, count: number): this {
    for (let i = 0; i < count; i++) {
      this.acc |= ((value >> i) & 1) << this.n;
      if (++this.n === 8) this.flush();
    }
    return this;
  }
  code(code: number, length: number): this {
    for (let i = length - 1; i >= 0; i--) this.put((code >> i) & 1, 1);
    return this;
  }
  /** Pads to the next byte boundary. */
  align(): this {
    if (this.n) this.flush();
    return this;
  }
  /** Whole bytes (at a byte boundary). */
  raw(bytes: Uint8Array): this {
    this.bytes.push(...bytes);
    return this;
  }
  /** Byte-aligns and appends the Adler-32 of `output`. */
  end(output: number[]): Uint8Array {
    if (this.n) this.flush();
    let a = 1;
    let b = 0;
    for (const x of output) b = (b + (a = (a + x) % 65521)) % 65521;
    return new Uint8Array([...this.bytes, b >> 8, b & 255, a >> 8, a & 255]);
  }
  private flush() {
    this.bytes.push(this.acc);
    this.acc = 0;
    this.n = 0;
  }
}

/**
 * One dynamic block that says "A": literal/length code {65: 1 bit, 256: 1 bit}, distance code lengths as given
 * (a complete code, a single 1-bit code, or an incomplete one), all sent with a precode {0, 1, 2, 18: 2 bits}.
 */
function dynamicA(distanceLengths: [number, number]): Uint8Array {
  const w = new Bits().put(1, 1).put(2, 2).put(0, 5).put(1, 5).put(14, 4);
  // Precode lengths in their order 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1.
  for (const len of [0, 0, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2]) w.put(len, 3);
  const pre = { 0: 0b00, 1: 0b01, 2: 0b10, 18: 0b11 } as Record<number, number>;
  const zeros = (n: number) => w.code(pre[18]!, 2).put(n - 11, 7);
  zeros(65).code(pre[1]!, 2); // 0–64, then 65 ("A")
  zeros(138);
  zeros(52).code(pre[1]!, 2); // 66–255, then 256 (end of block)
  for (const len of distanceLengths) w.code(pre[len]!, 2);
  return w.code(0, 1).code(1, 1).end([65]); // "A", end of block
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

  it("refuses incomplete codes where zlib does, and takes a lone 1-bit distance code as zlib does", () => {
    for (const lengths of [
      [1, 1],
      [1, 0],
    ] as [number, number][]) {
      const z = dynamicA(lengths);
      expect(Buffer.from(inflateSync(z)).toString()).toBe("A");
      expect(Buffer.from(inflateZlib(z)).toString()).toBe("A");
    }
    const incomplete = dynamicA([2, 2]);
    expect(() => inflateSync(incomplete)).toThrow("invalid distances set");
    expect(() => inflateZlib(incomplete)).toThrow("corrupt deflate data");
  });

  it("decodes a stream of 100,000 empty fixed blocks (the fixed code is built once, and rebuilt after others)", () => {
    const w = new Bits();
    for (let i = 0; i < 100_000; i++) w.put(0, 1).put(1, 2).code(0, 7); // not last, fixed, end of block
    w.put(0, 1).put(0, 2).align().put(0, 16).put(0xffff, 16); // an empty stored block between
    const z = w.put(1, 1).put(1, 2).code(0b00110001, 8).code(0, 7).end([1]); // last, fixed: 1, end of block
    expect([...inflateSync(z)]).toEqual([1]);
    expect([...inflateZlib(z)]).toEqual([1]);
    // Fixed, then dynamic, then fixed blocks again (raw deflate segments, each ended at a byte boundary).
    const raw = sample(2, 30_000);
    const strategies = [constants.Z_FIXED, constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED];
    const mixed = new Bits().align();
    strategies.forEach((strategy, i) => {
      const part = raw.subarray(i * 10_000, (i + 1) * 10_000);
      const flush = i < 2 ? { finishFlush: constants.Z_SYNC_FLUSH } : {};
      mixed.raw(deflateRawSync(part, { strategy, ...flush }));
    });
    const stream = mixed.end([...raw]);
    expect(same(inflateSync(stream), raw)).toBe(true);
    expect(same(inflateZlib(stream), raw)).toBe(true);
  });

  it("refuses output beyond the caller's limit, and lets a large memory go after use", () => {
    const raw = sample(3, 50_000);
    const z = deflateSync(raw);
    expect(inflateZlib(z, undefined, raw.length).length).toBe(raw.length);
    expect(() => inflateZlib(z, undefined, raw.length - 1)).toThrow(`decodes to more than ${raw.length - 1} bytes`);
    const before = inflateModule();
    const big = new Uint8Array(80 << 20);
    expect(inflateZlib(deflateSync(big, { level: 1 })).length).toBe(big.length);
    expect(inflateModule()).not.toBe(before);
    expect(inflateModule()!.memory.buffer.byteLength).toBeLessThan(16 << 20);
  });

  it("with `wanted`, stops soon after that prefix: the same bytes, far less output, for every block kind", () => {
    const whole = sample(2, 1 << 20);
    for (const [level, strategy] of [
      // Stored blocks (64 KiB each: one may cross the prefix), zlib's fixed code (stored where that is smaller), and
      // dynamic blocks, where decoding stops within a match of the prefix.
      [0, constants.Z_DEFAULT_STRATEGY],
      [1, constants.Z_FIXED],
      [6, constants.Z_DEFAULT_STRATEGY],
    ]) {
      const z = deflateSync(whole, { level, strategy });
      for (const wanted of [1, 4096, 300_001, (1 << 20) - 2000]) {
        const out = inflateZlib(z, undefined, whole.length, wanted);
        expect(out.length).toBeGreaterThanOrEqual(wanted);
        expect(out.length).toBeLessThan(level === 6 ? wanted + 1300 : wanted + 70_000);
        expect(Buffer.from(out).equals(Buffer.from(whole.subarray(0, out.length)))).toBe(true);
      }
    }
    // A damaged stream is still an error when the damage comes before the prefix ends.
    const z = deflateSync(whole, { level: 6 });
    const bad = z.slice();
    bad[40]! ^= 0xff;
    expect(() => {
      const out = inflateZlib(bad, undefined, whole.length, whole.length / 2);
      if (!Buffer.from(out).equals(Buffer.from(whole.subarray(0, out.length)))) throw new Error("wrong bytes");
    }).toThrow();
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

  it("never hangs on damaged input: a decode either matches or throws our error", () => {
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
