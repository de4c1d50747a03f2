import { describe, expect, it } from "vitest";
import { niceAbove, niceBelow, scaleBar, sharedSpan, timeTicks } from "./scales";

describe("preview scales", () => {
  it("shares one span across channels, not ruled by one wild channel", () => {
    const ranges = Array.from({ length: 20 }, (_, i) => ({ min: -50 - i, max: 50 + i }));
    ranges.push({ min: -1e6, max: 1e6 });
    expect(sharedSpan(ranges)).toBe(136); // the 19th of 21 spans: 100, 102, …, 138, then 2,000,000
    expect(sharedSpan([null, { min: 3, max: 3 }])).toBe(0);
  });

  it("picks round scale bars and ticks", () => {
    expect(niceBelow(730)).toBe(500);
    expect(niceBelow(0.0031)).toBe(0.002);
    expect(niceAbove(0.13)).toBe(0.2);
    expect(scaleBar(0.1, 24)).toEqual({ value: 200, pixels: 20 });
    expect(scaleBar(0, 24)).toBeNull();
    expect(timeTicks(10.05, 2, 400)).toEqual([10.5, 11, 11.5, 12]);
    expect(timeTicks(0, 0.01, 800)).toEqual([0, 0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008, 0.009, 0.01]);
  });
});
