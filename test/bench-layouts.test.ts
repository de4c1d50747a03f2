// The layouts the benchmark grows (bench/layout-files.ts) must be the ones the writers make: issue 16's table.
import { describe, expect, it } from "vitest";
import { resizeColumn } from "../bench/grow";
import { hdmfGenericChunks, LAYOUT_FILES, neuroconvChunks } from "../bench/layout-files";

describe("bench layouts", () => {
  it("NeuroConv's ElectricalSeries chunks: ~10 MB of at most 64 channels, capped at the frame count", () => {
    expect(neuroconvChunks(600_000, 384, 2)).toEqual([78125, 64]);
    expect(neuroconvChunks(180_000, 1536, 2)).toEqual([78125, 64]);
    expect(neuroconvChunks(50_000, 32, 2)).toEqual([50_000, 32]);
  });

  it("hdmf's generic chunks keep the aspect ratio: long narrow chunks for a long (T, C) array", () => {
    expect(hdmfGenericChunks([1_800_000, 128], 2)).toEqual([253116, 18]);
  });

  it("the issue's layouts, each a distinct file", () => {
    const byId = new Map(LAYOUT_FILES.map((f) => [f.id, f]));
    expect(byId.size).toBe(LAYOUT_FILES.length);
    expect(byId.get("FW384-int16-gzip-20s")?.chunks).toEqual([5461, 384]);
    expect(byId.get("NC384-int16-blosc-20s")?.filter?.opts).toEqual([0, 0, 0, 0, 5, 1, 5]);
    expect(byId.get("B2-float64-contig-960MB")?.chunks).toBeNull();
  });

  it("electrode columns for another width: counters go on counting, other values repeat", () => {
    expect(resizeColumn([0n, 1n, 2n], 5)).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect(resizeColumn(["AP0", "AP1", "AP2"], 4)).toEqual(["AP0", "AP1", "AP2", "AP3"]);
    expect(resizeColumn([1, 1, 1], 4)).toEqual([1, 1, 1, 1]);
    expect(resizeColumn(["a", "b", "c"], 2)).toEqual(["a", "b"]);
    expect(resizeColumn([0, 1, 2, 3], 2)).toEqual([0, 1]);
  });
});
