// The real `nwb2pennsieve tables` process on a few cases (the engine itself is tested in-process: tables-*.test.ts).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const TABLES = join(import.meta.dirname, "fixtures", "tables");
const dir = mkdtempSync(join(tmpdir(), "nwb-tables-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tables(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "nwb2pennsieve.mjs"), "tables", ...args], {
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const nwb = (name: string) => join(TABLES, "nwb", name);
const expected = (name: string) => JSON.parse(readFileSync(join(TABLES, "expected", name), "utf8")) as unknown[];

describe("nwb2pennsieve tables", () => {
  it("writes JSON lines to stdout, a skipped file's warning to stderr", () => {
    const r = tables(nwb("session_a.nwb"), nwb("session_b.nwb"), "--table", "trials", "--format", "jsonl");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(expected("sessions_trials_one_lacks.json"));
    expect(r.stderr).toBe("warning: session_b.nwb: has no table /intervals/trials; skipped\n");
  });

  it("writes a JSON array to --out, nothing to stdout", () => {
    const out = join(dir, "units.json");
    const r = tables(
      nwb("units_full.nwb"),
      "--table",
      "units",
      "--columns",
      "snr,quality",
      "--where",
      "snr > 2.5",
      "--out",
      out,
    );
    expect([r.code, r.stdout, r.stderr]).toEqual([0, "", ""]);
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(expected("units_full_units_where_snr.json"));
  });

  it("writes Parquet (one row group per file) and CSV through the export writers", async () => {
    const out = join(dir, "units.parquet");
    const args = [nwb("session_a.nwb"), nwb("session_b.nwb"), "--table", "units", "--columns", "snr,quality"];
    const r = tables(...args, "--format", "parquet", "--out", out);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, "", ""]);
    const bytes = readFileSync(out);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const metadata = parquetMetadata(file);
    expect(metadata.row_groups.length).toBe(2);
    const rows = await parquetReadObjects({ file });
    const want = expected("sessions_units.json").map((row) => {
      const { _nwb_path, _table_path, _table_index, id, snr, quality } = row as Record<string, unknown>;
      return {
        _nwb_path,
        _table_path,
        _table_index: BigInt(_table_index as number),
        id: BigInt(id as number),
        snr,
        quality,
      };
    });
    expect(rows).toEqual(want);

    const csv = tables(...args, "--format", "csv");
    expect(csv.code).toBe(0);
    const lines = csv.stdout.split("\r\n");
    expect(lines[0]).toBe("_nwb_path,_table_path,_table_index,id,snr,quality");
    expect(lines.length).toBe(2 + want.length); // header, rows, the empty field after the last CRLF
  });

  it("fails with one line naming the file and exit 1", () => {
    const r = tables(nwb("session_b.nwb"), "--table", "trials");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("nwb2pennsieve: session_b.nwb: no table /intervals/trials\n");
  });
});
