import { ByteWriter } from "hyparquet-writer";
import { writeColumn } from "hyparquet-writer/src/column.js";
import { snappyCompress } from "hyparquet-writer/src/snappy.js";
import type { ColumnEncoder } from "hyparquet-writer/src/types.js";
import type { SchemaElement } from "hyparquet";
import { describe, expect, it } from "vitest";
import type { NestedValue } from "./parquet-cast";
import { writeNumberListColumn, type ListLeaf } from "./parquet-list-column";
import { listPageData } from "./parquet-row-group";

/**
 * The list column written from typed rows must be the bytes and the metadata hyparquet-writer's own writeColumn
 * makes from the same rows (the slow path it replaces): pages cut at the same rows, levels in the same RLE and
 * bit-packed runs, the same statistics and offset index.
 */
function encoder(leaf: ListLeaf, options: Partial<ColumnEncoder> = {}): ColumnEncoder {
  const schemaPath: SchemaElement[] = [
    { name: "root", num_children: 1 },
    { name: "spikes", repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
    { name: "list", repetition_type: "REPEATED", num_children: 1 },
    { name: "element", type: leaf, repetition_type: "OPTIONAL" },
  ];
  return {
    columnName: "spikes.list.element",
    element: schemaPath[3]!,
    schemaPath,
    codec: leaf === "INT32" ? "SNAPPY" : "UNCOMPRESSED",
    compressors: { SNAPPY: snappyCompress },
    stats: true,
    pageSize: 1 << 20,
    columnIndex: false,
    offsetIndex: true,
    ...options,
  };
}

/** Deterministic noise (mulberry32: a test must fail the same way every run). */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function both(cells: NestedValue[], leaf: ListLeaf, options: Partial<ColumnEncoder> = {}) {
  const library = new ByteWriter();
  library.appendBytes(new Uint8Array([1, 2, 3])); // not at offset 0: offsets in the metadata count from the file's start
  const expected = writeColumn({
    writer: library,
    column: encoder(leaf, options),
    pageData: listPageData(cells, leaf)!,
  });
  const ours = new ByteWriter();
  ours.appendBytes(new Uint8Array([1, 2, 3]));
  const got = writeNumberListColumn(ours, encoder(leaf, options), cells, leaf);
  return { expected, got, libraryBytes: library.getBytes(), ourBytes: ours.getBytes() };
}

function expectSame(cells: NestedValue[], leaf: ListLeaf, options: Partial<ColumnEncoder> = {}) {
  const { expected, got, libraryBytes, ourBytes } = both(cells, leaf, options);
  expect(got).not.toBeNull();
  expect(got!.chunk).toEqual(expected.chunk);
  expect(got!.offsetIndex).toEqual(expected.offsetIndex);
  expect(ourBytes.length).toBe(libraryBytes.length);
  expect(Buffer.from(ourBytes).equals(Buffer.from(libraryBytes))).toBe(true);
}

describe("writeNumberListColumn", () => {
  it("spike trains over many pages: the library's pages, bytes and statistics", () => {
    const next = random(7);
    const cells = Array.from({ length: 300 }, () => {
      const list = new Float64Array(Math.floor(next() * 400));
      for (let i = 0; i < list.length; i++) list[i] = Math.round(next() * 3.6e8) / 3e4 - 100;
      return list;
    });
    expectSame(cells, "DOUBLE", { pageSize: 4096 });
    expectSame(cells, "DOUBLE");
    expectSame(cells, "DOUBLE", { stats: false, pageSize: 1000 });
  });

  it("null rows, empty lists, null elements and short runs (bit-packed levels)", () => {
    const next = random(11);
    const cells: NestedValue[] = Array.from({ length: 500 }, (_, r): NestedValue => {
      const pick = next();
      const length = Math.floor(next() * 12);
      if (pick < 0.1) return null;
      if (pick < 0.2) return new Float64Array(0);
      if (pick < 0.3) return [];
      if (pick < 0.6) return Array.from({ length }, () => (next() < 0.3 ? null : next() * 1e3 - r));
      return Float64Array.from({ length }, () => next() * 10);
    });
    expectSame(cells, "DOUBLE", { pageSize: 512 });
    expectSame(cells, "DOUBLE", { pageSize: 0 });
  });

  it("float32 lists, and small integers widened to INT32 through a compressor", () => {
    const next = random(3);
    const floats = Array.from({ length: 100 }, () => Float32Array.from({ length: 50 }, () => next() * 2 - 1));
    expectSame(floats, "FLOAT", { pageSize: 1000 });
    const wide = Array.from({ length: 200 }, () => Int32Array.from({ length: 40 }, () => (next() * 2 ** 32) | 0));
    const counts: NestedValue[] = [Int16Array.from([-32768, 32767, 1]), ...wide.slice(1)];
    expectSame(counts, "INT32", { pageSize: 2000 });
  });

  it("±0 bounds normalised as the library does; a lone empty list; no rows", () => {
    // (each value distinct, or the library's sampling would weigh a dictionary: writeNumberListColumn gives up then)
    expectSame([new Float64Array([0, 0.5]), new Float64Array([3, 1])], "DOUBLE");
    expectSame([new Float64Array([-0, -2]), new Float64Array([-0.25, -1])], "DOUBLE");
    expectSame([new Float64Array([-0])], "DOUBLE");
    expectSame([new Float64Array(0)], "DOUBLE");
    expectSame([null], "DOUBLE");
  });

  it("gives the column back to the library, writing nothing, where a dictionary may win or a cell is not a list", () => {
    const repeated = Array.from({ length: 100 }, () => new Int32Array([1, 2, 3, 1, 2, 3]));
    const writer = new ByteWriter();
    expect(writeNumberListColumn(writer, encoder("INT32"), repeated, "INT32")).toBeNull();
    expect(writeNumberListColumn(writer, encoder("DOUBLE"), [new Float64Array([1]), 3], "DOUBLE")).toBeNull();
    expect(writeNumberListColumn(writer, encoder("DOUBLE"), [[1, "x"] as never], "DOUBLE")).toBeNull();
    expect(writer.offset).toBe(0);
  });
});
