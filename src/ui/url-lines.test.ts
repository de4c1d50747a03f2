import { describe, expect, it } from "vitest";
import { parseUrlLines } from "./url-lines";

describe('the lines of "NWB file URLs"', () => {
  it("gives each http(s) URL with the name its panel goes by, blank lines skipped", () => {
    const { entries, bad } = parseUrlLines(" https://h.org/a/b%20c.nwb \n\nhttp://127.0.0.1:8/x/linked_main.nwb?v=1\n");
    expect(bad).toEqual([]);
    expect(entries).toEqual([
      { url: "https://h.org/a/b%20c.nwb", name: "b c.nwb" },
      { url: "http://127.0.0.1:8/x/linked_main.nwb?v=1", name: "linked_main.nwb" },
    ]);
  });

  it("says which lines are not URLs the page can read, and why", () => {
    const { entries, bad } = parseUrlLines(
      "ftp://h.org/a.nwb\nhttps://h.org/ok.nwb\nfile.nwb\nhttps://h.org/\njavascript:alert(1)",
    );
    expect(entries.map((e) => e.name)).toEqual(["ok.nwb"]);
    expect(bad).toEqual([
      { line: 1, text: "ftp://h.org/a.nwb", reason: "is not an http or https URL" },
      { line: 3, text: "file.nwb", reason: "is not a URL" },
      { line: 4, text: "https://h.org/", reason: "names no file (it ends in /)" },
      { line: 5, text: "javascript:alert(1)", reason: "is not an http or https URL" },
    ]);
  });
});
