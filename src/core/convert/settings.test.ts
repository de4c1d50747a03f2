import { describe, expect, it } from "vitest";
import { checkSettings, MAX_FILES_PER_CHANNEL, minFilesPerChannel } from "./settings";

const level = "1";

describe("the conversion settings as typed", () => {
  it.each([
    ["", /Enter a chunk size/],
    ["   ", /Enter a chunk size/],
    ["abc", /“abc” is not a number/],
    ["0x10", /“0x10” is not a number/],
    ["1e999", /is not a number/],
    ["1,5", /“1,5” is not a number/],
    ["0", /more than 0 MiB/],
    ["-1", /more than 0 MiB/],
    ["0.000001", /holds no sample/],
  ])("chunk size %j is refused with a reason", (chunkMb, reason) => {
    const check = checkSettings({ chunkMb, level });
    expect(check.chunkMb).toBeNull();
    expect(check.chunkProblem).toMatch(reason);
    expect(check.levelProblem).toBeNull();
  });

  it.each([
    ["1", 1],
    [" 0.25 ", 0.25],
    [".5", 0.5],
    ["4e-2", 0.04],
  ])("chunk size %j is %d MiB", (chunkMb, value) => {
    expect(checkSettings({ chunkMb, level })).toEqual({
      chunkAdvice: null,
      chunkMb: value,
      level: 1,
      chunkProblem: null,
      levelProblem: null,
    });
  });

  it.each(["", "15", "10", "-1", "1.5", "x", "0x1"])("gzip level %j is refused, never clamped", (text) => {
    const check = checkSettings({ chunkMb: "1", level: text });
    expect(check.level).toBeNull();
    expect(check.levelProblem).toMatch(text === "" ? /Enter a gzip level from 0 to 9/ : /is not a gzip level/);
  });

  it.each(["0", "9", " 5 ", "+3"])("gzip level %j is accepted", (text) => {
    expect(checkSettings({ chunkMb: "1", level: text }).level).toBe(Number(text));
  });

  it("refuses a chunk size making more than 100,000 files per channel, naming the series", () => {
    // 1 sample per chunk (8 bytes): 100,001 rows make 100,001 chunks and a metadata file.
    const tiny = String(8 / 2 ** 20);
    const series = [
      { path: "/acquisition/Small", rows: 10 },
      { path: "/acquisition/Big", rows: 100_001 },
    ];
    expect(minFilesPerChannel(100_001, Number(tiny))).toBe(100_002);
    const check = checkSettings({ chunkMb: tiny, level }, series);
    expect(check.chunkMb).toBeNull();
    expect(check.chunkProblem).toMatch(/makes 100,002 files per channel of \/acquisition\/Big \(at most 100,000\)/);
    // The bound counts: 99,999 rows make exactly 100,000 files.
    expect(checkSettings({ chunkMb: tiny, level }, [{ path: "/a", rows: 99_999 }]).chunkProblem).toBeNull();
    expect(MAX_FILES_PER_CHANNEL).toBe(100_000);
  });

  it("counts a planned series' files exactly (gaps add chunks beyond the bound)", () => {
    const series = [{ path: "/acquisition/Gappy", rows: 10, filesPerChannel: 100_001 }];
    expect(checkSettings({ chunkMb: "1", level }, series).chunkProblem).toMatch(/100,001 files per channel/);
  });

  it("takes a chunk size whose files hold few samples, and says so", () => {
    // 0.0001 MiB: 13 samples per file; 10,000 rows make 770 chunks and a metadata file per channel.
    const check = checkSettings({ chunkMb: "0.0001", level }, [{ path: "/acquisition/Raw", rows: 10_000 }]);
    expect(check.chunkMb).toBe(0.0001);
    expect(check.chunkProblem).toBeNull();
    expect(check.chunkAdvice).toBe(
      "0.0001 MiB holds only 13 samples per file, 771 files per channel: usual chunk sizes are 0.25 to a few MiB.",
    );
    // 1,024 samples (8 KiB) and more pass without a word.
    expect(checkSettings({ chunkMb: String(8192 / 2 ** 20), level }).chunkAdvice).toBeNull();
    expect(checkSettings({ chunkMb: String(8184 / 2 ** 20), level }).chunkAdvice).toMatch(/only 1,023 samples/);
    expect(checkSettings({ chunkMb: "0", level }).chunkAdvice).toBeNull();
  });
});
