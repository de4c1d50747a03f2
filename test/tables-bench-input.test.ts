import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { METRICS, WHERE, writeUnitsFile, type UnitsFileSpec } from "../bench/tables/generate";
import { openTableFiles } from "../src/cli/tables-command";
import { parseCondition } from "../src/core/tables/condition";
import { listTables } from "../src/core/tables/find-tables";
import { TableView } from "../src/core/tables/table-view";

// The tables benchmark's generator (bench/tables/generate.ts), at a small size: what it writes must be the units
// table the benchmark says it is, or its figures measure something else.
const SMALL: UnitsFileSpec = {
  name: "units-small.nwb",
  units: 300,
  spikes: 60_000,
  survivors: 29,
  survivorShare: 0.098,
  chunk: 7_000, // several chunks, the last one partial
  gzipLevel: 4,
  seconds: 60,
  seed: 7,
};

const dir = mkdtempSync(join(tmpdir(), "nwb-tables-bench-input-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the tables benchmark's units file", () => {
  it("is a Units table of a ragged spike_times and ten metrics, and WHERE keeps exactly the chosen units", async () => {
    const path = join(dir, SMALL.name);
    const survivorSpikes = await writeUnitsFile(SMALL, path);
    expect(survivorSpikes / SMALL.spikes).toBeCloseTo(SMALL.survivorShare, 2);
    const { files, close } = await openTableFiles([path]);
    try {
      const { tables } = listTables(files[0]!.file, SMALL.name);
      expect(tables.map((t) => [t.path, t.neurodata_type, t.namespace, t.rows])).toEqual([
        ["/units", "Units", "core", SMALL.units],
      ]);
      const columns = tables[0]!.columns.map((c) => `${c.name}:${c.kind}:${c.dtype}`);
      expect(columns).toEqual([
        "id:scalar:int64",
        "spike_times:ragged:float64",
        ...METRICS.map((m) => `${m}:scalar:float64`),
      ]);

      const all = TableView.open(files, { table: "units", columns: ["spike_times"] });
      const rows = await all.rowsAsync(0, all.count);
      const trains = rows.map((r) => r.spike_times as number[]);
      expect(trains.reduce((n, t) => n + t.length, 0)).toBe(SMALL.spikes);
      // sorted within each unit, inside the recording
      const unsorted = trains.filter((t) => t.some((x, k) => k > 0 && x < t[k - 1]!));
      expect(unsorted).toHaveLength(0);
      expect(Math.max(...trains.map((t) => t.at(-1)!))).toBeLessThan(SMALL.seconds);

      const kept = TableView.open(files, {
        table: "units",
        columns: ["spike_times"],
        where: WHERE.map(parseCondition),
      });
      expect(kept.count).toBe(SMALL.survivors);
      const keptRows = await kept.rowsAsync(0, kept.count);
      expect(keptRows.reduce((n, r) => n + (r.spike_times as number[]).length, 0)).toBe(survivorSpikes);
    } finally {
      close();
    }
  });
});
