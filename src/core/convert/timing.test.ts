import { describe, expect, it } from "vitest";
import type { RowReader } from "../hdf5/rows";
import type { ElectricalSeries } from "../nwb/model";
import { chunkFileName } from "./plan";
import { inferRate, micros, rateTiming, roundHalfEven, samplesPerChunk, timestampTiming } from "./timing";

const S = 1_704_067_200; // 2024-01-01T00:00:00Z in seconds
const S_US = 1_704_067_200_000_000;

function series(over: Partial<ElectricalSeries> = {}): ElectricalSeries {
  return {
    path: "/acquisition/ES",
    description: "",
    data: { file: "f.nwb", path: "/acquisition/ES/data" },
    shape: [0, 1],
    dtype: "<h",
    rate: null,
    startingTime: 0,
    timestamps: { file: "f.nwb", path: "/acquisition/ES/timestamps" },
    conversion: 1,
    offset: 0,
    unit: "volts",
    channelConversion: null,
    electrodes: [{ name: "e0", group: "g" }],
    problem: null,
    missing: [],
    ...over,
  };
}

function tsReader(ts: ArrayLike<number>): RowReader {
  const a = Float64Array.from(ts);
  return { rows: a.length, width: 1, rowsPerChunk: a.length, read: (s, e) => a.slice(s, e) };
}

/** timestampTiming of timestamps `ts` (seconds, as stored), with an optional given rate. */
function timing(ts: ArrayLike<number>, perChunk = 1 << 20, rate: number | null = null, s = S) {
  return timestampTiming(series({ shape: [ts.length, 1], rate }), tsReader(ts), s, perChunk);
}

describe("samplesPerChunk: N = floor(chunk_mb · 2^20 / 8)", () => {
  it.each([
    [1, 131_072],
    [0.0625, 8192],
    [0.1, 13_107],
    [8 / 2 ** 20, 1],
    [15 / 2 ** 20, 1],
  ])("%d MiB → %i samples", (mb, n) => expect(samplesPerChunk(mb)).toBe(n));

  it("refuses a size that holds no sample", () => {
    expect(() => samplesPerChunk(7 / 2 ** 20)).toThrow();
    expect(() => samplesPerChunk(0)).toThrow();
  });
});

describe("micros", () => {
  it("truncates t·1e6 toward zero", () => {
    expect(micros(1.0000019)).toBe(1_000_001);
    expect(micros(-1.0000019)).toBe(-1_000_001);
    expect(micros(S + 0.75)).toBe(S_US + 750_000);
  });
});

describe("roundHalfEven", () => {
  it.each([
    [0.5, 0],
    [1.5, 2],
    [2.5, 2],
    [3.5, 4],
    [2.4999999, 2],
    [2.5000001, 3],
    [1000, 1000],
    [29_999.5, 30_000],
    [30_000.5, 30_000],
  ])("%d → %d", (x, r) => expect(roundHalfEven(x)).toBe(r));
});

describe("inferRate: 1 / median(diff(ts[0..k-1])), k = min(10, samples)", () => {
  it("needs at least 2 samples", () => {
    expect(() => inferRate([])).toThrow(/2 samples/);
    expect(() => inferRate([5])).toThrow(/2 samples/);
    expect(inferRate([0, 0.25])).toBe(4);
  });

  it("takes the median of the first 9 differences only (k = 10)", () => {
    // 9 diffs: four of 1/8, five of 1/4 → median 1/4. With 8 or 10 diffs the median would be 3/16.
    const diffs = [0.125, 0.25, 0.125, 0.25, 0.125, 0.25, 0.125, 0.25, 0.25, 0.125, 0.125, 0.125];
    const ts = diffs.reduce<number[]>((acc, d) => [...acc, acc.at(-1)! + d], [0]);
    expect(inferRate(ts)).toBe(4);
    expect(inferRate(ts.slice(0, 9))).toBe(1 / 0.1875);
  });

  it("averages the two middle differences when their number is even", () => {
    // 5 samples → 4 diffs sorted [1/8, 1/4, 1/2, 1]: median 3/8 (lower middle would give 4 Hz, upper 2 Hz)
    expect(inferRate([0, 0.5, 0.75, 0.875, 1.875])).toBe(1 / 0.375);
    expect(inferRate([0, 1, 3])).toBe(1 / 1.5);
  });

  it("works on the stored timestamps, so high rates stay exact", () => {
    const ts = Array.from({ length: 10 }, (_, i) => i / 30_000);
    expect(roundHalfEven(inferRate(ts))).toBe(30_000);
    expect(timing(ts).rate).toBe(30_000); // on absolute times (≈1.7e9 s) this would be 29,959
  });
});

describe("timestampTiming: rate", () => {
  it("rounds an inferred x.5 Hz half to even: 2.5 → 2, 3.5 → 4", () => {
    const t25 = [0, 0.4, 0.8];
    const t35 = [0, 2 / 7, 4 / 7];
    expect(inferRate(t25)).toBe(2.5);
    expect(inferRate(t35)).toBe(3.5);
    expect(timing(t25).rate).toBe(2);
    expect(timing(t35).rate).toBe(4);
  });

  it("refuses fewer than 2 timestamps", () => {
    expect(() => timing([0])).toThrow(/2 samples/);
  });

  it("with a rate as well: keeps the given rate within 2 % of the inferred one, else fails", () => {
    const ts = Array.from({ length: 20 }, (_, i) => i / 1024); // 1024 Hz exactly
    expect(timing(ts, 1 << 20, 1010).rate).toBe(1010);
    expect(timing(ts, 1 << 20, 1004).rate).toBe(1004); // 1.99 % off
    expect(timing(ts, 1 << 20, 1040).rate).toBe(1040);
    expect(() => timing(ts, 1 << 20, 1000)).toThrow(/2 %/); // 2.4 % off
    expect(() => timing(ts, 1 << 20, 1050)).toThrow(/2 %/);
  });

  it("compares the given rate with the inferred rate before rounding", () => {
    // inferred 2.5 Hz (rounds to 2): a given 2.5 Hz agrees, a given 2.46 Hz is within 2 % of 2.5 but not of 2
    expect(timing([0, 0.4, 0.8], 1 << 20, 2.5).rate).toBe(2.5);
    expect(timing([0, 0.4, 0.8], 1 << 20, 2.46).rate).toBe(2.46);
  });

  it("refuses a timestamp count that differs from the samples", () => {
    expect(() => timestampTiming(series({ shape: [5, 1] }), tsReader([0, 1, 2]), S, 10)).toThrow(/3 timestamps/);
  });
});

describe("timestampTiming: segments and chunks", () => {
  // 4 Hz: the gap threshold 2/rate is exactly 0.5 s; all values are exact at S ≈ 1.7e9 (float64 step 2^-22).
  const head = Array.from({ length: 10 }, (_, i) => i * 0.25); // 0 … 2.25

  it("a step of exactly 2/rate is not a new segment; slightly more is", () => {
    const ts = [...head, 2.75, 3.0, 3.5 + 2 ** -20, 3.75 + 2 ** -20];
    const t = timing(ts);
    expect(t.rate).toBe(4);
    expect(t.segments).toBe(2);
    expect(t.chunks.map((c) => [c.first, c.last])).toEqual([
      [0, 11],
      [12, 13],
    ]);
  });

  it("tests the threshold on absolute times t = ts + S", () => {
    // 0.5 + 1e-12 s apart as stored, but exactly 0.5 s apart once S is added: one segment.
    const ts = [...head, 2.75 + 1e-12];
    expect(ts[10]! - ts[9]!).toBeGreaterThan(0.5);
    expect(timing(ts).segments).toBe(1);
    expect(timing(ts, 1 << 20, null, 0).segments).toBe(2);
  });

  it("restarts chunk counting in each segment; one-sample chunks have start == end", () => {
    const ts = [0, 0.25, 0.5, 0.75, 1.0, 10, 10.25, 10.5, 10.75, 20];
    const t = timing(ts, 3);
    expect(t.rate).toBe(4);
    expect(t.segments).toBe(3);
    const us = (x: number) => S_US + x * 1e6;
    expect(t.chunks).toEqual([
      { first: 0, last: 2, start: us(0), end: us(0.5) },
      { first: 3, last: 4, start: us(0.75), end: us(1) },
      { first: 5, last: 7, start: us(10), end: us(10.5) },
      { first: 8, last: 8, start: us(10.75), end: us(10.75) },
      { first: 9, last: 9, start: us(20), end: us(20) },
    ]);
    expect(t.start).toBe(us(0));
    expect(t.end).toBe(us(20));
    expect(chunkFileName(0, t.chunks[4]!.start, t.chunks[4]!.end)).toBe(
      "channel-00000_1704067220000000_1704067220000000.bin.gz",
    );
  });

  it("cuts full chunks of exactly N samples and a shorter last one", () => {
    const ts = Array.from({ length: 10 }, (_, i) => i * 0.25);
    expect(timing(ts, 5).chunks.map((c) => [c.first, c.last])).toEqual([
      [0, 4],
      [5, 9],
    ]);
    expect(timing(ts, 4).chunks.map((c) => [c.first, c.last])).toEqual([
      [0, 3],
      [4, 7],
      [8, 9],
    ]);
  });

  it("carries segments and chunks across its 2^20-row read blocks", () => {
    const n = (1 << 20) + 5;
    const ts = new Float64Array(n);
    for (let i = 0; i < n; i++) ts[i] = i / 1024 + (i >= 1 << 20 ? 10 : 0);
    const t = timing(ts, (1 << 19) + 1);
    expect(t.rate).toBe(1024);
    expect(t.segments).toBe(2);
    expect(t.chunks.map((c) => [c.first, c.last])).toEqual([
      [0, 1 << 19],
      [(1 << 19) + 1, (1 << 20) - 1],
      [1 << 20, n - 1],
    ]);
    expect(t.chunks[2]!.start).toBe(micros((1 << 20) / 1024 + 10 + S));
  });
});

describe("rateTiming: t(i) = (starting_time + i / rate) + S", () => {
  it("computes in the spec's order (other orders give 1704067200223555 for i = 3)", () => {
    const s = 1704067200.123456;
    const t = rateTiming(series({ shape: [7, 1], rate: 30_000, startingTime: 0.1, timestamps: null }), 30_000, s, 3);
    expect(t.segments).toBe(1);
    expect(t.rate).toBe(30_000);
    expect(t.chunks).toEqual([
      { first: 0, last: 2, start: 1704067200223456, end: 1704067200223522 },
      { first: 3, last: 5, start: 1704067200223556, end: 1704067200223622 },
      { first: 6, last: 6, start: 1704067200223656, end: 1704067200223656 },
    ]);
    expect([t.start, t.end]).toEqual([1704067200223456, 1704067200223656]);
  });

  it("is one segment cut every N samples with no empty chunk", () => {
    const t = rateTiming(series({ shape: [8, 1], rate: 4, timestamps: null }), 4, S, 4);
    expect(t.chunks).toEqual([
      { first: 0, last: 3, start: S_US, end: S_US + 750_000 },
      { first: 4, last: 7, start: S_US + 1_000_000, end: S_US + 1_750_000 },
    ]);
    expect(t.end).toBe(S_US + 1_750_000);
  });
});
