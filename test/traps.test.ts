import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { initH5 } from "../src/core/hdf5/h5";
import { missingFiles } from "../src/core/nwb/missing";
import { NO_SERIES, Session } from "../src/core/session";
import { openNodeSource } from "../src/node/file-source";
import { loadNodePlugin } from "../src/node/plugins";
import { NWB } from "./golden";

// Traps a new user meets (issue 14, item 4), in the core and the CLI; the page's side is e2e/traps.spec.ts.

const run = promisify(execFile);
const CLI = join(import.meta.dirname, "..", "bin", "nwb2pennsieve.mjs");
const work = mkdtempSync(join(tmpdir(), "traps-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, [CLI, ...args], { timeout: 60_000 });
    return { code: 0, stderr };
  } catch (e) {
    const err = e as { code: number; stderr: string };
    return { code: err.code, stderr: err.stderr };
  }
}

async function open(paths: string[]): Promise<Session> {
  const module = await initH5(loadNodePlugin);
  return new Session(
    module,
    paths.map((p) => openNodeSource(p)),
  );
}

describe("a link into a file not opened", () => {
  it("names the missing file, the link and its target as data", async () => {
    const s = await open([join(NWB, "linked_main.nwb")]);
    const [file] = s.files(["linked_main.nwb"]);
    expect(missingFiles(file!.nwb)).toEqual([
      {
        file: "linked_raw.nwb",
        linkFile: "linked_main.nwb",
        link: "/acquisition/LinkedRaw/data",
        target: "/acquisition/Raw/data",
      },
    ]);
    s.close();
  });

  it("is resolved when the set is opened with that file", async () => {
    const s = await open([join(NWB, "linked_main.nwb"), join(NWB, "linked_raw.nwb")]);
    const [main] = s.files(["linked_main.nwb", "linked_raw.nwb"]);
    expect(missingFiles(main!.nwb)).toEqual([]);
    expect(main!.nwb!.series[0]!.problem).toBeNull();
    s.close();
  });
});

// Real files from older pynwb releases; they stay in ../shared and are never committed here.
const BACK_COMPAT = join(import.meta.dirname, "..", "..", "shared", "fixtures", "back_compat");
const oldFiles = existsSync(BACK_COMPAT) ? readdirSync(BACK_COMPAT).filter((f) => f.endsWith(".nwb")) : [];

describe.skipIf(oldFiles.length === 0)("a valid NWB file with no ElectricalSeries", () => {
  it("gets a note, not an error", async () => {
    const s = await open(oldFiles.map((f) => join(BACK_COMPAT, f)));
    const files = s.files(oldFiles);
    expect(files).toHaveLength(21);
    for (const f of files) {
      expect(f.error, f.name).toBeNull();
      expect(f.note, f.name).toBe(NO_SERIES);
    }
    s.close();
  });
});

describe("the CLI checks --chunk-mb and --level by the page's rules", () => {
  const convert = (...args: string[]) =>
    cli("convert", join(NWB, "sine2.nwb"), "--zip", join(work, `${readdirSync(work).length}.zip`), ...args);

  it.each([
    [["--chunk-mb", "0x1"], /^nwb2pennsieve: --chunk-mb: “0x1” is not a number/],
    [["--chunk-mb", ""], /^nwb2pennsieve: --chunk-mb: Enter a chunk size/],
    [["--chunk-mb", "1", "--level", ""], /^nwb2pennsieve: --level: Enter a gzip level from 0 to 9/],
    [["--chunk-mb", "1", "--level", "15"], /^nwb2pennsieve: --level: “15” is not a gzip level/],
  ])("%j is refused in one line", async (args, reason) => {
    const r = await convert(...args);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(reason);
  });

  it("refuses a chunk size making more than 100,000 files per channel before writing any", async () => {
    // sine2 has 200,000 samples per channel: one per 8-byte chunk would be 200,001 files per channel.
    const out = join(work, "tiny");
    const r = await cli("convert", join(NWB, "sine2.nwb"), "--out", out, "--chunk-mb", "0.00001");
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(
      /^nwb2pennsieve: sine2\.nwb: 0\.00001 MB makes 200,001 files per channel of \/acquisition\/TestElectricalSeries \(at most 100,000\)/,
    );
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});
