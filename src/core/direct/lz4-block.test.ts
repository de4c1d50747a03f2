import { describe, expect, it } from "vitest";
import { decodeLz4Block } from "./lz4-block";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe("decodeLz4Block", () => {
  it("decodes literals, matches, a run that overlaps what it writes, and long lengths", () => {
    // "abcabcabcabc" + 20 × "x" + "end": literals "abc", a match of 9 at offset 3 (overlapping); literal "x", a match
    // of 19 at offset 1 (15 + 4 in the token, 0 more); the last literals.
    const block = Uint8Array.from([
      0x35,
      0x61,
      0x62,
      0x63,
      0x03,
      0x00, // 3 literals, match 5 + 4 = 9 at offset 3
      0x1f,
      0x78,
      0x01,
      0x00,
      0x00, // 1 literal, match 15 + 0 + 4 = 19 at offset 1
      0x30,
      0x65,
      0x6e,
      0x64, // the last literals
    ]);
    expect(text(decodeLz4Block(block, 35))).toBe(`abcabcabcabc${"x".repeat(20)}end`);
  });

  it("takes literal lengths of 15 and more", () => {
    const literals = new Uint8Array(300).fill(0x41);
    const block = Uint8Array.from([0xf0, 255, 300 - 15 - 255, ...literals]);
    expect(decodeLz4Block(block, 300)).toEqual(literals);
  });

  it("refuses damaged blocks instead of reading or writing outside them", () => {
    const bad = [
      [0x35, 0x61, 0x62, 0x63, 0x00, 0x00], // offset 0
      [0x35, 0x61, 0x62, 0x63, 0x04, 0x00, 0x00], // offset before the start of the output
      [0x50, 0x61, 0x62], // literals past the end of the input
      [0xf0, 255], // a length that never ends
      [0x35, 0x61, 0x62, 0x63, 0x03], // half an offset
    ];
    for (const b of bad) expect(() => decodeLz4Block(Uint8Array.from(b), 64), String(b)).toThrow("damaged LZ4 data");
    // More output than the block may decode to.
    expect(() => decodeLz4Block(Uint8Array.from([0x35, 0x61, 0x62, 0x63, 0x03, 0x00]), 8)).toThrow("damaged");
  });
});
