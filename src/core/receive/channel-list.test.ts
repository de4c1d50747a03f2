import { describe, expect, it } from "vitest";
import { microsToIso } from "./channel-list";

describe("microsToIso", () => {
  it("keeps all six fractional digits, in UTC", () => {
    expect(microsToIso(1704067219999000)).toBe("2024-01-01T00:00:19.999000Z");
    expect(microsToIso(1704067200000001)).toBe("2024-01-01T00:00:00.000001Z");
    expect(microsToIso(0)).toBe("1970-01-01T00:00:00.000000Z");
  });

  it("counts times before 1970 back from the epoch", () => {
    expect(microsToIso(-1)).toBe("1969-12-31T23:59:59.999999Z");
    expect(microsToIso(-1_000_500)).toBe("1969-12-31T23:59:58.999500Z");
  });
});
