import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileSet } from "../hdf5/file-set";
import { initH5 } from "../hdf5/h5";
import type { RowReader } from "../hdf5/rows";
import { openNodeSource } from "../../node/file-source";
import { loadNodePlugin } from "../../node/plugins";
import { h5Rows } from "../open-rows";
import { readNwb } from "../nwb/read-nwb";
import { findTimeSeries } from "./find-timeseries";
import { previewSeries } from "./preview-series";
import { readWindow } from "./read-window";

const FIXTURES = join(import.meta.dirname, "../../../test/fixtures");
// Files from older pynwb releases: they stay in ../shared and are never committed here.
const BACK_COMPAT = join(import.meta.dirname, "../../../../shared/fixtures/back_compat");

async function openSet(path: string): Promise<{ set: FileSet; name: string }> {
  const module = await initH5(loadNodePlugin);
  const source = openNodeSource(isAbsolute(path) ? path : join(FIXTURES, path));
  return { set: new FileSet(module, [source]), name: source.name };
}

/** A real reader that records the largest block it was asked for. */
function watched(reader: RowReader, largest: { samples: number; reads: number }): RowReader {
  return {
    ...reader,
    read(start, end, columns) {
      largest.reads++;
      const width = columns ? columns[1] - columns[0] : reader.width;
      largest.samples = Math.max(largest.samples, (end - start) * width);
      return reader.read(start, end, columns);
    },
  };
}

describe("TimeSeries found for preview", () => {
  it("lists electrical and other TimeSeries with their times and units", async () => {
    const { set, name } = await openSet("tables/nwb/trials_epochs.nwb");
    const found = findTimeSeries(set, name);
    expect(found.map((t) => [t.path, t.type, t.unit, t.width])).toEqual([
      ["/acquisition/lick", "TimeSeries", "V", 1],
      ["/acquisition/running_speed", "TimeSeries", "cm/s", 1],
    ]);
    const speed = found[1]!;
    expect(speed.timestamps).not.toBeNull();
    const ts = h5Rows(set)(speed.timestamps!).read(0, speed.rows);
    expect([speed.start, speed.end]).toEqual([Number(ts[0]), Number(ts[speed.rows - 1])]);
    set.close();
  });
});

describe.skipIf(!existsSync(BACK_COMPAT))("TimeSeries of older files and extensions", () => {
  it("names an extension's type with its namespace and leaves out 3-D data", async () => {
    const ext = await openSet(join(BACK_COMPAT, "2.1.0_nwbfile_with_extension.nwb"));
    const [series] = findTimeSeries(ext.set, ext.name);
    expect(series!.path).toBe("/acquisition/test_ts");
    expect(series!.type).toMatch(/^[^:]+:TimeSeriesWithID$/);
    ext.set.close();
    const images = await openSet(join(BACK_COMPAT, "1.5.1_imageseries_no_unit.nwb"));
    expect(findTimeSeries(images.set, images.name)).toEqual([]);
    images.set.close();
  });
});

describe("a preview window", () => {
  it("holds values in µV exactly as the converter scales them, one sample per column", async () => {
    const { set, name } = await openSet("nwb/intan32.nwb");
    const nwb = readNwb(set, name);
    const series = nwb.series[0]!;
    const info = findTimeSeries(set, name).find((t) => t.path === series.path)!;
    const n = 50;
    const window = previewSeries(set, nwb, info, {
      series: series.path,
      start: info.start,
      length: n / info.rate!,
      channels: [2, 5],
      columns: n,
    });
    expect(window.unit).toBe("µV");
    expect(window.rows).toEqual([0, n]);
    const raw = h5Rows(set)(series.data).read(0, n, [0, series.shape[1]]);
    const scale = (series.channelConversion?.[3] ?? 1) * series.conversion;
    const factor = series.unit === "volts" ? 1e6 : series.unit === "millivolts" ? 1e3 : 1;
    const expected = Array.from(
      { length: n },
      (_, i) => (Number(raw[i * series.shape[1] + 3]) * scale + series.offset) * factor,
    );
    expect(Array.from(window.envelope.min.subarray(n, 2 * n))).toEqual(expected);
    expect(Array.from(window.envelope.max.subarray(n, 2 * n))).toEqual(expected);
    expect(window.names).toEqual(series.electrodes.slice(2, 5).map((e) => e.name));
    set.close();
  });

  it("starts at the chosen time: rows follow the rate from starting_time", async () => {
    const { set, name } = await openSet("nwb/starting.nwb");
    const info = findTimeSeries(set, name).find((t) => t.path === "/acquisition/Late")!;
    expect(info.startingTime).toBeGreaterThan(0);
    const window = previewSeries(set, readNwb(set, name), info, {
      series: info.path,
      start: info.startingTime + 0.5,
      length: 0.25,
      channels: [0, 2],
      columns: 100,
    });
    const first = Math.ceil(0.5 * info.rate! - 1e-9);
    expect(window.rows).toEqual([first, first + Math.ceil(0.25 * info.rate! - 1e-9)]);
    // A window before the series starts holds its first rows and nothing before.
    const early = previewSeries(set, null, info, {
      ...window,
      series: info.path,
      start: 0,
      length: info.startingTime + 0.01,
      columns: 10,
    });
    expect(early.rows[0]).toBe(0);
    set.close();
  });

  it("finds the rows of a window in timestamps by bisection, gaps and all", async () => {
    const { set, name } = await openSet("nwb/gaps4.nwb");
    const info = findTimeSeries(set, name)[0]!;
    const ts = h5Rows(set)(info.timestamps!).read(0, info.rows);
    const start = Number(ts[40_000]) - 0.0001;
    const window = previewSeries(set, readNwb(set, name), info, {
      series: info.path,
      start,
      length: 0.5,
      channels: [0, 4],
      columns: 200,
    });
    const inWindow = Array.from(ts as ArrayLike<number | bigint>, Number).filter(
      (t) => t >= start && t < start + 0.5,
    ).length;
    expect(window.rows[1] - window.rows[0]).toBe(inWindow);
    set.close();
  });

  it("shows a non-electrical TimeSeries in its own unit, conversion applied", async () => {
    const { set, name } = await openSet("tables/nwb/trials_epochs.nwb");
    const info = findTimeSeries(set, name).find((t) => t.path === "/acquisition/running_speed")!;
    const window = previewSeries(set, null, info, {
      series: info.path,
      start: info.start,
      length: info.end - info.start + 1,
      channels: [0, 1],
      columns: 64,
    });
    expect(window.unit).toBe("cm/s");
    expect(window.names).toEqual(["running_speed"]);
    const stored = h5Rows(set)(info.data).read(0, info.rows) as ArrayLike<number | bigint>;
    const raw = Array.from(stored, (v) => Number(v) * info.conversion + info.offset);
    expect(window.rows).toEqual([0, info.rows]);
    const min = Math.min(...Array.from(window.envelope.min).filter((v) => !Number.isNaN(v)));
    const max = Math.max(...Array.from(window.envelope.max).filter((v) => !Number.isNaN(v)));
    expect([min, max]).toEqual([Math.min(...raw), Math.max(...raw)]);
    set.close();
  });

  it("reads in bounded blocks and shortens a window holding more samples than a preview reads", async () => {
    const { set, name } = await openSet("nwb/intan32.nwb");
    const series = readNwb(set, name).series[0]!;
    const rows = h5Rows(set);
    const largest = { samples: 0, reads: 0 };
    const source = { data: watched(rows(series.data), largest), timestamps: null, rate: series.rate, startingTime: 0 };
    const scaling = { scales: new Array<number>(32).fill(1), offset: 0, unitFactor: 1, unit: "raw" };
    const limits = { maxSamples: 320_000, blockSamples: 32_000, chunkBlockSamples: 32_000 };
    const request = { series: series.path, start: 0, length: 1e6, channels: [0, 32] as [number, number], columns: 500 };
    const window = readWindow(source, scaling, [], request, limits);
    expect(window.cappedFrom).toBe(1e6);
    expect(window.rows).toEqual([0, 10_000]);
    expect(window.length).toBeCloseTo(10_000 / series.rate!, 9);
    expect(largest.samples).toBeLessThanOrEqual(32_000);
    expect(largest.reads).toBeGreaterThanOrEqual(10);
    set.close();
  });
});
