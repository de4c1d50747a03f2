import { randomBytes } from "node:crypto";
import { crc32, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32 as pageCrc32 } from "../sink/crc32";
import { checkLevel, pageGzip, storedGzip } from "./gzip";

const zlibCrc = (d: Uint8Array, seed?: number) => crc32(d, seed);
const data = (n: number) => new Uint8Array(randomBytes(n));

describe("storedGzip: one RFC 1952 member of stored deflate blocks", () => {
  it.each([0, 1, 65_535, 65_536, 200_000])("%i bytes decompress to the input", (n) => {
    const input = data(n);
    const gz = storedGzip(input, zlibCrc);
    expect(Buffer.from(gunzipSync(gz)).equals(Buffer.from(input))).toBe(true);
    // header: magic, deflate, no flags; 5 bytes of framing per ≤ 65,535-byte block; CRC-32 and ISIZE trailer
    expect(Array.from(gz.subarray(0, 4))).toEqual([0x1f, 0x8b, 8, 0]);
    expect(gz.length).toBe(10 + 5 * Math.max(1, Math.ceil(n / 65_535)) + n + 8);
    const trailer = new DataView(gz.buffer, gz.byteOffset + gz.length - 8);
    expect(trailer.getUint32(0, true)).toBe(crc32(input));
    expect(trailer.getUint32(4, true)).toBe(n);
  });

  it("reads an input view at an offset", () => {
    const input = data(70_000).subarray(3, 66_003);
    expect(Buffer.from(gunzipSync(storedGzip(input, pageCrc32))).equals(Buffer.from(input))).toBe(true);
  });
});

describe("pageGzip", () => {
  it.each([0, 1, 6, 9])("level %i gives a valid gzip of the input", async (level) => {
    const input = new TextEncoder().encode("abc".repeat(30_000));
    const gz = await pageGzip(pageCrc32)(input, level);
    expect(Buffer.from(gunzipSync(gz)).equals(Buffer.from(input))).toBe(true);
    if (level > 0) expect(gz.length).toBeLessThan(input.length / 10);
  });
});

describe("checkLevel", () => {
  it("accepts 0–9 and refuses anything else", () => {
    expect(checkLevel(0)).toBe(0);
    expect(checkLevel(9)).toBe(9);
    for (const bad of [-1, 10, 1.5, NaN]) expect(() => checkLevel(bad)).toThrow(/0–9/);
  });
});
