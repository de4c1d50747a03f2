import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { convertCommand } from "../src/cli/convert-command";
import { initH5 } from "../src/core/hdf5/h5";
import type { RowReader } from "../src/core/hdf5/rows";
import type { DatasetLocation } from "../src/core/nwb/model";
import { h5Rows } from "../src/core/open-rows";
import { estimateZip, SAMPLE_FILES, SAMPLE_ROWS } from "../src/core/receive/size-estimate";
import { Session } from "../src/core/session";
import { openNodeSource } from "../src/node/file-source";
import { loadNodePlugin } from "../src/node/plugins";
import { zlibGzip } from "../src/node/zlib-gzip";
import { goldenChannel, receiveCases, type ReceiveCase } from "./receive-cases";

const work = mkdtempSync(join(tmpdir(), "receive-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function open(g: ReceiveCase): Promise<Session> {
  return new Session(await initH5(loadNodePlugin), g.paths.map(openNodeSource));
}

describe.each(receiveCases())("what Pennsieve will receive, golden case $case", (g) => {
  it("lists every channel with the names, groups, rates and times of the golden metadata", async () => {
    const s = await open(g);
    try {
      const listed = s.receivedChannels(g.input, g.series, g.chunk_mb);
      expect(Object.fromEntries(listed.map((c) => [c.file, goldenChannel({ ...c })]))).toEqual(
        Object.fromEntries(Object.entries(g.channels).map(([file, m]) => [file, goldenChannel(m)])),
      );
      // Chunk files per channel, as the golden case holds them.
      for (const c of listed) {
        const prefix = c.file.replace(".metadata.json", "_");
        expect(c.chunkFiles).toBe(Object.keys(g.files).filter((f) => f.startsWith(prefix)).length);
      }
    } finally {
      s.close();
    }
  });

  it("gives the zip's size exactly at level 0, and within 15 % at level 1", async () => {
    const s = await open(g);
    try {
      for (const level of [0, 1]) {
        const zip = join(work, `${g.case}-${level}.zip`);
        await convertCommand({ files: g.paths, zip, chunkMb: g.chunk_mb, series: g.series, level });
        const real = statSync(zip).size;
        const estimate = await s.estimateZip(g.input, g.series, g.chunk_mb, level, zlibGzip);
        expect(estimate.exact).toBe(level === 0);
        if (level === 0) expect(estimate.bytes).toBe(real);
        else expect(Math.abs(estimate.bytes / real - 1)).toBeLessThan(0.15);
      }
    } finally {
      s.close();
    }
  });
});

describe("the zip's estimate reads little", () => {
  it("compresses at most 8 chunk files, one column and at most SAMPLE_ROWS rows each, over several channels", async () => {
    const g = receiveCases().find((c) => c.case === "intan32_128k")!;
    const s = await open(g);
    try {
      const plans = s.plan(g.input, g.series, 0.001); // 131 samples per chunk file: hundreds of chunks
      const reads: { rows: number; columns: [number, number] }[] = [];
      const rows = h5Rows(s.set);
      const counting = (location: DatasetLocation): RowReader => {
        const reader = rows(location);
        return {
          ...reader,
          rows: reader.rows,
          width: reader.width,
          read(start, end, columns = [0, reader.width]) {
            reads.push({ rows: end - start, columns });
            return reader.read(start, end, columns);
          },
        };
      };
      const estimate = await estimateZip(plans, 6, counting, zlibGzip);
      expect(estimate.sampledFiles).toBe(SAMPLE_FILES);
      expect(reads).toHaveLength(SAMPLE_FILES);
      for (const r of reads) {
        expect(r.rows).toBeLessThanOrEqual(Math.min(SAMPLE_ROWS, 131));
        expect(r.columns[1] - r.columns[0]).toBe(1);
      }
      expect(new Set(reads.map((r) => r.columns[0])).size).toBeGreaterThan(4);
      // Level 0 reads no samples at all.
      reads.length = 0;
      expect((await estimateZip(plans, 0, counting, zlibGzip)).sampledFiles).toBe(0);
      expect(reads).toEqual([]);
    } finally {
      s.close();
    }
  });
});
