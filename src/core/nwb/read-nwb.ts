import type { Dataset, File, Group } from "h5wasm";
import { InputError, type FileSet } from "../hdf5/file-set";
import { readElectrodes } from "./electrodes";
import { attrNames, attrNumber, attrText, dataset, datasetNumbers, firstNumber, group } from "./h5-values";
import type { DatasetLocation, ElectricalSeries, MissingLink, NwbFile } from "./model";
import { readSession } from "./session-meta";
import { unitFactor } from "./units";

/** Reads the session metadata and every ElectricalSeries of one file of a set. */
export function readNwb(set: FileSet, name: string): NwbFile {
  const file = set.file(name);
  if (!isNwb(file)) throw new InputError(name, "this is an HDF5 file but not an NWB file (no nwb_version)");
  const search = findSeriesPaths(file);
  const series = search.paths.sort(byteOrder).map((path) => readSeries(set, name, file, path));
  return { name, session: readSession(file), series, ...(search.cut ? { searchCut: SEARCH_BUDGET } : {}) };
}

export function isNwb(file: File): boolean {
  return attrNames(file).includes("nwb_version") || attrText(file, "neurodata_type") === "NWBFile";
}

/** Byte-wise order of UTF-16 strings equals code-point order only for BMP text; compare encoded bytes. */
export function byteOrder(a: string, b: string): number {
  const ea = new TextEncoder().encode(a);
  const eb = new TextEncoder().encode(b);
  for (let i = 0; i < Math.min(ea.length, eb.length); i++) if (ea[i] !== eb[i]) return ea[i]! - eb[i]!;
  return ea.length - eb.length;
}

const SKIP = new Set(["/specifications"]);
/** Entries looked at in the search for series: ~0.1 ms each, so a group of 100,000 entries cannot hold an open. */
export const SEARCH_BUDGET = 5_000;
const MAX_SEARCH_DEPTH = 32;

/**
 * Every group whose neurodata_type is ElectricalSeries, breadth first from the root (so the usual places come first
 * when the budget runs out). Links are not followed: a series reached by a soft link is found where it lives, and
 * links are how a file makes cycles (a soft link to an ancestor, two files linking to each other). A hard link to an
 * ancestor is a cycle too; the depth limit and the budget end it.
 */
function findSeriesPaths(file: File): { paths: string[]; cut: boolean } {
  const found: string[] = [];
  let budget = SEARCH_BUDGET;
  let cut = false;
  let level: Group[] = [file];
  for (let depth = 0; level.length; depth++) {
    if (depth === MAX_SEARCH_DEPTH || budget <= 0) {
      cut = true;
      break;
    }
    const next: Group[] = [];
    for (const g of level) {
      const keys = safeKeys(g);
      if (keys.length > budget) cut = true;
      for (const key of keys.slice(0, budget)) {
        budget--;
        const path = g.path === "/" ? `/${key}` : `${g.path}/${key}`;
        if (SKIP.has(path)) continue;
        const e = group(file, path);
        if (!e || isLink(file, path)) continue;
        if (attrText(e, "neurodata_type") === "ElectricalSeries") found.push(path);
        else next.push(e);
      }
      if (budget <= 0) break;
    }
    level = next;
  }
  return { paths: found, cut };
}

function safeKeys(g: Group): string[] {
  try {
    return g.keys();
  } catch {
    return [];
  }
}

function isLink(file: File, path: string): boolean {
  try {
    if (file.get_link(path)) return true;
  } catch {
    // not a soft link
  }
  try {
    return Boolean((file.get_external_link(path) as { filename?: string }).filename);
  } catch {
    return false;
  }
}

/**
 * Follows external links along a path so the caller knows which file holds the bytes; a link into a file that
 * was not opened is reported as data (the store matches files opened later against it).
 */
export function locate(
  set: FileSet,
  fileName: string,
  path: string,
  depth = 0,
): DatasetLocation | { missing: MissingLink } | { tooDeep: string } {
  const file = set.file(fileName);
  const parts = path.split("/").filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const prefix = "/" + parts.slice(0, i).join("/");
    let link: { filename?: string; obj_path?: string } = {};
    try {
      link = file.get_external_link(prefix) as typeof link;
    } catch {
      return { file: fileName, path };
    }
    if (link.filename && link.obj_path !== undefined) {
      const target = link.filename.split(/[\\/]/).pop()!;
      if (!set.has(target))
        return { missing: { file: target, linkFile: fileName, link: prefix, target: link.obj_path } };
      if (depth > 8) return { tooDeep: target };
      const rest = parts.slice(i).join("/");
      const next = rest ? `${link.obj_path.replace(/\/$/, "")}/${rest}` : link.obj_path;
      return locate(set, target, next, depth + 1);
    }
  }
  return { file: fileName, path };
}

/** Why a located dataset cannot be read, in the words of a series' problem list, or null. */
function linkProblem(what: string, loc: ReturnType<typeof locate>, missing: MissingLink[]): string | null {
  if ("missing" in loc) {
    missing.push(loc.missing);
    return `its ${what} an external link to ${loc.missing.file}, which was not opened with it`;
  }
  if ("tooDeep" in loc) return `its ${what} an external link to ${loc.tooDeep} through too many nested external links`;
  return null;
}

function readSeries(set: FileSet, fileName: string, file: File, path: string): ElectricalSeries {
  const problems: string[] = [];
  const dataLoc = locate(set, fileName, `${path}/data`);
  const series: ElectricalSeries = {
    path,
    description: "",
    data: { file: fileName, path: `${path}/data` },
    shape: [0, 0],
    dtype: "",
    rate: null,
    startingTime: 0,
    timestamps: null,
    conversion: 1,
    offset: 0,
    unit: "",
    channelConversion: null,
    electrodes: [],
    problem: null,
    missing: [],
  };
  const g = group(file, path)!;
  series.description = attrText(g, "description");
  const dataProblem = linkProblem("data is", dataLoc, series.missing);
  if (dataProblem) {
    problems.push(dataProblem);
  } else if ("file" in dataLoc) {
    series.data = dataLoc;
    const data = dataset(set.file(dataLoc.file), dataLoc.path);
    if (!data) problems.push("it has no data dataset");
    else readData(series, data, problems);
  }
  readTime(set, fileName, file, series, problems);
  const cc = dataset(file, `${path}/channel_conversion`);
  if (cc) series.channelConversion = datasetNumbers(cc);
  const region = dataset(file, `${path}/electrodes`);
  if (region) series.electrodes = readElectrodes(file, region);
  else problems.push("it has no electrodes region");
  const channels = series.shape[1];
  if (region && series.dtype && series.electrodes.length !== channels)
    problems.push(`it has ${channels} channels but its electrodes region lists ${series.electrodes.length} rows`);
  if (series.channelConversion && series.channelConversion.length !== channels)
    problems.push(`its channel_conversion has ${series.channelConversion.length} factors for ${channels} channels`);
  series.problem = problems.length ? problems.join("; ") : null;
  return series;
}

const NUMERIC = /^[<>|]?[bhilqBHILQfd]$/;

function readData(series: ElectricalSeries, data: Dataset, problems: string[]): void {
  const shape = data.shape ?? [];
  series.dtype = typeof data.dtype === "string" ? data.dtype : JSON.stringify(data.dtype);
  if (shape.length === 1) series.shape = [shape[0]!, 1];
  else if (shape.length === 2) series.shape = [shape[0]!, shape[1]!];
  else problems.push(`its data has ${shape.length} dimensions (expected samples × channels)`);
  if (!NUMERIC.test(series.dtype)) {
    problems.push(`its data type ${series.dtype} is not a number type`);
    series.dtype = "";
  }
  series.conversion = attrNumber(data, "conversion", 1);
  series.offset = attrNumber(data, "offset", 0);
  series.unit = attrText(data, "unit");
  if (unitFactor(series.unit) === null)
    problems.push(`its unit "${series.unit}" is not volts, millivolts or microvolts`);
}

function readTime(set: FileSet, fileName: string, file: File, series: ElectricalSeries, problems: string[]): void {
  const st = dataset(file, `${series.path}/starting_time`);
  if (st) {
    series.startingTime = firstNumber(st);
    const rate = attrNumber(st, "rate", NaN);
    if (Number.isFinite(rate) && rate > 0) series.rate = rate;
  }
  if (dataset(file, `${series.path}/timestamps`) || file.get(`${series.path}/timestamps`)) {
    const loc = locate(set, fileName, `${series.path}/timestamps`);
    const problem = linkProblem("timestamps are", loc, series.missing);
    if (problem) problems.push(problem);
    else if ("file" in loc) series.timestamps = loc;
  }
  if (series.rate === null && !series.timestamps) problems.push("it has neither a rate nor timestamps");
}
