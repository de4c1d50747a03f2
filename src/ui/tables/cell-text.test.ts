import { describe, expect, it } from "vitest";
import type { ColumnInfo } from "../../core/tables/model";
import { cellText, regionRows, shapeOf } from "./cell-text";

const info = (kind: ColumnInfo["kind"], shape: number[] = []): ColumnInfo => ({
  name: "c",
  kind,
  dtype: "float64",
  shape,
});

describe("cellText", () => {
  it("shows scalars as themselves and null as nothing", () => {
    expect(cellText(5.25, info("scalar"))).toBe("5.25");
    expect(cellText("good", info("scalar"))).toBe("good");
    expect(cellText(true, info("scalar"))).toBe("true");
    expect(cellText("9007199254740993", info("scalar"))).toBe("9007199254740993");
    expect(cellText(null, info("ragged"))).toBe("");
  });

  it("shows ragged and N-D values by length or shape", () => {
    expect(cellText([1, 2, 3], info("ragged"))).toBe("3 values");
    expect(cellText([1], info("ragged"))).toBe("1 value");
    expect(cellText([[0, 10]], info("ragged", [2]))).toBe("1 [2]");
    expect(cellText([[1], [2, 3]], info("ragged2"))).toBe("2 lists");
    expect(cellText([[1, 2, 3, 4]], info("array", [1, 4]))).toBe("[1 × 4]");
    expect(
      shapeOf([
        [[1], [2]],
        [[3], [4]],
      ]),
    ).toEqual([2, 2, 1]);
  });

  it("names a region's rows, and sums up a long list", () => {
    expect(cellText(3, info("region"))).toBe("row 3");
    expect(cellText([0, 1], info("region"))).toBe("rows 0, 1");
    expect(cellText([0, 1, 2, 3, 4, 5, 6], info("region"))).toBe("rows 0, 1, 2, 3, 4, … (7)");
    expect(regionRows(4)).toEqual([4]);
  });

  it("writes a compound as its JSON text", () => {
    expect(cellText({ idx_start: 5, count: 10, timeseries: "/acquisition/lick" }, info("compound"))).toBe(
      '{"idx_start":5,"count":10,"timeseries":"/acquisition/lick"}',
    );
  });
});
