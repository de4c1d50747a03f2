import { describe, expect, it } from "vitest";
import { visibleParts, visibleText } from "./visible-text";

describe("visibleText", () => {
  it("leaves ordinary names alone, whatever their script", () => {
    for (const s of ["acquisition", "ElectricalSeries_1", "données brutes", "電極", "שלום", "a b", "😀", "C:\\data"])
      expect(visibleText(s)).toBe(s);
  });

  it("escapes right-to-left overrides, embeddings and isolates", () => {
    expect(visibleText("invoice\u202Efdp.exe")).toBe("invoice\\u{202E}fdp.exe");
    for (const c of [0x202a, 0x202b, 0x202c, 0x202d, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c])
      expect(visibleText(`a${String.fromCodePoint(c)}b`)).toBe(`a\\u{${c.toString(16).toUpperCase()}}b`);
  });

  it("escapes newlines, tabs, returns and ANSI escapes so that a name stays on one line", () => {
    expect(visibleText("two\nlines\r\tx")).toBe("two\\nlines\\r\\tx");
    expect(visibleText("\u001b[31mred\u001b[0m")).toBe("\\u{1B}[31mred\\u{1B}[0m");
    expect(visibleText("nul\u0000del\u007fc1\u0085")).toBe("nul\\u{00}del\\u{7F}c1\\u{85}");
  });

  it("escapes zero-width and other invisible characters", () => {
    expect(visibleText("zero\u200Bwidth\u200C\u200D\u2060\uFEFF\u00AD")).toBe(
      "zero\\u{200B}width\\u{200C}\\u{200D}\\u{2060}\\u{FEFF}\\u{AD}",
    );
    expect(visibleText("\u3164\u2028\u2029")).toBe("\\u{3164}\\u{2028}\\u{2029}");
    expect(visibleText("tag\u{E0041}")).toBe("tag\\u{E0041}");
    expect(visibleText("lone\uD800")).toBe("lone\\u{D800}");
  });
});

describe("visibleParts", () => {
  it("marks escapes apart from literal text, so a literal backslash-u cannot pass for one", () => {
    expect(visibleParts("a\u202Eb\\u{202E}")).toEqual([
      { text: "a", escaped: false },
      { text: "\\u{202E}", escaped: true },
      { text: "b\\u{202E}", escaped: false },
    ]);
  });

  it("keeps newlines and tabs for wrapped long texts when asked, escaping the rest", () => {
    expect(visibleParts("a\nb\tc\u202E", true)).toEqual([
      { text: "a\nb\tc", escaped: false },
      { text: "\\u{202E}", escaped: true },
    ]);
  });

  it("joins back to visibleText", () => {
    const s = "x\u0000y\u202Ez\n";
    expect(
      visibleParts(s)
        .map((p) => p.text)
        .join(""),
    ).toBe(visibleText(s));
  });
});
