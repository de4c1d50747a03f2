// The real `nwb2pennsieve` process reading from the DANDI stand-in: by URL, through --dandiset/--asset, a table by
// URL, and the refusals (no range support, a missing file, a missing asset), each one line naming the URL.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseInputs, compareWithGolden, goldenCases, readDir } from "../golden";
import { startStandInProcess, type StandInProcess } from "./process";

const ROOT = join(import.meta.dirname, "..", "..");
const TABLES = join(ROOT, "test", "fixtures", "tables");
const golden = (name: string) => goldenCases().find((c) => c.case === name)!;
const linked = golden("linked_main_64k");
const family = golden("family_64k");
const work = mkdtempSync(join(tmpdir(), "remote-cli-"));
let standIn: StandInProcess;
let noRanges: StandInProcess;

beforeAll(async () => {
  const files = [...caseInputs(linked), ...caseInputs(family), join(TABLES, "nwb", "units_full.nwb")];
  [standIn, noRanges] = await Promise.all([
    startStandInProcess({
      files: Object.fromEntries(files.map((p) => [basename(p), p])),
      dandisets: { "000042": { assets: caseInputs(family).map((p) => ({ path: `sub-f/${basename(p)}`, file: p })) } },
    }),
    startStandInProcess({ files: { "units_full.nwb": files.at(-1)! }, noRanges: true }),
  ]);
});
afterAll(() => {
  standIn.close();
  noRanges.close();
  rmSync(work, { recursive: true, force: true });
});

/** Runs the CLI without blocking this thread (the stand-in answers from its own process anyway). */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return cliWith({}, ...args);
}

function cliWith(env: Record<string, string>, ...args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, "bin", "nwb2pennsieve.mjs"), ...args], {
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("nwb2pennsieve over HTTP", () => {
  it("converts by URL, an external link resolved by name among the URLs given", async () => {
    const out = join(work, "linked");
    const urls = caseInputs(linked).map((p) => standIn.url(basename(p)));
    const r = await cli("convert", ...urls, "--out", out, "--chunk-mb", String(linked.chunk_mb));
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toMatch(/^linked_main\.nwb: 1 series, 3 channels → 15 files/);
    expect(compareWithGolden(linked, readDir(out))).toEqual([]);
  });

  it("finds family members and external-link targets beside a URL given alone, on its host only", async () => {
    await standIn.reset();
    for (const g of [linked, family]) {
      const out = join(work, `${g.case}-alone`);
      const r = await cli("convert", standIn.url(g.input), "--out", out, "--chunk-mb", String(g.chunk_mb));
      expect([r.code, r.stderr]).toEqual([0, ""]);
      expect(compareWithGolden(g, readDir(out))).toEqual([]);
    }
    expect(Object.keys((await standIn.state()).requests)).toEqual([standIn.fileHost]);
  });

  it("converts DANDI assets (a family) through --dandiset/--asset/--dandi-api, with the draft as the version", async () => {
    await standIn.reset();
    const zip = join(work, "family.zip");
    const assets = caseInputs(family).flatMap((p) => ["--asset", `sub-f/${basename(p)}`]);
    const args = ["--dandiset", "000042", ...assets, "--dandi-api", standIn.api, "--zip", zip];
    const r = await cli("convert", ...args, "--chunk-mb", String(family.chunk_mb), "--level", "0");
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toMatch(/^family_0\.nwb: /);
    expect(compareWithGolden(family, new Map(Object.entries(unzipSync(readFileSync(zip)))))).toEqual([]);
    const hosts = Object.keys((await standIn.state()).requests).sort();
    expect(hosts).toEqual([standIn.apiHost, standIn.fileHost].sort());
  });

  it("reads a table by URL exactly as from disk", async () => {
    const r = await cli("tables", standIn.url("units_full.nwb"), "--table", "units");
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const want = JSON.parse(readFileSync(join(TABLES, "expected", "units_full_units.json"), "utf8")) as unknown;
    expect(JSON.parse(r.stdout)).toEqual(want);
  });

  it("inspects by URL, the file named by the URL's last segment", async () => {
    const r = await cli("inspect", standIn.url("linked_main.nwb"), "--json");
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { name: string }[])[0]!.name).toBe("linked_main.nwb");
  });

  it("waits for a slow link without the watchdog taking it for a damaged file", async () => {
    // Every answer takes 4 s, past the 2 s deadline; sine2's structure reaches past the first MiB (a blocking read).
    const file = join(ROOT, "test", "fixtures", "nwb", "sine2.nwb");
    const slow = await startStandInProcess({ files: { "sine2.nwb": file }, latencyMs: 4000 });
    try {
      const r = await cliWith({ NWB2PENNSIEVE_DEADLINE_S: "2" }, "inspect", slow.url("sine2.nwb"));
      expect([r.code, r.stderr]).toEqual([0, ""]);
      expect((await slow.state()).rangeRequests).toBeGreaterThan(1);
    } finally {
      slow.close();
    }
  });

  it("refuses a server without range support, a missing file and a missing asset: one line, exit 1", async () => {
    const url = noRanges.url("units_full.nwb");
    const refused = await cli("inspect", url);
    expect([refused.code, refused.stdout, refused.stderr]).toEqual([
      1,
      "",
      `nwb2pennsieve: ${url}: the server does not support range requests (it answered 200 to a Range request)\n`,
    ]);
    const missing = standIn.url("nope.nwb");
    const gone = await cli("tables", missing, "--list");
    expect([gone.code, gone.stderr]).toEqual([1, `nwb2pennsieve: ${missing}: the server answered 404 (not found)\n`]);
    const asset = await cli("inspect", "--dandiset", "000042", "--asset", "sub-f/nope.nwb", "--dandi-api", standIn.api);
    expect([asset.code, asset.stderr]).toEqual([
      1,
      "nwb2pennsieve: dandiset 000042/draft: no asset at sub-f/nope.nwb\n",
    ]);
  });
});
