import { describe, expect, it } from "vitest";
import { textBlocks } from "./text-blocks";

describe("textBlocks", () => {
  it("keeps a short text as one block", () => {
    expect(textBlocks("")).toEqual([""]);
    expect(textBlocks("abc", 3)).toEqual(["abc"]);
  });

  it("cuts a text without line breaks every `size` characters, and the blocks join back into it", () => {
    const text = "0123456789".repeat(10) + "xyz";
    const blocks = textBlocks(text, 16, 4);
    expect(blocks.slice(0, -1).every((b) => b.length === 16)).toBe(true);
    expect(blocks.join("")).toBe(text);
    expect(blocks).toHaveLength(7);
  });

  it("ends a block after the last line break near its end", () => {
    const text = "first line\nsecond\nthird line that runs on";
    // The break at 10 lies within 8 of 16; the next, at 17, lies 10 back from 27: a cut at 27 instead.
    expect(textBlocks(text, 16, 8)).toEqual(["first line\n", "second\nthird lin", "e that runs on"]);
    expect(textBlocks(text, 16, 12)).toEqual(["first line\n", "second\n", "third line that ", "runs on"]);
  });

  it("never parts a surrogate pair", () => {
    const text = "abc\u{1F600}def"; // the emoji is code units 3 and 4
    const blocks = textBlocks(text, 4, 0);
    expect(blocks[0]).toBe("abc\u{1F600}");
    expect(blocks.join("")).toBe(text);
  });
});
