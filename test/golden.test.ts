import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { convertCommand } from "../src/cli/convert-command";
import { caseInputs, compareWithGolden, goldenCases, readDir } from "./golden";

const work = mkdtempSync(join(tmpdir(), "golden-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(goldenCases())("golden case $case", (g) => {
  it("is reproduced exactly into a folder (direct read path where it applies, gzip level 1)", async () => {
    const out = join(work, `${g.case}-dir`);
    await convertCommand({ files: caseInputs(g), out, chunkMb: g.chunk_mb, series: g.series, level: 1 });
    expect(compareWithGolden(g, readDir(out))).toEqual([]);
  });

  it("is reproduced exactly into a zip (h5wasm read path, gzip level 0)", async () => {
    const zip = join(work, `${g.case}.zip`);
    const args = { files: caseInputs(g), zip, chunkMb: g.chunk_mb, series: g.series, level: 0 };
    await convertCommand({ ...args, readPath: "h5wasm" });
    const entries = new Map(Object.entries(unzipSync(new Uint8Array(readFileSync(zip)))));
    expect(compareWithGolden(g, entries)).toEqual([]);
  });
});
