import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { NWB } from "./golden";

const run = promisify(execFile);
const CLI = join(import.meta.dirname, "..", "bin", "nwb2pennsieve.mjs");
const work = mkdtempSync(join(tmpdir(), "bad-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(work, name);
  writeFileSync(path, bytes);
  return path;
}

const sine = readFileSync(join(NWB, "sine2.nwb"));

describe("convert on bad input", () => {
  const cases: [string, () => string, RegExp][] = [
    ["not HDF5", () => file("notes.nwb", "just some text, not HDF5\n".repeat(100)), /notes\.nwb: not an HDF5 file/],
    ["empty", () => file("empty.nwb", new Uint8Array(0)), /empty\.nwb: the file is empty/],
    ["truncated", () => file("cut.nwb", sine.subarray(0, 100_000)), /cut\.nwb: the file is truncated/],
    ["missing", () => join(work, "nowhere.nwb"), /nowhere\.nwb: no such file/],
  ];
  it.each(cases)("%s: exits non-zero with one line naming the file, and leaves no output", async (_, make, reason) => {
    const input = make();
    const out = join(work, `out-${readdirSync(work).length}`);
    const r = await cli("convert", input, "--out", out, "--chunk-mb", "1");
    expect(r.code).not.toBe(0);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(reason);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it("HDF5 but not NWB: names the file and says so", async () => {
    const h5wasm = (await import("h5wasm/node")).default;
    await h5wasm.ready;
    const path = join(work, "plain.h5");
    const f = new h5wasm.File(path, "w");
    f.create_dataset({ name: "x", data: new Float64Array([1, 2, 3]) });
    f.close();
    const zip = join(work, "plain.zip");
    const r = await cli("convert", path, "--zip", zip, "--chunk-mb", "1");
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^nwb2pennsieve: plain\.h5: this is an HDF5 file but not an NWB file/);
    expect(existsSync(zip) || existsSync(`${zip}.partial`)).toBe(false);
  });

  it("a missing external-link target is named", async () => {
    const r = await cli("convert", join(NWB, "linked_main.nwb"), "--out", join(work, "linked"), "--chunk-mb", "1");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/linked_main\.nwb: .*linked_raw\.nwb, which was not opened with it/);
  });

  it("an incomplete family is named", async () => {
    const r = await cli(
      "convert",
      join(NWB, "family_0.nwb"),
      join(NWB, "family_2.nwb"),
      "--out",
      join(work, "fam"),
      "--chunk-mb",
      "1",
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/family_0\.nwb: family member family_1\.nwb is missing/);
  });

  it("an unknown series is named", async () => {
    const r = await cli(
      "convert",
      join(NWB, "sine2.nwb"),
      "--out",
      join(work, "s"),
      "--chunk-mb",
      "1",
      "--series",
      "/acquisition/Nope",
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sine2\.nwb: no ElectricalSeries at \/acquisition\/Nope/);
  });
});
