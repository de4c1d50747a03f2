import { randomBytes } from "node:crypto";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32 } from "./crc32";

const ascii = (s: string) => new TextEncoder().encode(s);

describe("crc32", () => {
  it("matches the published check values", () => {
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(ascii("123456789"))).toBe(0xcbf43926);
    expect(crc32(ascii("The quick brown fox jumps over the lazy dog"))).toBe(0x414fa339);
    expect(crc32(new Uint8Array(32))).toBe(0x190a55ad);
    expect(crc32(new Uint8Array(32).fill(0xff))).toBe(0xff6cab0b);
  });

  it("matches zlib.crc32 on random data of every length around the 8-byte stride", () => {
    const bytes = new Uint8Array(randomBytes(4096));
    for (let length = 0; length <= 67; length++) {
      // Odd start offsets check that nothing assumes aligned views.
      const view = bytes.subarray(length % 5, (length % 5) + length);
      expect(crc32(view), `length ${length}`).toBe(zlib.crc32(view));
    }
    expect(crc32(bytes)).toBe(zlib.crc32(bytes));
  });

  it("matches zlib.crc32 on a large buffer", () => {
    const bytes = new Uint8Array(randomBytes(8 << 20)).subarray(3);
    expect(crc32(bytes)).toBe(zlib.crc32(bytes));
  });

  it("chains through the seed like zlib does", () => {
    const bytes = new Uint8Array(randomBytes(10_000));
    const whole = zlib.crc32(bytes);
    for (const cut of [0, 1, 7, 8, 9, 5000, 9999, 10_000]) {
      const head = crc32(bytes.subarray(0, cut));
      expect(head).toBe(zlib.crc32(bytes.subarray(0, cut)));
      expect(crc32(bytes.subarray(cut), head), `cut at ${cut}`).toBe(whole);
    }
    // Seeds above 2^31 must be taken as unsigned.
    expect(crc32(bytes, 0xcbf43926)).toBe(zlib.crc32(bytes, 0xcbf43926));
  });
});

describe("crc32Combine", () => {
  it("assembles the CRC of a whole from its parts, as zlib does", async () => {
    const { crc32Combine, crc32Shift } = await import("./crc32");
    const { crc32: z } = await import("node:zlib");
    const data = new Uint8Array(200_003);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
    for (const cut of [0, 1, 7, 65_528, 100_000, 200_003]) {
      const a = data.subarray(0, cut);
      const b = data.subarray(cut);
      expect(crc32Combine(z(a), z(b), b.length)).toBe(z(data));
      expect(crc32Combine(z(a), z(b), b.length, crc32Shift(b.length))).toBe(z(data));
    }
  });
});
