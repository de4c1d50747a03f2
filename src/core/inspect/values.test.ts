import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openNodeSet } from "../../node/engine";
import { openNodeSource } from "../../node/file-source";
import { loadNodePlugin } from "../../node/plugins";
import { FileSet } from "../hdf5/file-set";
import { initH5 } from "../hdf5/h5";
import { listAttributes } from "./tree";
import { float32Text } from "./value-text";
import { MAX_CELL_CHARS, MAX_PAGE_ELEMENTS, readValuePage, readValueText } from "./values";

const FIXTURES = join(import.meta.dirname, "../../../test/fixtures");
const UNITS = join(FIXTURES, "tables/nwb/units_full.nwb");
const VALUES = join(FIXTURES, "tables-extra/nwb/hdmf_values.nwb");
const MORE = join(FIXTURES, "values/values.nwb");

type Opened = { set: FileSet; close(): void };
const opened: Opened[] = [];
const open = async (path: string) => {
  const o = await openNodeSet([path]);
  opened.push(o);
  return o.set;
};
afterAll(() => opened.forEach((o) => o.close()));

describe("readValuePage on real files", () => {
  let units: FileSet;
  let values: FileSet;
  let more: FileSet;
  beforeAll(async () => {
    [units, values, more] = [await open(UNITS), await open(VALUES), await open(MORE)];
  });
  const page = (set: FileSet, path: string, start: number[] = [], count: number[] = []) =>
    readValuePage(set, set.names[0]!, path, start, count);

  it("reads a scalar variable-length string (the case that showed no text)", () => {
    expect(page(units, "/session_description")).toEqual({
      shape: [],
      start: [],
      count: [],
      fields: null,
      cells: ["tables corpus: units_full"],
      cut: {},
    });
    expect(page(units, "/session_start_time").cells).toEqual(["2024-05-02T13:45:00+00:00"]);
  });

  it("writes 64-bit integers exactly, beyond 2^53 and at the extremes", () => {
    const p = "/processing/misc/values";
    expect(page(values, `${p}/i64`, [0], [4]).cells).toEqual([
      "-9223372036854775808",
      "9007199254740992",
      "-9007199254740991",
      "-7",
    ]);
    expect(page(values, `${p}/u64`, [0], [4]).cells).toEqual([
      "18446744073709551615",
      "9007199254740991",
      "0",
      "9007199254740993",
    ]);
  });

  it("writes floats as the shortest text that reads back, naming NaN and infinities", () => {
    expect(page(values, "/processing/misc/values/f32", [0], [4]).cells).toEqual(["0.1", "NaN", "Infinity", "-1.5"]);
    expect(float32Text(Math.fround(1 / 3))).toBe("0.33333334");
  });

  it("names booleans, and reads fixed-length strings without their padding", () => {
    expect(page(values, "/processing/misc/values/flag", [0], [4]).cells).toEqual(["true", "false", "true", "false"]);
    expect(page(values, "/processing/misc/values/fstr", [0], [4]).cells).toEqual(["ab", "", "abcdefgh", "a b "]);
  });

  it("shows object references as the paths of their targets", () => {
    expect(page(values, "/processing/misc/values/ref", [0], [4]).cells).toEqual([
      "/acquisition/lick",
      "/acquisition/lick/data",
      "/processing/misc",
      "/general/probe_rows_zz",
    ]);
  });

  it("shows region references as the target's path and the selection's size", () => {
    expect(page(more, "/analysis/values/regions", [0], [2]).cells).toEqual([
      "/analysis/values/ramp (region: 10 elements in [10])",
      "/analysis/values/grid (region: 6 elements in [2, 3])",
    ]);
  });

  it("gives a compound one cell per named field, references among them as paths", () => {
    const p = page(values, "/processing/misc/values/cmp", [1], [2]);
    expect(p.fields).toEqual(["name", "weight", "where", "ok"]);
    expect(p.cells).toEqual(["", "NaN", "/general/probe_rows_zz", "false", "ü", "1", "/acquisition/lick", "true"]);
  });

  it("reads a window of rows and columns of a 2-D dataset, and one slice of a 3-D one", () => {
    const p = page(more, "/analysis/values/grid", [100, 200], [2, 3]);
    expect(p.cells).toEqual(["100200", "100201", "100202", "101200", "101201", "101202"]);
    expect(page(more, "/analysis/values/cube", [2, 1, 0], [1, 2, 5]).cells).toEqual(
      Array.from({ length: 10 }, (_, i) => String(45 + i)),
    );
  });

  it("cuts a page at the dataset's end and refuses boxes too large or outside it", () => {
    const p = page(more, "/analysis/values/ramp", [990], [100]);
    expect(p.count).toEqual([10]);
    expect(p.cells.at(-1)).toBe("499.5");
    expect(() => page(more, "/analysis/values/grid", [0, 0], [250, 300])).toThrow(
      `a page holds at most ${MAX_PAGE_ELEMENTS} values`,
    );
    expect(() => page(more, "/analysis/values/ramp", [1000], [1])).toThrow("start 1000 is outside 0…999");
    expect(() => page(more, "/analysis/values/ramp", [], [])).toThrow("needs 1 starts and counts");
    expect(() => page(more, "/analysis/values", [], [])).toThrow("not a dataset");
  });

  it("cuts a long text in a page and reads all of it on request", () => {
    const p = page(more, "/analysis/values/long_text");
    expect(p.cells[0]).toHaveLength(MAX_CELL_CHARS);
    const total = p.cut[0]!;
    expect(total).toBeGreaterThan(300_000);
    let text = "";
    while (text.length < total) {
      const part = readValueText(more, more.names[0]!, "/analysis/values/long_text", [], 0, text.length, 100_000);
      expect(part.total).toBe(total);
      text += part.text;
    }
    expect(text.startsWith(p.cells[0]!)).toBe(true);
    expect(text.endsWith("lazy dog; 0123456789. THE END")).toBe(true);
  });

  it("reads one field of one element of a compound in full", () => {
    const part = readValueText(values, values.names[0]!, "/processing/misc/values/cmp", [3], 2, 0, 100);
    expect(part).toEqual({ text: "/processing/misc", total: 16 });
  });

  it("shows attributes through the same rules: references as paths, 64-bit integers exact, compounds by field", () => {
    const attrs = listAttributes(more, more.names[0]!, "/analysis/values");
    expect(Object.fromEntries(attrs.map((a) => [a.name, a.value]))).toEqual({
      big: "9007199254740993, -9223372036854775808",
      names: '"alpha", "beta, gamma"',
      target: "/units",
    });
  });
});

describe("a page reads only its box", () => {
  it("reads 100 rows from the middle of a 3.2 MB recording without reading the recording", async () => {
    const source = openNodeSource(join(FIXTURES, "nwb/sine2.nwb"));
    let bytes = 0;
    const counted = {
      name: "sine2.nwb",
      size: source.size,
      read(position: number, length: number, target: Uint8Array) {
        const n = source.read(position, length, target);
        bytes += n;
        return n;
      },
    };
    const set = new FileSet(await initH5(loadNodePlugin), [counted]);
    try {
      // The file's structure is read first (opening, the dataset's header), then only the page's rows.
      readValuePage(set, "sine2.nwb", "/acquisition/TestElectricalSeries/data", [0, 0], [1, 1]);
      const before = bytes;
      const page = readValuePage(set, "sine2.nwb", "/acquisition/TestElectricalSeries/data", [100_000, 0], [100, 2]);
      expect(page.cells).toHaveLength(200);
      // The file system under HDF5 reads in 64 KiB blocks: the page (1,600 bytes) takes one or two of the 3.2 MB.
      expect(bytes - before).toBeLessThanOrEqual(128 * 1024);
    } finally {
      set.close();
      source.close();
    }
  });
});
