import { describe, expect, it } from "vitest";
import { unitFactor } from "./units";

describe("unitFactor (spec §3: U to microvolts)", () => {
  it.each([
    ["volts", 1e6],
    ["V", 1e6],
    ["Volts", 1e6],
    ["millivolts", 1e3],
    ["mV", 1e3],
    ["MilliVolts", 1e3],
    ["microvolts", 1],
    ["uV", 1],
    ["UV", 1],
  ])("%s → %d", (unit, factor) => {
    expect(unitFactor(unit)).toBe(factor);
  });

  it.each(["", "amperes", "kilovolts", "nV", "µV", "volt"])("unknown unit %j → null", (unit) => {
    expect(unitFactor(unit)).toBeNull();
  });
});
