import { describe, expect, it } from "vitest";
import { clampIndex, firstPlace, pageBox, rangeWords } from "./value-paging";

describe("pageBox", () => {
  it("reads a scalar whole, and 100 rows of a 1-D dataset from the place asked", () => {
    expect(pageBox([], firstPlace([]))).toEqual({ start: [], count: [] });
    expect(pageBox([1000], { ...firstPlace([1000]), row: 950 })).toEqual({ start: [950], count: [50] });
  });

  it("reads a window of 100 rows × 20 columns of a 2-D dataset, cut at its ends", () => {
    expect(pageBox([600000, 384], firstPlace([600000, 384]))).toEqual({ start: [0, 0], count: [100, 20] });
    expect(pageBox([250, 300], { row: 200, column: 295, lead: [] })).toEqual({ start: [200, 295], count: [50, 5] });
  });

  it("fixes the leading dimensions of an N-D dataset at one index each", () => {
    expect(firstPlace([3, 4, 5, 6]).lead).toEqual([0, 0]);
    expect(pageBox([3, 4, 5, 6], { row: 0, column: 0, lead: [2, 1] })).toEqual({
      start: [2, 1, 0, 0],
      count: [1, 1, 5, 6],
    });
  });
});

describe("clampIndex and rangeWords", () => {
  it("keeps a typed index inside the dataset", () => {
    expect(clampIndex(5000, 1000)).toBe(999);
    expect(clampIndex(-3, 1000)).toBe(0);
    expect(clampIndex(NaN, 1000)).toBe(0);
    expect(clampIndex(2.7, 10)).toBe(2);
  });

  it("says which rows a page shows, counting from 0", () => {
    expect(rangeWords("Rows", 100, 100, 1000)).toBe("Rows 100–199 of 1,000");
    expect(rangeWords("Rows", 0, 0, 0)).toBe("No rows (0 of 0)");
  });
});
