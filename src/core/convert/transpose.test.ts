import { describe, expect, it } from "vitest";
import type { Samples } from "../hdf5/rows";
import { channelMajor } from "./transpose";

describe("channelMajor", () => {
  const make = (Type: new (n: number) => Samples, rows: number, width: number) => {
    const block = new Type(rows * width);
    for (let i = 0; i < block.length; i++)
      (block as unknown as number[])[i] = (Type === BigInt64Array ? BigInt(i * 3 - 7) : (i * 3) % 120) as never;
    return block;
  };
  it.each([
    [Int8Array, 70, 17],
    [Int16Array, 130, 384],
    [Float32Array, 65, 64],
    [Float64Array, 129, 20],
    [BigInt64Array, 67, 33],
  ] as const)("%o: element (r, c) lands at c·rows + r, bits unchanged", (Type, rows, width) => {
    const block = make(Type as unknown as new (n: number) => Samples, rows, width);
    const out = channelMajor(block, rows, width);
    expect(out).toBeInstanceOf(Type);
    for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) expect(out[c * rows + r]).toBe(block[r * width + c]);
  });

  it("keeps NaN payloads of float64 (moved as bits, not numbers)", () => {
    const bits = new BigUint64Array([0x7ff8000000000123n, 0xfff0000000000001n, 1n, 2n]);
    const out = channelMajor(new Float64Array(bits.buffer), 2, 2);
    expect(Array.from(new BigUint64Array(out.buffer))).toEqual([bits[0], bits[2], bits[1], bits[3]]);
  });
});
