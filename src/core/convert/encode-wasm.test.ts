import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { crc32 as zlibCrc32, gunzipSync } from "node:zlib";
import { crc32, crc32Shift } from "../sink/crc32";
import { encodeChunk, encodeChunkStoredGzip, type ColumnSpec } from "./encode-be";
import { sameAsPlain } from "../../../test/same-as-plain";
import { f64Kernel } from "./encode-wasm";
// @ts-expect-error: a plain .mjs build script, no types
import { assemble, REDUCE_EXPONENTS, REDUCE_UNITS } from "../../../scripts/wasm-f64-be.mjs";

/** Values of every kind float64 has: signs, zeros, subnormals, infinities, NaN, huge and tiny ones. */
function values(n: number, seed: number): Float64Array {
  const a = new Float64Array(n);
  const bits = new Uint32Array(a.buffer);
  let x = seed;
  for (let i = 0; i < bits.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bits[i] = x;
  }
  const special = [0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, Number.MAX_VALUE, 1e-300, 1];
  special.forEach((v, i) => (a[(i * 7919) % n] = v));
  return a;
}

describe("level 0 float64 through WebAssembly", () => {
  it("is available here (else the comparisons below would test the plain loop against itself)", () => {
    expect(f64Kernel()).not.toBeNull();
  });

  it("matches the plain loop for a column alone, at lengths around the stored-block size", () => {
    for (const rows of [1, 2, 3, 8190, 8191, 8192, 8193, 16_383, 131_072, 125_001]) {
      sameAsPlain({ src: values(rows, rows), width: 1, column: 0, rows, scale: 1, offset: 0, unit: 1 });
    }
  });

  it("matches for columns among several (rows copied at width 2, gathered above), scaled and offset", () => {
    for (const width of [2, 3, 17]) {
      const rows = 20_001;
      const src = values(rows * width, width);
      for (const column of [0, width - 1])
        sameAsPlain({ src, width, column, rows, scale: 0.195, offset: -12.5, unit: 1e6 });
    }
  });

  it("reduces its CRC by a multiple of the polynomial: x^(128·K) + Σ x^(128·e) ≡ 0 modulo P", () => {
    // crc32Shift(n) is x^(8n) modulo P; x^0 is 0x80000000 in its reflected order.
    const terms = [REDUCE_UNITS as number, ...(REDUCE_EXPONENTS as number[])].map((e) => crc32Shift(16 * e));
    expect(terms.reduce((a, b) => a ^ b, 0) >>> 0).toBe(0);
    // Any other exponent breaks it: the check can fail.
    expect(terms.slice(1).reduce((a, b) => a ^ b, crc32Shift(16 * (REDUCE_UNITS + 1))) >>> 0 === 0).toBe(false);
  });

  it("matches at block lengths around the reduction's edge (203 units of 16 bytes go through the tables)", () => {
    // Blocks of 405–409 samples: the reduction's first unit, none, one; then past a whole block of 8191.
    for (const tail of [1, 404, 405, 406, 407, 408, 409, 410, 811, 812, 813])
      for (const rows of [tail, 8191 + tail]) {
        sameAsPlain({ src: values(rows, tail), width: 1, column: 0, rows, scale: 1, offset: 0, unit: 1 });
        sameAsPlain({ src: values(rows * 2, rows), width: 2, column: 1, rows, scale: 0.5, offset: 3, unit: 1e6 });
      }
  });

  it("writes into a reused buffer after room for a header, as the zip sink asks", () => {
    const rows = 9000;
    const spec: ColumnSpec = { src: values(rows, 3), width: 1, column: 0, rows, scale: 2, offset: 0, unit: 1e-3 };
    const into = new Uint8Array(100 + rows * 8 + 100).fill(0xee);
    const { gz, memberCrc } = encodeChunkStoredGzip(spec, crc32, into, 40);
    expect(gz.buffer).toBe(into.buffer);
    expect(gz.byteOffset).toBe(40);
    expect(into.subarray(0, 40).every((b) => b === 0xee)).toBe(true);
    expect(memberCrc).toBe(zlibCrc32(gz));
    expect(Buffer.from(gunzipSync(gz)).equals(Buffer.from(encodeChunk(spec)))).toBe(true);
  });

  it("refuses a block larger than its memory holds", () => {
    const src = new Float64Array(10_000);
    expect(() =>
      f64Kernel()!.block(
        { src, width: 1, column: 0, rows: 10_000, scale: 1, offset: 0, unit: 1 },
        0,
        10_000,
        new Uint8Array(80_000),
        0,
      ),
    ).toThrow(/at most/);
  });

  it("is the module its text in scripts/wasm-f64-be.mjs assembles to", async () => {
    const committed = readFileSync(new URL("./f64-be-wasm.ts", import.meta.url), "utf8");
    const base64 = /"([A-Za-z0-9+/=]+)"/.exec(committed)![1]!;
    const built = (await assemble()) as Buffer;
    expect(built.toString("base64")).toBe(base64);
  });
});
