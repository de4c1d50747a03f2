import { describe, expect, it } from "vitest";
import { allConditions, filterConditions, NO_FILTER, own } from "./filter-text";

const f = (patch: Partial<typeof NO_FILTER>) => ({ ...NO_FILTER, ...patch });

describe("filterConditions", () => {
  it("reads an operator and a value as --where does", () => {
    expect(filterConditions("snr", f({ text: "> 2.5" }), true).conditions).toEqual([
      { column: "snr", op: ">", value: "2.5" },
    ]);
    expect(filterConditions("snr", f({ text: ">=3" }), true).conditions).toEqual([
      { column: "snr", op: ">=", value: "3" },
    ]);
    expect(filterConditions("quality", f({ text: "in good,mua" }), false).conditions).toEqual([
      { column: "quality", op: "in", value: "good,mua" },
    ]);
    expect(filterConditions("stimulus", f({ text: "contains grat" }), false).conditions).toEqual([
      { column: "stimulus", op: "contains", value: "grat" },
    ]);
    expect(filterConditions("snr", f({ text: "!= null" }), true).conditions).toEqual([
      { column: "snr", op: "!=", value: "null" },
    ]);
  });

  it("drops one pair of quotes around a value, as --where does", () => {
    expect(filterConditions("label", f({ text: '== "a,b"' }), false).conditions).toEqual([
      { column: "label", op: "==", value: "a,b" },
    ]);
    expect(filterConditions("label", f({ text: "== ''" }), false).conditions).toEqual([
      { column: "label", op: "==", value: "" },
    ]);
  });

  it("takes a bare value as equal for numbers and contained for strings, `a..b` as a range", () => {
    expect(filterConditions("n", f({ text: "3" }), true).conditions).toEqual([{ column: "n", op: "==", value: "3" }]);
    expect(filterConditions("s", f({ text: "CA" }), false).conditions).toEqual([
      { column: "s", op: "contains", value: "CA" },
    ]);
    expect(filterConditions("snr", f({ text: "2..5" }), true).conditions).toEqual([
      { column: "snr", op: ">=", value: "2" },
      { column: "snr", op: "<=", value: "5" },
    ]);
    expect(filterConditions("snr", f({ text: "..5" }), true).conditions).toEqual([
      { column: "snr", op: "<=", value: "5" },
    ]);
  });

  it("turns the range fields and the ticked values into conditions that must all hold", () => {
    expect(filterConditions("snr", f({ min: "2", max: "6" }), true).conditions).toEqual([
      { column: "snr", op: ">=", value: "2" },
      { column: "snr", op: "<=", value: "6" },
    ]);
    expect(filterConditions("quality", f({ values: ["good", "mua"] }), false).conditions).toEqual([
      { column: "quality", op: "in", value: "good,mua" },
    ]);
  });

  it("says why a numeric filter is not understood, and leaves it out", () => {
    const r = filterConditions("snr", f({ text: "> abc", min: "x" }), true);
    expect(r.conditions).toEqual([]);
    expect(r.error).toBe("abc is not a number; x is not a number");
    expect(filterConditions("snr", f({ text: "contains 2" }), true).error).toMatch(/not a number/);
  });

  it("collects every column's conditions in column order", () => {
    const filters = { b: f({ text: "> 1" }), a: f({ text: "x" }) };
    expect(allConditions(filters, ["a", "b"], (c) => c === "b")).toEqual([
      { column: "a", op: "contains", value: "x" },
      { column: "b", op: ">", value: "1" },
    ]);
  });

  it("looks columns up as own properties: a column may be named __proto__ or constructor", () => {
    const filters = { ["__proto__"]: f({ text: "> 1" }) };
    Object.defineProperty(filters, "__proto__", { value: f({ text: "> 1" }), enumerable: true });
    expect(own(filters, "constructor")).toBeUndefined();
    expect(allConditions(filters, ["__proto__", "constructor"], () => true)).toEqual([
      { column: "__proto__", op: ">", value: "1" },
    ]);
  });
});
