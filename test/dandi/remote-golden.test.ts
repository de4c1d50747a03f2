// Every golden case read over HTTP from the DANDI stand-in (a process of its own: HDF5's synchronous reads block
// this thread) and converted exactly: by URL, and through the DANDI API (--dandiset/--asset) under injected faults.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { convertCommand } from "../../src/cli/convert-command";
import { resolveInputs } from "../../src/cli/remote-inputs";
import { openRemoteFile } from "../../src/node/remote-file";
import { caseInputs, compareWithGolden, goldenCases, readDir } from "../golden";
import { startStandInProcess, type StandInProcess } from "./process";

const cases = goldenCases();
const inputs = [...new Set(cases.flatMap(caseInputs))];
const work = mkdtempSync(join(tmpdir(), "remote-golden-"));
let standIn: StandInProcess;

beforeAll(async () => {
  process.env.NWB2PENNSIEVE_BACKOFF_MS = "10";
  standIn = await startStandInProcess({
    files: Object.fromEntries(inputs.map((p) => [basename(p), p])),
    // Each case is an asset of its own folder, beside the files opened with it (DANDI paths have folders).
    dandisets: {
      "000123": { published: "0.240101.0000", assets: inputs.map((p) => ({ path: `sub-x/${basename(p)}`, file: p })) },
    },
    // Short enough that signed URLs expire during a conversion and are asked for again.
    signedTtlMs: 500,
  });
});
afterAll(() => {
  standIn.close();
  rmSync(work, { recursive: true, force: true });
});

describe.each(cases)("golden case $case over HTTP", (g) => {
  it("by URL: exact, with requests to the file host only", async () => {
    await standIn.reset();
    const out = join(work, `${g.case}-url`);
    const files = caseInputs(g).map((p) => standIn.url(basename(p)));
    await convertCommand({ files, out, chunkMb: g.chunk_mb, series: g.series, level: 1 });
    expect(compareWithGolden(g, readDir(out))).toEqual([]);
    expect(Object.keys((await standIn.state()).requests)).toEqual([standIn.fileHost]);
  });

  it("through the DANDI API, under 503s, dropped connections, short bodies and expired signatures: exact", async () => {
    await standIn.reset();
    const { files, names } = await resolveInputs("convert", [], {
      dandiset: "000123",
      asset: caseInputs(g).map((p) => `sub-x/${basename(p)}`),
      "dandi-api": standIn.api,
    });
    // Four failures in a row (fewer than the six tries), each a different way.
    await standIn.inject(["503", "drop", "short", "expired"]);
    const zip = join(work, `${g.case}.zip`);
    // The h5wasm read path: samples too come through the synchronous side (the fetch thread).
    const args = { files, names, zip, chunkMb: g.chunk_mb, series: g.series, level: 0, readPath: "h5wasm" as const };
    await convertCommand(args);
    const entries = new Map(Object.entries(unzipSync(new Uint8Array(readFileSync(zip)))));
    expect(compareWithGolden(g, entries)).toEqual([]);
    const state = await standIn.state();
    expect(state.faultsLeft).toBe(0);
    expect(Object.keys(state.requests).sort()).toEqual([standIn.apiHost, standIn.fileHost].sort());
  });
});

describe("HDF5's synchronous reads over HTTP (the fetch thread)", () => {
  it("survive faults spread over a conversion: every third request fails, each way in turn", async () => {
    const g = cases.find((c) => c.case === "sine2_256k")!;
    await standIn.reset();
    const faults = ["503", "drop", "short", "expired"] as const;
    const { files, names } = await resolveInputs("convert", [], {
      dandiset: "000123/0.240101.0000",
      asset: [`sub-x/${g.input}`],
      "dandi-api": standIn.api,
    });
    await standIn.inject([...faults, ...faults], 3);
    const out = join(work, "sync-faults");
    await convertCommand({ files, names, out, chunkMb: g.chunk_mb, series: g.series, level: 1, readPath: "h5wasm" });
    expect(compareWithGolden(g, readDir(out))).toEqual([]);
    const state = await standIn.state();
    expect(state.faultsLeft).toBeLessThan(8); // all played when the conversion made 24 requests or more
  });

  it("gather scattered small reads in one batch, a request per missing run, and answer them from the cache after", async () => {
    const g = cases.find((c) => c.case === "sine2_256k")!;
    const bytes = readFileSync(caseInputs(g)[0]!);
    const source = await openRemoteFile(standIn.url(g.input));
    await standIn.reset();
    const places = [2_700_000, 1_300_000, 1_300_100, 2_000_000, 500]; // two in one block, one in the head read
    source.gather!(places.map((p) => [p, 64]));
    expect(source.syncRequests).toBe(3);
    expect((await standIn.state()).rangeRequests).toBe(3);
    for (const p of places) {
      const got = new Uint8Array(64);
      expect(source.read(p, 64, got)).toBe(64);
      expect(Buffer.compare(got, bytes.subarray(p, p + 64))).toBe(0);
    }
    expect(source.syncRequests).toBe(3);
  });
});
