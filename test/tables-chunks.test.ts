import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTableFiles } from "../src/cli/tables-command";
import { tableInflate } from "../src/node/table-inflate";
import { parseCondition } from "../src/core/tables/condition";
import { openTable } from "../src/core/tables/table-reader";
import { TableView } from "../src/core/tables/table-view";
import { zlibInflate } from "../src/node/zlib-gzip";
import { buildFile, index, openBytes, table } from "./tables-build";

/**
 * Ragged reads touch only the chunks the asked rows need, each once (spec nwb-tables; the contract's bench has
 * 50 M spike times in ~10 MB chunks). Evidence without timing: the bytes HDF5 reads through the source.
 */
const ROWS = 1000;
const PER_ROW = 2000; // 2 M float64 values, 16 MB
const CHUNK = 262_144; // 2 MiB chunks: larger than HDF5's 1 MiB chunk cache, so a second touch inflates again

let bytes: Uint8Array;
let reads: [number, number, "sync" | "async"][] = [];
let opened: Awaited<ReturnType<typeof openBytes>>;

beforeAll(async () => {
  bytes = await buildFile((f) => {
    const t = table(f, "units", ROWS, ["spike_times"]);
    // Values that do not compress to nothing: each chunk stays megabytes in the file.
    const data = Float64Array.from({ length: ROWS * PER_ROW }, (_, i) => i * 0.001 + Math.sin(i) * 1e-4);
    t.create_dataset({ name: "spike_times", data, chunks: [CHUNK], compression: 1 });
    index(
      t,
      "spike_times_index",
      "spike_times",
      Array.from({ length: ROWS }, (_, i) => (i + 1) * PER_ROW),
    );
  });
  opened = await openBytes("big.nwb", bytes, (position, length, how) => reads.push([position, length, how]));
});
afterAll(() => opened?.close());

const readBytes = () => reads.reduce((n, [, length]) => n + length, 0);

describe("ragged reads grouped by chunk", () => {
  it("straight from the file (readAsync, zlib off the thread): the same values, each chunk read once", async () => {
    const direct = openTable(opened.file, "big.nwb", "/units", { source: opened.source, inflate: zlibInflate });
    const plain = openTable(opened.file, "big.nwb", "/units");
    const window = [0, 1, 130, 131, 132, 600, 999]; // rows on both sides of chunk boundaries
    reads = [];
    const values = await direct.readAsync("spike_times", window);
    const chunkBytesInFile = bytes.length / Math.ceil((ROWS * PER_ROW) / CHUNK);
    expect(readBytes()).toBeLessThan(4.5 * chunkBytesInFile); // chunks 0, 1, 4 and 7 (and the index)
    // The chunks came through readAsync (the direct path), not through HDF5.
    const byAsync = reads.filter(([, , how]) => how === "async").reduce((n, [, length]) => n + length, 0);
    expect(byAsync).toBeGreaterThan(3.5 * chunkBytesInFile);
    expect(values).toEqual(plain.read("spike_times", window));
    reads = [];
    const all = await direct.readAsync(
      "spike_times",
      Array.from({ length: ROWS }, (_, i) => i),
    );
    expect(readBytes()).toBeLessThan(bytes.length * 1.1);
    expect(all[ROWS - 1]).toEqual(plain.read("spike_times", [ROWS - 1])[0]);
  });

  it("batches of rows that cut through chunks still inflate each chunk once", async () => {
    let inflated = 0;
    const inflate: typeof zlibInflate = (data, into, size) => (inflated++, zlibInflate(data, into, size));
    const view = TableView.open([{ name: "big.nwb", file: opened.file, direct: { source: opened.source, inflate } }], {
      table: "units",
    });
    let rows = 0;
    for await (const batch of view.batchesAsync(50)) rows += batch.rows.length; // 20 batches over 8 chunks
    expect(rows).toBe(ROWS);
    expect(inflated).toBe(Math.ceil((ROWS * PER_ROW) / CHUNK));
  });

  it("an export decodes each chunk once, only up to its last wanted row, and ahead of the batches", async () => {
    // Rows 60, 200–201 and 600 end at 47 %, 53 % and 59 % of chunks 0, 1 and 4 (262,144 values each).
    let inflated = 0;
    let madeBytes = 0;
    const inflate: typeof tableInflate = async (data, into, size, wanted) => {
      inflated++;
      const out = await tableInflate(data, into, size, wanted);
      madeBytes += out.length;
      return out;
    };
    const view = TableView.open([{ name: "big.nwb", file: opened.file, direct: { source: opened.source, inflate } }], {
      table: "units",
      where: [parseCondition("_table_index in 0,60,200,201,600")],
    });
    const plain = view.rows(0, view.count);
    const got: unknown[] = [];
    let startedAtFirst = -1;
    for await (const batch of view.batchesAsync(1)) {
      if (startedAtFirst < 0) startedAtFirst = inflated;
      for (const row of batch.rows) got.push(Array.from(row.spike_times as Float64Array));
    }
    expect(got).toEqual(plain.map((row) => row.spike_times));
    expect(inflated).toBe(3);
    // Each chunk decoded as far as its last wanted row: (61 + 140 + 77) × 2,000 values of 3 × 262,144, not all.
    expect(madeBytes).toBeLessThan(0.6 * 3 * CHUNK * 8);
    // The first batch needs chunk 0 only; the next chunks were already on their way.
    expect(startedAtFirst).toBe(3);
  });

  it("an export decodes into the buffers of chunks already read, and reads stored chunks into them too", async () => {
    // 300 rows of 1,000 values in 37 chunks of 8,192.
    const small = await buildFile((f) => {
      const t = table(f, "units", 300, ["spike_times"]);
      const data = Float64Array.from({ length: 300_000 }, (_, i) => i * 0.001 + Math.sin(i) * 1e-4);
      t.create_dataset({ name: "spike_times", data, chunks: [8192], compression: 1 });
      index(
        t,
        "spike_times_index",
        "spike_times",
        Array.from({ length: 300 }, (_, i) => (i + 1) * 1000),
      );
    });
    // On disk, opened as the CLI opens files (its file source reads into a buffer handed to it).
    const dir = mkdtempSync(join(tmpdir(), "tables-chunks-"));
    writeFileSync(join(dir, "small.nwb"), small);
    const opened = await openTableFiles([join(dir, "small.nwb")]);
    const file = opened.files[0]!;
    try {
      const outputs = new Set<ArrayBufferLike>();
      const inputs = new Set<ArrayBufferLike>();
      let inflates = 0;
      const inflate: typeof tableInflate = async (data, into, size, wanted) => {
        inflates++;
        inputs.add(data.buffer);
        const out = await tableInflate(data, into, size, wanted);
        outputs.add(out.buffer);
        return out;
      };
      file.direct!.inflate = inflate;
      const view = TableView.open([file], { table: "units" });
      let at = 0;
      for await (const batch of view.batchesAsync(7)) {
        const plain = view.rows(at, at + batch.rows.length);
        batch.rows.forEach((row, i) =>
          expect(Array.from(row.spike_times as Float64Array)).toEqual(plain[i]!.spike_times),
        );
        at += batch.rows.length;
      }
      expect(at).toBe(300);
      expect(inflates).toBe(37);
      // A few buffers in turn (3 chunks decoded ahead, 2 kept, the reads in flight), not one per chunk.
      expect(outputs.size).toBeLessThan(12);
      expect(inputs.size).toBeLessThan(12);
    } finally {
      opened.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a plan the rows' ranges cannot be found for is dropped: the reads go on, and tell the damage themselves", async () => {
    const damaged = await buildFile((f) => {
      const t = table(f, "units", 10, ["spike_times"]);
      const data = Float64Array.from({ length: 100 }, (_, i) => i / 7);
      t.create_dataset({ name: "spike_times", data, chunks: [16], compression: 1 });
      index(t, "spike_times_index", "spike_times", [10, 20, 30, 40, 50, 45, 70, 80, 90, 100]); // row 5 goes back
    });
    const file = await openBytes("damaged.nwb", damaged);
    try {
      const direct = openTable(file.file, "damaged.nwb", "/units", { source: file.source, inflate: tableInflate });
      expect(() => direct.planReads("spike_times", [0, 1, 2, 3, 4, 5, 6])).not.toThrow();
      const rows = await direct.readAsync("spike_times", [0, 4]);
      expect(rows[1]).toEqual(Array.from({ length: 10 }, (_, i) => (40 + i) / 7));
      await expect(direct.readAsync("spike_times", [5])).rejects.toThrow(/entry 5 selects \[50, 45\)/);
    } finally {
      file.close();
    }
  });

  it("a read past a planned chunk's decoded part decodes it again, whole", async () => {
    const direct = openTable(opened.file, "big.nwb", "/units", { source: opened.source, inflate: tableInflate });
    const plain = openTable(opened.file, "big.nwb", "/units");
    direct.planReads("spike_times", [0, 60]);
    expect(await direct.readAsync("spike_times", [0, 60])).toEqual(plain.read("spike_times", [0, 60]));
    expect(await direct.readAsync("spike_times", [61, 130])).toEqual(plain.read("spike_times", [61, 130]));
    direct.planReads("spike_times", []);
    expect(await direct.readAsync("spike_times", [131, 132])).toEqual(plain.read("spike_times", [131, 132]));
  });

  it("export batches hand ragged numbers over as typed arrays of their own, not per-row arrays nor chunk views", async () => {
    const view = TableView.open(
      [{ name: "big.nwb", file: opened.file, direct: { source: opened.source, inflate: zlibInflate } }],
      {
        table: "units",
      },
    );
    let views = 0;
    let at = 0;
    for await (const batch of view.batchesAsync(50)) {
      const plain = view.rows(at, at + batch.rows.length);
      batch.rows.forEach((row, i) => {
        const spikes = row.spike_times as Float64Array;
        expect(spikes).toBeInstanceOf(Float64Array);
        expect(Array.from(spikes)).toEqual(plain[i]!.spike_times);
        if (spikes.buffer.byteLength >= CHUNK * 8) views++; // a chunk's buffer: would keep the chunk alive
      });
      at += batch.rows.length;
    }
    expect(at).toBe(ROWS);
    expect(views).toBe(0);
  });

  it("a window of rows reads only the chunks under it, not the column", () => {
    const t = openTable(opened.file, "big.nwb", "/units");
    reads = [];
    const window = Array.from({ length: 10 }, (_, i) => 500 + i); // 20,000 values inside one or two chunks
    const values = t.read("spike_times", window);
    expect(values.map((v) => (v as number[]).length)).toEqual(Array(10).fill(PER_ROW));
    expect((values[0] as number[])[0]).toBe(500 * PER_ROW * 0.001 + Math.sin(500 * PER_ROW) * 1e-4);
    const chunkBytesInFile = bytes.length / Math.ceil((ROWS * PER_ROW) / CHUNK);
    expect(readBytes()).toBeLessThan(2.5 * chunkBytesInFile);
    expect(readBytes()).toBeLessThan(bytes.length / 4);
  });

  it("every row of the column reads each chunk once (row by row, a chunk would be inflated once per row in it: 131)", () => {
    const t = openTable(opened.file, "big.nwb", "/units");
    reads = [];
    const values = t.read(
      "spike_times",
      Array.from({ length: ROWS }, (_, i) => i),
    );
    expect(values.length).toBe(ROWS);
    expect((values[ROWS - 1] as number[]).length).toBe(PER_ROW);
    // Each chunk's bytes once, plus the index and B-tree: not much more than the file itself.
    expect(readBytes()).toBeLessThan(bytes.length * 1.1);
  });

  it("for contrast, the same rows asked one at a time read the chunks again and again", () => {
    const t = openTable(opened.file, "big.nwb", "/units");
    reads = [];
    for (let r = 0; r < 40; r++) t.read("spike_times", [r]);
    expect(readBytes()).toBeGreaterThan(bytes.length);
  });
});
