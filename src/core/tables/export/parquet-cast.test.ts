import { describe, expect, it } from "vitest";
import type { CellValue } from "../model";
import { CANNOT_CAST, castCell, castLeaf } from "./parquet-cast";
import type { Leaf } from "./parquet-types";

describe("parquet casts", () => {
  it("casts a value to each leaf type exactly, or says it cannot", () => {
    const cases: [CellValue, Leaf, unknown][] = [
      // Integers: big ones arrive as decimal digits and go in exactly; ranges are the type's own.
      ["9223372036854775807", "INT64", 9223372036854775807n],
      ["9223372036854775808", "INT64", CANNOT_CAST],
      ["-9223372036854775808", "INT64", -9223372036854775808n],
      ["18446744073709551615", "UINT64", 18446744073709551615n],
      ["18446744073709551616", "UINT64", CANNOT_CAST],
      [-1, "UINT64", CANNOT_CAST],
      [2147483647, "INT32", 2147483647],
      [2147483648, "INT32", CANNOT_CAST],
      [2.5, "INT64", CANNOT_CAST],
      [true, "INT32", 1],
      ["12", "INT32", 12],
      ["1e3", "INT64", CANNOT_CAST],
      ["x", "INT64", CANNOT_CAST],
      // Floating point: numeric text and big-integer digits are numbers; other text is not.
      ["9007199254740993", "DOUBLE", 9007199254740992],
      [" 1.5 ", "DOUBLE", 1.5],
      ["", "DOUBLE", CANNOT_CAST],
      ["abc", "FLOAT", CANNOT_CAST],
      [false, "DOUBLE", 0],
      // Booleans from 0/1 and their words only.
      [1, "BOOLEAN", true],
      ["false", "BOOLEAN", false],
      [2, "BOOLEAN", CANNOT_CAST],
      // Anything is text: objects and numbers as their JSON.
      [{ a: [1, null] }, "STRING", '{"a":[1,null]}'],
      [3.25, "STRING", "3.25"],
      ["as is", "STRING", "as is"],
    ];
    for (const [value, leaf, want] of cases)
      expect(castLeaf(value, leaf), `${JSON.stringify(value)} as ${leaf}`).toBe(want);
  });

  it("keeps lists to the type's depth, nulls and counts what cannot be cast", () => {
    const failures = { count: 0 };
    expect(castCell([[1, "2"], [], null, [2.5]], { leaf: "INT64", depth: 2 }, failures)).toEqual([
      [1n, 2n],
      [],
      null,
      [null],
    ]);
    expect(failures.count).toBe(1);
    // A scalar where a list belongs, a list where a number belongs: null; a list where text belongs: its JSON.
    expect(castCell(3, { leaf: "DOUBLE", depth: 1 }, failures)).toBeNull();
    expect(castCell([3], { leaf: "DOUBLE", depth: 0 }, failures)).toBeNull();
    expect(failures.count).toBe(3);
    expect(castCell([3, [4]], { leaf: "STRING", depth: 0 }, failures)).toBe("[3,[4]]");
    expect(castCell(null, { leaf: "DOUBLE", depth: 1 }, failures)).toBeNull();
    expect(castCell(NaN, { leaf: "DOUBLE", depth: 0 }, failures)).toBeNull();
    expect(failures.count).toBe(3);
  });
});
