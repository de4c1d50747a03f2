import { describe, expect, it } from "vitest";
import type { Samples } from "../hdf5/rows";
import { crc32, gunzipSync } from "node:zlib";
import { encodeChunk, encodeChunkStoredGzip } from "./encode-be";

/** Both encoders of the pipeline: the plain bytes, and level 0's stored gzip, which must hold the same bytes. */
function encodeColumn(
  src: Samples,
  width: number,
  column: number,
  rows: number,
  scale: number,
  offset: number,
  unit: number,
  _scratch?: Float64Array,
): Uint8Array {
  const spec = { src, width, column, rows, scale, offset, unit };
  const plain = encodeChunk(spec);
  const { gz, memberCrc } = encodeChunkStoredGzip(spec, (d, seed) => crc32(d, seed));
  expect(Buffer.from(gunzipSync(gz)).equals(Buffer.from(plain))).toBe(true);
  expect(memberCrc).toBe(crc32(gz));
  return plain;
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ");
/** Big-endian float64 bytes of a value, through DataView. */
function be(x: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, x, false);
  return b;
}
/** Decodes big-endian float64 bytes. */
const decode = (b: Uint8Array) =>
  Array.from({ length: b.length / 8 }, (_, i) => new DataView(b.buffer, b.byteOffset).getFloat64(i * 8, false));

/** x = m · 2^e exactly, from the IEEE bits. */
function exact(x: number): { m: bigint; e: number } {
  const v = new DataView(be(x).buffer);
  const hi = v.getUint32(0);
  const exp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(v.getUint32(4));
  if (exp) m |= 1n << 52n;
  return { m: hi >>> 31 ? -m : m, e: (exp || 1) - 1075 };
}
/** Σ a·b over the pairs, computed exactly, rounded once to float64 (Number(bigint) rounds half to even). */
function roundedSum(pairs: [number, number][]): number {
  const terms = pairs.map(([a, b]) => {
    const x = exact(a);
    const y = exact(b);
    return { m: x.m * y.m, e: x.e + y.e };
  });
  const e = Math.min(...terms.map((t) => t.e));
  const n = terms.reduce((acc, t) => acc + (t.m << BigInt(t.e - e)), 0n);
  return Number(n) * 2 ** e;
}
const mul = (a: number, b: number) => roundedSum([[a, b]]);
const add = (a: number, b: number) =>
  roundedSum([
    [a, 1],
    [b, 1],
  ]);

const encode1 = (src: Samples, scale = 1, offset = 0, unit = 1) =>
  encodeColumn(src, 1, 0, src.length, scale, offset, unit, new Float64Array(src.length));

describe("big-endian float64 encoding (spec §3)", () => {
  it.each([
    [1.0, "3f f0 00 00 00 00 00 00"],
    [-2.0, "c0 00 00 00 00 00 00 00"],
    [0.1, "3f b9 99 99 99 99 99 9a"],
    [Infinity, "7f f0 00 00 00 00 00 00"],
    [5e-324, "00 00 00 00 00 00 00 01"],
  ])("%d → %s", (x, bytes) => {
    expect(hex(encode1(Float64Array.of(x)))).toBe(bytes);
  });

  it("-0 becomes +0 once offset 0 is added (as in NumPy)", () => {
    expect(hex(encode1(Float64Array.of(-0)))).toBe("00 00 00 00 00 00 00 00");
  });

  it("writes 8 bytes per sample in time order, for rows only", () => {
    const out = encodeColumn(Float64Array.of(1, 2, 3), 1, 0, 2, 1, 0, 1, new Float64Array(8));
    expect(out.length).toBe(16);
    expect(decode(out)).toEqual([1, 2]);
  });

  it("writes into a buffer it is given when that is large enough, else into a new one", () => {
    const spec = { src: Float64Array.of(1, 2, 3), width: 1, column: 0, rows: 3, scale: 1, offset: 0, unit: 1 };
    const into = new Uint8Array(40).fill(7);
    const out = encodeChunk(spec, into);
    expect(out.buffer).toBe(into.buffer);
    expect(out.length).toBe(24);
    expect(into[24]).toBe(7);
    expect(Buffer.from(out).equals(Buffer.from(encodeChunk(spec)))).toBe(true);
    const fresh = encodeChunk(spec, new Uint8Array(16));
    expect(fresh.buffer.byteLength).toBe(24);
  });
});

describe("every source dtype, one column of a row-major block", () => {
  const cases: [string, Samples][] = [
    ["Int8", Int8Array.of(-128, 1, 0, 2, 127, 3)],
    ["Uint8", Uint8Array.of(0, 1, 255, 2, 128, 3)],
    ["Int16", Int16Array.of(-32768, 1, 32767, 2, -1, 3)],
    ["Uint16", Uint16Array.of(0, 1, 65535, 2, 40000, 3)],
    ["Int32", Int32Array.of(-(2 ** 31), 1, 2 ** 31 - 1, 2, -7, 3)],
    ["Uint32", Uint32Array.of(0, 1, 2 ** 32 - 1, 2, 3e9, 3)],
    ["Float32", Float32Array.of(0.1, 1, -3.4e38, 2, 1e-45, 3)],
    ["Float64", Float64Array.of(0.1, 1, -1.7e308, 2, 5e-324, 3)],
    ["BigInt64", BigInt64Array.of(-(2n ** 63n), 1n, 2n ** 63n - 1n, 2n, -5n, 3n)],
    ["BigUint64", BigUint64Array.of(2n ** 64n - 1n, 1n, 0n, 2n, 12345n, 3n)],
  ];

  it.each(cases)("%s: column 0 of width 2 is float64(raw)", (_, src) => {
    const expected = Array.from({ length: 3 }, (_, r) => Number(src[2 * r]!));
    expect(decode(encodeColumn(src, 2, 0, 3, 1, 0, 1, new Float64Array(3)))).toEqual(expected);
    expect(decode(encodeColumn(src, 2, 1, 3, 1, 0, 1, new Float64Array(3)))).toEqual([1, 2, 3]);
  });

  it("int64 beyond 2^53 rounds to nearest, ties to even (as NumPy)", () => {
    const i64 = BigInt64Array.of(2n ** 53n + 1n, 2n ** 53n + 3n, -(2n ** 53n) - 1n, 2n ** 62n + 2n ** 9n);
    expect(decode(encode1(i64))).toEqual([2 ** 53, 2 ** 53 + 4, -(2 ** 53), 2 ** 62]);
    const u64 = BigUint64Array.of(2n ** 64n - 1n, 2n ** 53n + 5n);
    expect(decode(encode1(u64))).toEqual([2 ** 64, 2 ** 53 + 4]);
  });

  it("applies scale, offset and unit to integer types the same way", () => {
    const raw = [-3, 0, 7];
    const ref = raw.map((x) => (x * 0.25 + 0.5) * 1e3);
    for (const src of [
      Int8Array.from(raw),
      Int16Array.from(raw),
      Int32Array.from(raw),
      BigInt64Array.from(raw.map(BigInt)),
    ]) {
      expect(decode(encode1(src, 0.25, 0.5, 1e3))).toEqual(ref);
    }
  });
});

describe("value = ((float64(raw) · s_c) + offset) · U, one rounding per operation", () => {
  // A case found by search where the order matters in the last bit.
  const raw = 16537;
  const cc = Math.fround(0.3314525783061981); // channel_conversion is float32 in the file
  const conversion = 1.9679233818862716e-7;
  const offset = -0.0006602890596836673;
  const U = 1e6;
  const sc = mul(cc, conversion);
  const specOrder = mul(add(mul(raw, sc), offset), U);

  it("the alternatives really give other bits", () => {
    const preMultiplied = add(mul(raw, mul(sc, U)), mul(offset, U));
    const fused = mul(
      roundedSum([
        [raw, sc],
        [offset, 1],
      ]),
      U,
    );
    expect(hex(be(preMultiplied))).not.toBe(hex(be(specOrder)));
    expect(hex(be(fused))).not.toBe(hex(be(specOrder)));
  });

  it.each([
    ["Int16", Int16Array.of(raw)],
    ["Int32", Int32Array.of(raw)],
    ["Float32", Float32Array.of(raw)],
    ["Float64", Float64Array.of(raw)],
    ["BigInt64", BigInt64Array.of(BigInt(raw))],
  ])("%s gives the spec's bits", (_, src) => {
    expect(hex(encode1(src, sc, offset, U))).toBe(hex(be(specOrder)));
  });

  it("with s_c from planChannels-style float64(cc) · conversion", () => {
    expect(sc).toBe(cc * conversion);
    const out = Float64Array.of(decode(encode1(Int16Array.of(raw), cc * conversion, offset, U))[0]!);
    expect(hex(be(out[0]!))).toBe(hex(be(specOrder)));
  });
});
