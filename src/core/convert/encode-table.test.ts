import { describe, expect, it } from "vitest";
import type { Samples } from "../hdf5/rows";
import type { ColumnSpec } from "./encode-be";
import { sameAsPlain } from "../../../test/same-as-plain";
import { tableWriter } from "./encode-table";

/** A column of its own, no offset, no unit factor. */
const alone = (src: Samples, rows: number, scale: number): ColumnSpec => ({
  src,
  width: 1,
  column: 0,
  rows,
  scale,
  offset: 0,
  unit: 1,
});

function noise<T extends Samples>(make: (n: number) => T, n: number, lo: number, hi: number, seed: number): T {
  const a = make(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    (a as unknown as number[])[i] = lo + (x % (hi - lo + 1));
  }
  // Both ends of the range, always.
  (a as unknown as number[])[0] = lo;
  (a as unknown as number[])[n - 1] = hi;
  return a;
}

describe("level 0 by table (16-bit sources)", () => {
  it("matches the plain loop for int16, long and short, at rows that do not divide by four", () => {
    // Last blocks of 1–7 values too (fewer than a pair per half, odd halves), and whole blocks only.
    const tails = [1, 2, 3, 4, 5, 6, 7].map((k) => 8191 * 4 + k);
    for (const rows of [125_000, 40_001, 70_003, 8191 * 5, ...tails]) {
      const src = noise((n) => new Int16Array(n), rows, -32768, 32767, rows);
      sameAsPlain({ src, width: 1, column: 0, rows, scale: 0.195, offset: -12.5, unit: 1 });
    }
  });

  it("matches for uint16, and for a column among several (strided); 8-bit sources keep the plain loop", () => {
    const rows = 50_000;
    sameAsPlain({
      src: noise((n) => new Uint16Array(n), rows, 0, 65535, 1),
      width: 1,
      column: 0,
      rows,
      scale: 3e-7,
      offset: 0,
      unit: 1e6,
    });
    sameAsPlain({
      src: noise((n) => new Int8Array(n), rows, -128, 127, 2),
      width: 1,
      column: 0,
      rows,
      scale: 0.5,
      offset: 1,
      unit: 1e3,
    });
    sameAsPlain({
      src: noise((n) => new Uint8Array(n), rows, 0, 255, 3),
      width: 1,
      column: 0,
      rows,
      scale: 1,
      offset: 0,
      unit: 1,
    });
    const wide = noise((n) => new Int16Array(n), rows * 3, -32768, 32767, 4);
    for (const column of [0, 1, 2]) sameAsPlain({ src: wide, width: 3, column, rows, scale: 0.25, offset: 0, unit: 1 });
  });

  it("keeps tables for a few scalings and still encodes right after they are evicted", () => {
    const rows = 33_000;
    const src = noise((n) => new Int16Array(n), rows, -32768, 32767, 5);
    for (let round = 0; round < 2; round++)
      for (const scale of [0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
        sameAsPlain({ src, width: 1, column: 0, rows, scale, offset: 0, unit: 1 });
  });

  it("leaves short columns of a new scaling and wide types to the plain loop, and uses a table it already has", () => {
    const short = new Int16Array(1000);
    expect(tableWriter(alone(short, 1000, 0.123456))).toBeNull();
    expect(tableWriter(alone(new Float32Array(100_000), 100_000, 1))).toBeNull();
    expect(tableWriter(alone(new Int8Array(100_000), 100_000, 1))).toBeNull();
    expect(tableWriter(alone(new Uint8Array(100_000), 100_000, 1))).toBeNull();
    expect(tableWriter(alone(new Int16Array(100_000), 100_000, 0.123456))).not.toBeNull();
    expect(tableWriter(alone(short, 1000, 0.123456))).not.toBeNull();
    sameAsPlain({
      src: noise((n) => new Int16Array(n), 1000, -5, 5, 6),
      width: 1,
      column: 0,
      rows: 1000,
      scale: 0.123456,
      offset: 0,
      unit: 1,
    });
  });

  it("keeps NaN scalings' bytes (a NaN factor in a file must come out as the plain loop writes it)", () => {
    const rows = 40_000;
    sameAsPlain({
      src: noise((n) => new Int16Array(n), rows, -3, 3, 7),
      width: 1,
      column: 0,
      rows,
      scale: NaN,
      offset: 0,
      unit: 1,
    });
  });
});
