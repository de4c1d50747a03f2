import { describe, expect, it } from "vitest";
import { isoToMicros, isoToSeconds, readableDateTime } from "./time";

// 2024-01-01T00:00:00Z
const NEW_YEAR = 1_704_067_200_000_000;

describe("isoToMicros (spec §4: whole microseconds since the epoch)", () => {
  it("reads Z and a missing fraction", () => {
    expect(isoToMicros("2024-01-01T00:00:00Z")).toBe(NEW_YEAR);
    expect(isoToMicros("2024-01-01T00:00:00.000000Z")).toBe(NEW_YEAR);
  });

  it("applies positive, negative and half-hour UTC offsets", () => {
    expect(isoToMicros("2024-01-01T00:00:00.123456+02:00")).toBe(NEW_YEAR - 2 * 3600e6 + 123_456);
    expect(isoToMicros("2024-01-01T00:00:00.123456-05:30")).toBe(NEW_YEAR + 5.5 * 3600e6 + 123_456);
    expect(isoToMicros("2024-01-01T00:00:00.123456+00:00")).toBe(NEW_YEAR + 123_456);
    expect(isoToMicros("2024-01-01T00:00:00.123456Z")).toBe(NEW_YEAR + 123_456);
  });

  it.each([
    [".1", 100_000],
    [".12", 120_000],
    [".123", 123_000],
    [".1234", 123_400],
    [".12345", 123_450],
    [".123456", 123_456],
    [".000001", 1],
  ])("reads the fraction %s as %i µs", (frac, us) => {
    expect(isoToMicros(`2024-01-01T00:00:00${frac}Z`)).toBe(NEW_YEAR + us);
  });

  it("truncates (does not round) more than 6 fraction digits", () => {
    expect(isoToMicros("2024-01-01T00:00:00.1234567Z")).toBe(NEW_YEAR + 123_456);
    expect(isoToMicros("2024-01-01T00:00:00.9999999+02:00")).toBe(NEW_YEAR - 2 * 3600e6 + 999_999);
  });

  it("keeps the fraction as a positive part before 1970", () => {
    expect(isoToMicros("1969-12-31T23:59:59.5Z")).toBe(-500_000);
  });

  it("rejects text that is not a date-time", () => {
    expect(() => isoToMicros("yesterday")).toThrow(/ISO-8601/);
  });
});

describe("isoToSeconds", () => {
  it("is whole microseconds / 1e6 (S of spec §4)", () => {
    for (const text of [
      "2024-01-01T00:00:00.123456+02:00",
      "2024-01-01T00:00:00.123456-05:30",
      "2023-06-15T12:34:56.789Z",
    ]) {
      expect(isoToSeconds(text)).toBe(isoToMicros(text) / 1e6);
    }
    expect(isoToSeconds("2024-01-01T00:00:00.123456Z")).toBe(1704067200.123456);
  });
});

describe("readableDateTime", () => {
  it("keeps the time zone the file was written in", () => {
    expect(readableDateTime("2020-01-01T12:00:00-05:00")).toBe("2020-01-01 12:00:00 \u221205:00");
    expect(readableDateTime("2023-05-17T09:30:12+0530")).toBe("2023-05-17 09:30:12 +05:30");
    expect(readableDateTime("2024-01-01T00:00:00Z")).toBe("2024-01-01 00:00:00 UTC");
    expect(readableDateTime("2024-01-01T00:00:00+00")).toBe("2024-01-01 00:00:00 +00:00");
  });

  it("keeps fractions as written and says when there is no zone", () => {
    expect(readableDateTime("2019-11-27T17:28:27.610392-08:00")).toBe("2019-11-27 17:28:27.610392 \u221208:00");
    expect(readableDateTime("2024-01-01T08:15")).toBe("2024-01-01 08:15 (no time zone)");
    expect(readableDateTime("2023-10-02")).toBe("2023-10-02");
  });

  it("returns text that is not a date-time unchanged", () => {
    expect(readableDateTime("sometime in May")).toBe("sometime in May");
    expect(readableDateTime("")).toBe("");
  });
});
