import { describe, expect, it } from "vitest";
import { asciiDecodedToUtf8, toText, toTextList } from "./text";

const SAMPLE = "µV – Zürich 日本 €";
const bytes = new TextEncoder().encode(SAMPLE);
/** What h5wasm makes of UTF-8 bytes under the ASCII charset: vlen byte→code point, fixed-length windows-1252. */
const asLatin1 = String.fromCharCode(...bytes);
const asWindows1252 = windows1252(bytes);

/** WHATWG windows-1252 (Node's TextDecoder treats the label as Latin-1, so it is spelled out here). */
function windows1252(data: Uint8Array): string {
  // prettier-ignore
  const high = [
    0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
    0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
  ];
  return String.fromCharCode(...Array.from(data, (b) => (b >= 0x80 && b <= 0x9f ? high[b - 0x80]! : b)));
}

describe("asciiDecodedToUtf8 (spec §2: text is UTF-8 whatever the HDF5 charset)", () => {
  it("the mojibake inputs really differ from the text", () => {
    expect(asLatin1).not.toBe(SAMPLE);
    expect(asWindows1252).not.toBe(SAMPLE);
    expect(asWindows1252).not.toBe(asLatin1); // 0x80–0x9F map to other code points in windows-1252
  });

  it("undoes a Latin-1 decoding", () => {
    expect(asciiDecodedToUtf8(asLatin1)).toBe(SAMPLE);
  });

  it("undoes a windows-1252 decoding, including bytes 0x80–0x9F", () => {
    expect(asciiDecodedToUtf8(asWindows1252)).toBe(SAMPLE);
    // Every byte 0x80–0x9F survives windows-1252 and back (inside a valid UTF-8 sequence).
    for (let b = 0x80; b <= 0xbf; b++) {
      const utf8 = new Uint8Array([0xe2, b, 0x80]); // U+2000..U+2FC0 block: lead E2, two continuation bytes
      const text = new TextDecoder().decode(utf8);
      expect(asciiDecodedToUtf8(windows1252(utf8)), `byte ${b.toString(16)}`).toBe(text);
    }
  });

  it("leaves pure ASCII unchanged", () => {
    expect(asciiDecodedToUtf8("electrode 12 / shank_A")).toBe("electrode 12 / shank_A");
    expect(asciiDecodedToUtf8("")).toBe("");
  });
});

describe("toText", () => {
  it("repairs strings only under the ASCII charset (cset 0)", () => {
    expect(toText(asLatin1, 0)).toBe(SAMPLE);
    expect(toText(SAMPLE, 1)).toBe(SAMPLE);
    expect(toText("plain", 0)).toBe("plain");
  });

  it("prints other values", () => {
    expect(toText(null, 0)).toBe("");
    expect(toText(undefined, 1)).toBe("");
    expect(toText(12, 0)).toBe("12");
    expect(toText(2n ** 60n, 0)).toBe("1152921504606846976");
    expect(toText(true, 0)).toBe("true");
    expect(toText(["a", asLatin1], 0)).toBe(`a, ${SAMPLE}`);
    expect(toText(new Int16Array([1, -2]), 0)).toBe("1, -2");
  });

  it("toTextList keeps lists and wraps single values", () => {
    expect(toTextList(null, 0)).toEqual([]);
    expect(toTextList("Ada", 1)).toEqual(["Ada"]);
    expect(toTextList(["Ada", asLatin1], 0)).toEqual(["Ada", SAMPLE]);
  });
});
