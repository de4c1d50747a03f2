import { describe, expect, it } from "vitest";
import { channelStripes, ONE_DECODE_BUDGET, STRIPE_BUDGET } from "./stripes";

const MB1 = 131_072; // rows of a 1 MB output chunk

/** Stripe widths and whether blocks are read ahead, for a layout. */
function plan(width: number, chunkShape: [number, number] | undefined, sampleBytes: number, blockRows = MB1) {
  const { stripes, readAhead } = channelStripes({ width, chunkShape, sampleBytes }, blockRows);
  return { widths: [...new Set(stripes.map(([a, b]) => b - a))], count: stripes.length, readAhead };
}

describe("channelStripes: the layouts of issue 16 at 1 MB output chunks", () => {
  it("keeps one pass with read-ahead where the whole width fits (2 ch float64 contiguous, 16 ch)", () => {
    expect(plan(2, undefined, 8)).toEqual({ widths: [2], count: 1, readAhead: true });
    expect(plan(16, [78_125, 16], 2)).toEqual({ widths: [16], count: 1, readAhead: true });
  });

  it("walks NeuroConv's chunk columns (78125, 64) one at a time, whatever the channel count", () => {
    expect(plan(384, [78_125, 64], 2)).toEqual({ widths: [64], count: 6, readAhead: true });
    expect(plan(1536, [78_125, 64], 2)).toEqual({ widths: [64], count: 24, readAhead: true });
    expect(plan(4096, [60_000, 64], 2)).toEqual({ widths: [64], count: 64, readAhead: true });
  });

  it("counts the stored chunk's rows kept across blocks: hdmf's tall narrow chunks (253116, 18) go three columns at a time", () => {
    expect(plan(128, [253_116, 18], 2)).toEqual({ widths: [54, 20], count: 3, readAhead: true });
  });

  it("reads full-width chunks whole, one block at a time, up to the one-decode budget; wider ones in parts", () => {
    expect(plan(384, [5461, 384], 2)).toEqual({ widths: [384], count: 1, readAhead: false });
    expect(plan(384, [1365, 384], 2)).toEqual({ widths: [384], count: 1, readAhead: false });
    const wide = plan(4096, [1220, 4096], 2);
    expect(wide.readAhead).toBe(false);
    expect(wide.count).toBe(Math.ceil((4096 * 2 * (MB1 + 1220)) / ONE_DECODE_BUDGET));
  });

  it("cuts contiguous data anywhere, within the budget", () => {
    const { stripes } = channelStripes({ width: 4096, sampleBytes: 2 }, MB1);
    for (const [a, b] of stripes) expect((b - a) * 2 * 2 * MB1).toBeLessThanOrEqual(STRIPE_BUDGET);
    expect(stripes.at(-1)![1]).toBe(4096);
  });
});
