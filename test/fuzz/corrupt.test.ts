import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NWB } from "../golden";
import { fixtureInfo } from "./chunks";
import { applyCorruption, corruptionCase, corruptions, describeCase, KINDS, REGRESSIONS } from "./corrupt";

const fixtures = [
  { name: "a.nwb", size: 100_000, compressedChunks: [] },
  { name: "b.nwb", size: 50_000, compressedChunks: [{ address: 10_000, size: 2_000 }] },
];

describe("corruptions", () => {
  it("are reproducible from (seed, index), whatever the count or the first index", () => {
    const many = corruptions({ seed: 7, count: 40, fixtures });
    expect(corruptions({ seed: 7, count: 40, fixtures })).toEqual(many);
    expect(corruptions({ seed: 7, count: 5, fixtures, first: 30 })).toEqual(many.slice(30, 35));
    expect(corruptionCase(7, 12, fixtures)).toEqual(many[12]);
    expect(corruptions({ seed: 8, count: 40, fixtures })).not.toEqual(many);
  });

  it("use every kind in turn and keep their edits where the kind says", () => {
    const cases = corruptions({ seed: 3, count: 500, fixtures });
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(KINDS));
    for (const c of cases) {
      const size = fixtures.find((f) => f.name === c.fixture)!.size;
      for (const e of c.edits) expect(e.at).toBeLessThan(size);
      if (c.kind === "bitflip-head") expect(c.edits.every((e) => e.at < 65_536 && "xor" in e)).toBe(true);
      if (c.kind === "zero-block") expect(c.edits).toEqual([{ at: c.offset, zeros: expect.any(Number) }]);
      if (c.kind === "zero-block") expect(c.offset % 4096).toBe(0);
      if (c.kind === "truncate") expect(c.truncate).toBeLessThan(size);
      if (c.kind === "damage-chunk") {
        expect(c.fixture).toBe("b.nwb");
        const e = c.edits[0]!;
        const length = "zeros" in e ? e.zeros : "bytes" in e ? e.bytes.length : 1;
        expect(e.at).toBeGreaterThanOrEqual(10_000);
        expect(e.at + length).toBeLessThanOrEqual(12_000);
      }
    }
  });

  it("are applied to a copy: flips, overwrites, zeros and truncation", () => {
    const original = new Uint8Array(16).fill(0xff);
    const c = {
      seed: 0,
      index: 0,
      fixture: "x",
      kind: "random-bytes" as const,
      offset: 1,
      edits: [
        { at: 1, xor: 0x0f },
        { at: 3, bytes: [1, 2] },
        { at: 6, zeros: 2 },
        { at: 15, bytes: [9, 9, 9] }, // runs past the end: clipped
      ],
    };
    const out = applyCorruption(original, c);
    expect([...out]).toEqual([255, 0xf0, 255, 1, 2, 255, 0, 0, 255, 255, 255, 255, 255, 255, 255, 9]);
    expect(original.every((b) => b === 0xff)).toBe(true);
    expect([...applyCorruption(original, { ...c, truncate: 4 })]).toEqual([255, 0xf0, 255, 1]);
    expect(describeCase(c)).toBe("seed 0 case 0: random-bytes of x at byte 1");
  });

  it("find a real fixture's compressed chunks with the layout reader", async () => {
    const info = await fixtureInfo("blosc16.nwb", new Uint8Array(readFileSync(join(NWB, "blosc16.nwb"))));
    expect(info.compressedChunks).toHaveLength(10);
    expect(info.compressedChunks[0]).toEqual({ address: 6080, size: 94078 });
    const plain = await fixtureInfo("sine2.nwb", new Uint8Array(readFileSync(join(NWB, "sine2.nwb"))));
    expect(plain.compressedChunks).toEqual([]);
    expect(REGRESSIONS.map((r) => r.offset)).toEqual([47 * 4096, 48 * 4096, 6080]);
  });
});
