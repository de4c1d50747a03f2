import { describe, expect, it } from "vitest";
import type { RowReader, Samples } from "../hdf5/rows";
import { RowCursor } from "./row-cursor";

const list = (s: Samples) => Array.from(s as ArrayLike<number | bigint>);

/** A reader over rows × width values (row r, column c holds r·width + c) that logs its reads. */
function fakeReader(rows: number, width: number, rowsPerChunk: number) {
  const all = Int32Array.from({ length: rows * width }, (_, i) => i);
  const reads: [number, number][] = [];
  const reader: RowReader = {
    rows,
    width,
    rowsPerChunk,
    read(start, end) {
      reads.push([start, end]);
      return all.slice(start * width, end * width); // a fresh copy, as h5wasm returns
    },
  };
  return { reader, reads };
}

/** Consecutive ranges covering [0, rows) with sizes taken in turn from `sizes`. */
function ranges(rows: number, sizes: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let at = 0, k = 0; at < rows; k++) {
    const end = Math.min(rows, at + sizes[k % sizes.length]!);
    out.push([at, end]);
    at = end;
  }
  return out;
}

async function check(rows: number, width: number, rowsPerChunk: number, sizes: number[]) {
  const { reader, reads } = fakeReader(rows, width, rowsPerChunk);
  const cursor = new RowCursor(reader);
  for (const [start, end] of ranges(rows, sizes)) {
    const got = await cursor.take(start, end);
    const want = Int32Array.from({ length: (end - start) * width }, (_, i) => start * width + i);
    expect(list(got), `rows ${start}–${end}`).toEqual(Array.from(want));
  }
  const seen = new Set<number>();
  for (const [start, end] of reads) {
    expect(start % rowsPerChunk, `read ${start}–${end} starts on a chunk`).toBe(0);
    expect(end % rowsPerChunk === 0 || end === rows, `read ${start}–${end} ends on a chunk`).toBe(true);
    expect(end).toBeGreaterThan(start);
    for (let c = start / rowsPerChunk; c < Math.ceil(end / rowsPerChunk); c++) {
      expect(seen.has(c), `chunk ${c} read twice`).toBe(false);
      seen.add(c);
    }
  }
  expect(seen.size).toBe(Math.ceil(rows / rowsPerChunk)); // every chunk read, once
}

describe("RowCursor: consecutive ranges from chunk-aligned reads, each chunk read once", () => {
  it.each([
    // rows, width, rowsPerChunk, request sizes
    [100, 3, 10, [20]], // chunk divides the request
    [100, 3, 10, [10]], // chunk equals the request
    [100, 3, 8, [20]], // chunk does not divide the request
    [100, 1, 7, [3]], // chunk larger than the request
    [101, 2, 25, [30]], // last chunk short
    [97, 2, 13, [5, 1, 17, 26, 2]], // irregular requests (segments of a timestamped series)
    [50, 4, 50, [7]], // contiguous data: one chunk
    [50, 4, 64, [7]], // chunk larger than the data
    [30, 2, 1, [4, 1]], // one-row chunks
  ])("%i rows × %i, %i rows per chunk, requests of %j", async (rows, width, rowsPerChunk, sizes) => {
    await check(rows, width, rowsPerChunk, sizes);
  });

  it("returns rows that stay right after later takes", async () => {
    const { reader } = fakeReader(40, 2, 6);
    const cursor = new RowCursor(reader);
    const a = await cursor.take(0, 4);
    const b = await cursor.take(4, 9);
    await cursor.take(9, 40);
    expect(list(a)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(list(b)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
  });

  it("keeps the source type, with carried rows too", async () => {
    const all = BigInt64Array.from({ length: 20 }, (_, i) => BigInt(i) * 2n ** 40n);
    const reader: RowReader = { rows: 20, width: 1, rowsPerChunk: 8, read: (s, e) => all.slice(s, e) };
    const cursor = new RowCursor(reader);
    await cursor.take(0, 5);
    const mixed = await cursor.take(5, 12); // 3 carried rows + 4 fresh
    expect(mixed).toBeInstanceOf(BigInt64Array);
    expect(list(mixed)).toEqual(Array.from(all.subarray(5, 12)));
  });
});

describe("RowCursor over an asynchronous reader", () => {
  it("uses readAsync when the reader has it, with the same alignment", async () => {
    const data = Int16Array.from({ length: 60 }, (_, i) => i);
    const reads: [number, number][] = [];
    const reader: RowReader = {
      rows: 30,
      width: 2,
      rowsPerChunk: 4,
      read: () => {
        throw new Error("sync read used");
      },
      readAsync: async (s, e) => {
        reads.push([s, e]);
        return data.slice(s * 2, e * 2);
      },
    };
    const cursor = new RowCursor(reader);
    expect(list(await cursor.take(0, 10))).toEqual(Array.from(data.subarray(0, 20)));
    expect(list(await cursor.take(10, 30))).toEqual(Array.from(data.subarray(20, 60)));
    expect(reads).toEqual([
      [0, 12],
      [12, 30],
    ]);
  });
});
