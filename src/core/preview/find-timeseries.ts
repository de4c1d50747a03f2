import type { File, Group } from "h5wasm";
import type { FileSet } from "../hdf5/file-set";
import { attrNumber, attrText, dataset, firstNumber, group } from "../nwb/h5-values";
import type { DatasetLocation } from "../nwb/model";
import { locate, SEARCH_BUDGET } from "../nwb/read-nwb";
import { h5RowReader } from "../hdf5/rows";

/** A TimeSeries (of any neurodata type inheriting it) whose data can be previewed. */
export interface TimeSeriesInfo {
  path: string;
  /** Its neurodata_type, prefixed by the namespace when that is not the core one (an extension's type). */
  type: string;
  data: DatasetLocation;
  timestamps: DatasetLocation | null;
  rows: number;
  /** Columns of 2-D data; 1 for 1-D data. */
  width: number;
  rate: number | null;
  startingTime: number;
  /** Seconds of the first and last sample (NWB time: from timestamps_reference_time). */
  start: number;
  end: number;
  unit: string;
  conversion: number;
  offset: number;
}

const NUMERIC = /^[<>|]?[bhilqBHILQfd]$/;
const MAX_DEPTH = 32;

/**
 * Every group that has what makes a TimeSeries (numeric 1-D or 2-D `data`, and a rate or timestamps), breadth
 * first from the root within the same budget as the search for ElectricalSeries. The structure is tested rather
 * than the type's name so that extensions' types inheriting TimeSeries are found without reading their specs.
 */
export function findTimeSeries(set: FileSet, name: string): TimeSeriesInfo[] {
  const file = set.file(name);
  const found: TimeSeriesInfo[] = [];
  let budget = SEARCH_BUDGET;
  let level: Group[] = [file];
  for (let depth = 0; level.length && depth < MAX_DEPTH && budget > 0; depth++) {
    const next: Group[] = [];
    for (const g of level) {
      for (const key of safeKeys(g).slice(0, Math.max(0, budget))) {
        budget--;
        const path = g.path === "/" ? `/${key}` : `${g.path}/${key}`;
        if (path === "/specifications") continue;
        const e = group(file, path);
        if (!e) continue;
        const info = readInfo(set, name, file, e, path);
        if (info) found.push(info);
        else next.push(e);
      }
    }
    level = next;
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function safeKeys(g: Group): string[] {
  try {
    return g.keys();
  } catch {
    return [];
  }
}

function readInfo(set: FileSet, fileName: string, file: File, g: Group, path: string): TimeSeriesInfo | null {
  const type = attrText(g, "neurodata_type");
  if (!type) return null;
  const dataLoc = locate(set, fileName, `${path}/data`);
  if (!("file" in dataLoc)) return null;
  const data = dataset(set.file(dataLoc.file), dataLoc.path);
  const shape = data?.shape ?? [];
  if (!data || typeof data.dtype !== "string" || !NUMERIC.test(data.dtype)) return null;
  if (shape.length < 1 || shape.length > 2) return null;
  const st = dataset(file, `${path}/starting_time`);
  const rate = st ? attrNumber(st, "rate", NaN) : NaN;
  const startingTime = st ? firstNumber(st) : 0;
  const tsLoc = locate(set, fileName, `${path}/timestamps`);
  const timestamps = "file" in tsLoc && dataset(set.file(tsLoc.file), tsLoc.path) ? tsLoc : null;
  const rows = shape[0]!;
  const hasRate = Number.isFinite(rate) && rate > 0;
  if (!hasRate && !timestamps) return null;
  const namespace = attrText(g, "namespace");
  // Timestamps win over a rate when a file has both, as in the conversion (convert/plan.ts).
  let start = startingTime;
  let end = rows ? startingTime + (rows - 1) / rate : startingTime;
  if (timestamps) {
    const ts = h5RowReader(dataset(set.file(timestamps.file), timestamps.path)!, timestamps.file);
    if (ts.rows < rows) return null;
    start = rows ? Number(ts.read(0, 1)[0]) : 0;
    end = rows ? Number(ts.read(rows - 1, rows)[0]) : 0;
  }
  return {
    path,
    type: namespace && namespace !== "core" ? `${namespace}:${type}` : type,
    data: dataLoc,
    timestamps,
    rows,
    width: shape.length > 1 ? shape[1]! : 1,
    rate: hasRate ? rate : null,
    startingTime,
    start,
    end,
    unit: attrText(data, "unit"),
    conversion: attrNumber(data, "conversion", 1),
    offset: attrNumber(data, "offset", 0),
  };
}
