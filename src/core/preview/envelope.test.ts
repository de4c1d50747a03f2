import { describe, expect, it } from "vitest";
import { channelRange, columnsOf, emptyEnvelope, foldInto } from "./envelope";

describe("min/max decimation", () => {
  it("keeps each column's extremes, so a one-sample spike survives 30 kHz squeezed into 100 columns", () => {
    const rate = 30_000;
    const values = Float64Array.from({ length: rate }, (_, i) => Math.sin(i / 50) * 10);
    values[12_345] = 500;
    values[20_000] = -700;
    const envelope = emptyEnvelope(1, 100);
    foldInto(
      envelope,
      0,
      values,
      columnsOf((i) => i / rate, rate, 0, 1, 100),
    );
    expect(envelope.max[Math.floor((12_345 / rate) * 100)]).toBe(500);
    expect(envelope.min[Math.floor((20_000 / rate) * 100)]).toBe(-700);
    expect(channelRange(envelope, 0)).toEqual({ min: -700, max: 500 });
    // Every column holds samples; each column's range is within the data's.
    for (let x = 0; x < 100; x++) expect(envelope.min[x]).toBeLessThanOrEqual(envelope.max[x]!);
  });

  it("leaves columns without samples empty and samples outside the window out", () => {
    const times = [0.5, 1.0, 1.05, 3.9, 4.0, -1];
    const cols = columnsOf((i) => times[i]!, times.length, 1, 3, 3);
    expect(Array.from(cols)).toEqual([-1, 0, 0, 2, -1, -1]);
    const envelope = emptyEnvelope(2, 3);
    foldInto(envelope, 1, [9, 2, 3, NaN, 7, 8], cols);
    expect(Array.from(envelope.min.subarray(3))).toEqual([2, NaN, NaN]);
    expect(Array.from(envelope.max.subarray(3))).toEqual([3, NaN, NaN]);
    expect(channelRange(envelope, 0)).toBeNull();
  });

  it("folds blocks one after another into the same columns", () => {
    const envelope = emptyEnvelope(1, 2);
    foldInto(envelope, 0, [1, 5], Int32Array.from([0, 0]));
    foldInto(envelope, 0, [-3, 4], Int32Array.from([0, 1]));
    expect(Array.from(envelope.min)).toEqual([-3, 4]);
    expect(Array.from(envelope.max)).toEqual([5, 4]);
  });
});
