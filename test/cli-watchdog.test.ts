// The CLI as a user runs it (a real process): damaged files end in one plain line, a file on which the HDF5
// library loops is given up on after the deadline, good files still convert exactly.
import { execFile, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { caseInputs, compareWithGolden, goldenCases, NWB, readDir } from "./golden";

const CLI = join(import.meta.dirname, "..", "bin", "nwb2pennsieve.mjs");
const work = mkdtempSync(join(tmpdir(), "nwb-watchdog-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** From the sources through tsx, as bin/nwb2pennsieve.mjs runs them where it cannot make its bundle. */
const FROM_SOURCES = ["--import", "tsx", join(import.meta.dirname, "..", "src", "cli", "main.ts")];

function cli(args: string[], env: Record<string, string> = {}, entry = [CLI]): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, [...entry, ...args], { env: { ...process.env, ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  // A hang must fail the test, not the whole run.
  const limit = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(limit);
      resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 });
    }),
  );
}

/** blosc16.nwb with one 4 KiB block zeroed: block 47 breaks the global heap, block 48 makes HDF5 loop forever. */
function blosc16WithZeroBlock(block: number): string {
  const bytes = new Uint8Array(readFileSync(join(NWB, "blosc16.nwb")));
  bytes.fill(0, block * 4096, (block + 1) * 4096);
  const path = join(work, `blosc16-zero${block}.nwb`);
  writeFileSync(path, bytes);
  return path;
}

const DEADLINE = { NWB2PENNSIEVE_DEADLINE_S: "2" };
/** Start-up and the watchdog's once-a-second check, on a loaded machine. */
const SLACK_S = 12;

describe("a file on which the HDF5 library loops", () => {
  const looping = blosc16WithZeroBlock(48);
  const stopped =
    /^nwb2pennsieve: blosc16-zero48\.nwb: could not be read: the HDF5 library stopped responding while reading its structure \(no progress in \d+ s\); the file is probably damaged\n$/;

  it.each([
    ["inspect", [looping]],
    ["convert", [looping, "--out", join(work, "looping-out"), "--chunk-mb", "1"]],
    ["convert --zip", [looping, "--zip", join(work, "looping.zip"), "--chunk-mb", "1"]],
  ])("%s: exit 1 with one line within the deadline, no output left", async (command, args) => {
    const r = await cli([command.split(" ")[0]!, ...args], DEADLINE);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(stopped);
    expect(r.stdout).toBe("");
    expect(r.seconds).toBeGreaterThanOrEqual(2);
    expect(r.seconds).toBeLessThan(2 + SLACK_S);
    const out = join(work, "looping-out");
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    expect(existsSync(join(work, "looping.zip")) || existsSync(join(work, "looping.zip.partial"))).toBe(false);
  });

  it("tables: names the file it was reading when HDF5 stopped, not the first one given", async () => {
    const good = join(import.meta.dirname, "fixtures", "tables", "nwb", "session_a.nwb");
    const r = await cli(["tables", good, looping, "--list"], DEADLINE);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(stopped);
    expect(r.stdout).toBe("");
    expect(r.seconds).toBeLessThan(2 + SLACK_S);
  });

  it("upload: the same, before anything is sent", async () => {
    // No server is reached: the file is read (and given up on) before the upload starts.
    const r = await cli(
      ["upload", looping, "--chunk-mb", "1", "--dataset", "N:dataset:1", "--package", "N:package:1"],
      {
        ...DEADLINE,
        PENNSIEVE_API_KEY: "key",
        PENNSIEVE_API_SECRET: "secret",
        PENNSIEVE_API_HOST: "http://127.0.0.1:9",
        PENNSIEVE_API_HOST2: "http://127.0.0.1:9",
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(stopped);
  });

  it("the same from the sources (tsx fallback: the worker registers tsx itself)", async () => {
    const r = await cli(["inspect", looping], DEADLINE, FROM_SOURCES);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(stopped);
    const good = await cli(["inspect", join(NWB, "sine2.nwb")], DEADLINE, FROM_SOURCES);
    expect(good.stderr).toBe("");
    expect(good.stdout).toMatch(/^sine2\.nwb +3\.40 MB +NWB 2\.6\.0\n/);
  });

  it("the deadline setting is checked", async () => {
    const r = await cli(["inspect", join(NWB, "sine2.nwb")], { NWB2PENNSIEVE_DEADLINE_S: "soon" });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('nwb2pennsieve: NWB2PENNSIEVE_DEADLINE_S must be a positive number of seconds, got "soon"\n');
  });
});

describe("an HDF5 error", () => {
  it("is one plain line naming the file (was only 'HDF5-DIAG: Error detected in HDF5 (2.0.0):')", async () => {
    const damaged = blosc16WithZeroBlock(47);
    for (const args of [
      ["inspect", damaged],
      ["convert", damaged, "--out", join(work, "heap-out"), "--chunk-mb", "1"],
    ]) {
      const r = await cli(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        "nwb2pennsieve: blosc16-zero47.nwb: damaged: the global heap (where variable-length strings are kept) has a wrong signature\n",
      );
    }
  });

  it("a damaged compressed chunk is called damaged, not a missing filter", async () => {
    // The first LZ4 chunk starts at byte 6080 (test/fuzz/chunks.ts lists them): its header overwritten. (Not a
    // Blosc chunk: those are read directly now, not through HDF5; see test/blosc.test.ts for theirs.)
    const bytes = new Uint8Array(readFileSync(join(NWB, "lz4_16.nwb")));
    bytes.fill(0xff, 6080, 6096);
    const path = join(work, "chunk.nwb");
    writeFileSync(path, bytes);
    const r = await cli(["convert", path, "--out", join(work, "chunk-out"), "--chunk-mb", "1"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "nwb2pennsieve: chunk.nwb: cannot read /acquisition/ElectricalSeries/data rows 0–40000: damaged: a compressed chunk cannot be decoded (the lz4 filter failed on it)\n",
    );
    expect(readdirSync(join(work, "chunk-out"))).toEqual([]);
  });
});

describe("series outside /acquisition", () => {
  /** starting.nwb with its only ElectricalSeries at /processing/ecephys/LFP (the /acquisition one made a TimeSeries). */
  async function seriesUnderProcessing(): Promise<string> {
    const h5wasm = (await import("h5wasm/node")).default;
    await h5wasm.ready;
    const path = join(work, "processed.nwb");
    copyFileSync(join(NWB, "starting.nwb"), path);
    const f = new h5wasm.File(path, "a");
    const late = f.get("/acquisition/Late") as InstanceType<typeof h5wasm.Group>;
    const lfp = (f.get("/processing") as InstanceType<typeof h5wasm.Group>).create_group("ecephys").create_group("LFP");
    for (const name of late.keys()) lfp.create_hard_link(`/acquisition/Late/${name}`, name);
    for (const [name, a] of Object.entries(late.attrs)) lfp.create_attribute(name, a.value as string);
    late.delete_attribute("neurodata_type");
    late.create_attribute("neurodata_type", "TimeSeries");
    f.close();
    return path;
  }

  it("are listed, with how to pick them, when nothing in /acquisition converts", async () => {
    const path = await seriesUnderProcessing();
    const out = join(work, "processed-out");
    const r = await cli(["convert", path, "--out", out, "--chunk-mb", "1"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "nwb2pennsieve: processed.nwb: no ElectricalSeries in /acquisition to convert; found one elsewhere: " +
        "/processing/ecephys/LFP; pick with --series <path>, e.g. --series /processing/ecephys/LFP\n",
    );
    const picked = await cli(["convert", path, "--out", out, "--chunk-mb", "1", "--series", "/processing/ecephys/LFP"]);
    expect(picked.stderr).toBe("");
    expect(picked.code).toBe(0);
    expect(readdirSync(out)).toContain("channel-00000.metadata.json");
  });
});

describe("good files through the CLI process (its HDF5 thread)", () => {
  const run = promisify(execFile);
  it.each(goldenCases().map((g) => [g.case, g] as const))("%s converts exactly", async (_, g) => {
    const out = join(work, `golden-${g.case}`);
    const series = g.series.flatMap((s) => ["--series", s]);
    await run(process.execPath, [
      CLI,
      "convert",
      ...caseInputs(g),
      "--out",
      out,
      "--chunk-mb",
      String(g.chunk_mb),
      ...series,
    ]);
    expect(compareWithGolden(g, readDir(out))).toEqual([]);
  });
});
