import { describe, expect, it } from "vitest";
import { compareCells, matches, parseCondition } from "./condition";
import type { CellValue } from "./model";

const where = (text: string) => parseCondition(text);
const pass = (values: CellValue[], text: string, numeric: boolean) =>
  values.filter((v) => matches(v, where(text), numeric));

describe("parseCondition", () => {
  it("reads column, operator and value; the value may hold spaces, operators and quotes", () => {
    expect(where("snr > 2.5")).toEqual({ column: "snr", op: ">", value: "2.5" });
    expect(where("  quality in good, mua ")).toEqual({ column: "quality", op: "in", value: "good, mua" });
    expect(where("stimulus contains a < b")).toEqual({ column: "stimulus", op: "contains", value: "a < b" });
    expect(where('label == "two words"')).toEqual({ column: "label", op: "==", value: "two words" });
    expect(where('label == ""')).toEqual({ column: "label", op: "==", value: "" });
    expect(where("snr>=2")).toEqual({ column: "snr", op: ">=", value: "2" });
    expect(where("x != null")).toEqual({ column: "x", op: "!=", value: "null" });
  });

  it("refuses what is not a condition, in one line", () => {
    for (const bad of ["snr", "snr ~ 3", "snr >", "", "== 3"]) {
      expect(() => where(bad)).toThrow(/^--where "[^\n]*": /);
    }
  });
});

describe("matches (spec §6)", () => {
  it("numeric columns compare as numbers, others as text", () => {
    expect(pass([2, 10, 3], "n < 9", true)).toEqual([2, 3]);
    expect(pass(["2", "10", "3"], "s < 9", false)).toEqual(["2", "10", "3"]); // text: "10" < "9"
    expect(pass(["s0e1", "s0e2", "s1e0"], "label >= s0e2", false)).toEqual(["s0e2", "s1e0"]);
    expect(pass([1, 1.5, 2], "x == 1.50", true)).toEqual([1.5]);
    expect(pass([1, 2, 3], "x != 2", true)).toEqual([1, 3]);
    expect(pass([1, 2, 3], "x <= 2", true)).toEqual([1, 2]);
    expect(pass([1, 2, 3], "x > 2", true)).toEqual([3]);
  });

  it("null (NaN, ±Inf, a missing column) never matches, but == null and != null", () => {
    const values = [null, 0, 0.05, 1];
    expect(pass(values, "x != 0.05", true)).toEqual([0, 1]);
    expect(pass(values, "x < 100", true)).toEqual([0, 0.05, 1]);
    expect(pass(values, "x == null", true)).toEqual([null]);
    expect(pass(values, "x != null", true)).toEqual([0, 0.05, 1]);
    expect(pass([null, "a"], "s contains a", false)).toEqual(["a"]);
    expect(pass([null, "a"], "s in a,null", false)).toEqual(["a"]);
  });

  it("in takes a comma list (numbers numerically); contains looks for a substring", () => {
    expect(pass(["good", "mua", "noise"], "q in good,mua", false)).toEqual(["good", "mua"]);
    expect(pass([1, 2, 3], "n in 1.0, 3", true)).toEqual([1, 3]);
    expect(pass(["grating_0", "gray", "natural"], "s contains grat", false)).toEqual(["grating_0"]);
  });

  it("integers beyond 2^53 (their digits) compare exactly; booleans compare as true/false", () => {
    const big = ["18446744073709551615", "18446744073709551614", 5];
    expect(pass(big, "x == 18446744073709551615", true)).toEqual(["18446744073709551615"]);
    expect(pass(big, "x < 18446744073709551615", true)).toEqual(["18446744073709551614", 5]);
    expect(pass([true, false], "b == true", false)).toEqual([true]);
    expect(pass([true, false], "b == True", false)).toEqual([true]);
    expect(pass([true, false], "b != 1", false)).toEqual([false]);
    expect(pass([true, false], "b < true", false)).toEqual([false]);
  });

  it("sort order: numbers by value, text by code point", () => {
    expect([10, 2, 3].sort((a, b) => compareCells(a, b, true))).toEqual([2, 3, 10]);
    expect(["b", "B", "a"].sort((a, b) => compareCells(a, b, false))).toEqual(["B", "a", "b"]);
  });
});
