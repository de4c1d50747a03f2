import { convert, planConversion, type ConvertOptions, type Summary } from "./convert/convert";
import { columnValues } from "./convert/encode-be";
import { filesPerChannelProblem } from "./convert/settings";
import { referenceSeconds, type SeriesPlan } from "./convert/plan";
import { rateTiming, samplesPerChunk, timestampTiming } from "./convert/timing";
import type { ByteSource } from "./hdf5/byte-source";
import { FileSet, checkHdf5, firstLine, type InputError } from "./hdf5/file-set";
import { describeFailure } from "./hdf5/hdf5-error";
import type { H5Module } from "./hdf5/h5";
import {
  listAttributes,
  listChildren,
  readAttributeText,
  type AttributeSummary,
  type ChildPage,
  type TextPage,
} from "./inspect/tree";
import { searchTree, type SearchResult } from "./inspect/search-tree";
import type { NwbFile } from "./nwb/model";
import { withTypes } from "./nwb/node-types";
import { nwbOverview, type OverviewSection } from "./nwb/overview";
import { isNwb, readNwb } from "./nwb/read-nwb";
import type { ChunkDecode, Inflate } from "./direct/direct-reader";
import { h5Rows, openRows } from "./open-rows";

/** One file of an opened set, as the app shows it. */
export interface OpenedFile {
  name: string;
  size: number;
  /** Family members joined into this file, in order (empty for ordinary files). */
  members: string[];
  isHdf5: boolean;
  nwb: NwbFile | null;
  /** What is wrong with the file, in plain words, naming it; null when it opened as it should. */
  error: string | null;
  /**
   * Something worth knowing that is not wrong, e.g. a valid NWB file with nothing to convert (its tree,
   * metadata and tables are still of use). Never set with `error`.
   */
  note?: string;
}

/** What a series will produce at a chunk size. */
export interface SeriesOutput {
  path: string;
  rate: number | null;
  segments: number;
  seconds: number | null;
  files: number;
  /** Files each channel makes: its chunks plus its metadata file (0 when it cannot convert). */
  filesPerChannel: number;
  bytes: number;
  problem: string | null;
}

export interface Preview {
  rate: number;
  /** Per channel, values in µV as converted. */
  channels: Float64Array[];
  names: string[];
}

export const NO_SERIES = "No ElectricalSeries to convert in this file; its tree and metadata are below.";

/**
 * Files opened together and everything the app asks of them. Pure core:
 * the worker wraps it, Node tests drive it directly.
 */
export class Session {
  readonly set: FileSet;
  private readonly nwb = new Map<string, NwbFile | InputError>();

  /** `inflate` enables the direct read path for bulk samples (see open-rows); `blosc` adds Blosc data to it. */
  constructor(
    module: H5Module,
    sources: ByteSource[],
    private readonly inflate?: Inflate,
    private readonly blosc?: ChunkDecode,
  ) {
    this.set = new FileSet(module, sources);
  }

  files(originalNames: string[]): OpenedFile[] {
    return this.set.sources.map((source) => {
      const members = originalNames.length > this.set.sources.length ? familyMembers(source.name, originalNames) : [];
      const base = { name: source.name, size: source.size, members };
      try {
        checkHdf5(source);
      } catch (e) {
        return { ...base, isHdf5: false, nwb: null, error: describeFailure(e, source.name, this.set.names) };
      }
      try {
        const file = this.set.file(source.name);
        if (!isNwb(file))
          return {
            ...base,
            isHdf5: true,
            nwb: null,
            error: `${source.name}: this is an HDF5 file but not an NWB file`,
          };
        const nwb = this.readNwb(source.name);
        if (!nwb.series.length) return { ...base, isHdf5: true, nwb, error: null, note: NO_SERIES };
        return { ...base, isHdf5: true, nwb, error: null };
      } catch (e) {
        return { ...base, isHdf5: false, nwb: null, error: describeFailure(e, source.name, this.set.names) };
      }
    });
  }

  readNwb(name: string): NwbFile {
    const cached = this.nwb.get(name);
    if (cached instanceof Error) throw cached;
    if (cached) return cached;
    const nwb = readNwb(this.set, name);
    this.nwb.set(name, nwb);
    return nwb;
  }

  children(name: string, path: string, offset?: number, limit?: number, through?: string): ChildPage {
    return withTypes(this.set.file(name), listChildren(this.set, name, path, offset, limit, through));
  }

  /** The objects whose path or neurodata type holds `query` (bounded: see SEARCH_LIMITS). */
  search(name: string, query: string): SearchResult {
    return searchTree(this.set.file(name), query);
  }

  /** The file's NWB parts (acquisition, processing, intervals …) from its structure alone. */
  overview(name: string): OverviewSection[] {
    return nwbOverview(this.set.file(name));
  }

  attributes(name: string, path: string): AttributeSummary[] {
    return listAttributes(this.set, name, path);
  }

  attributeText(name: string, path: string, attribute: string, offset: number, limit: number): TextPage {
    return readAttributeText(this.set, name, path, attribute, offset, limit);
  }

  outputs(name: string, chunkMb: number): SeriesOutput[] {
    const file = this.readNwb(name);
    const perChunk = samplesPerChunk(chunkMb);
    const rows = h5Rows(this.set);
    return file.series.map((series) => {
      const base = {
        path: series.path,
        rate: series.rate,
        segments: 0,
        seconds: null,
        files: 0,
        filesPerChannel: 0,
        bytes: 0,
      };
      if (series.problem) return { ...base, problem: series.problem };
      // The page checks the chunk size first; this keeps a slip from building millions of chunks here.
      const tooMany = filesPerChannelProblem(String(chunkMb), [{ path: series.path, rows: series.shape[0] }]);
      if (tooMany) return { ...base, problem: tooMany };
      try {
        const S = referenceSeconds(file);
        const timing = series.timestamps
          ? timestampTiming(series, rows(series.timestamps), S, perChunk)
          : rateTiming(series, series.rate!, S, perChunk);
        const channels = series.shape[1];
        return {
          ...base,
          rate: timing.rate,
          segments: timing.segments,
          seconds: (timing.end - timing.start) / 1e6,
          files: channels * (timing.chunks.length + 1),
          filesPerChannel: timing.chunks.length + 1,
          bytes: channels * series.shape[0] * 8,
          problem: null,
        };
      } catch (e) {
        return { ...base, problem: firstLine(e) };
      }
    });
  }

  preview(name: string, seriesPath: string, seconds: number, maxChannels: number): Preview {
    const file = this.readNwb(name);
    const [plan] = planConversion(file, [seriesPath], 1, h5Rows(this.set));
    const reader = h5Rows(this.set)(plan!.series.data);
    const rows = Math.min(reader.rows, Math.max(2, Math.round(plan!.timing.rate * seconds)));
    const shown = plan!.channels.slice(0, maxChannels);
    if (!shown.length) return { rate: plan!.timing.rate, names: [], channels: [] };
    // Only the columns shown: two seconds of 384 channels would otherwise grow the HDF5 worker's heap by ~50 MB
    // for good (WebAssembly memory never shrinks).
    const first = Math.min(...shown.map((c) => c.column));
    const last = Math.max(...shown.map((c) => c.column));
    const block = reader.read(0, rows, [first, last + 1]);
    return {
      rate: plan!.timing.rate,
      names: shown.map((c) => c.name || `channel ${c.index}`),
      channels: shown.map((c) =>
        columnValues({
          src: block,
          width: last + 1 - first,
          column: c.column - first,
          rows,
          scale: c.scale,
          offset: plan!.series.offset,
          unit: plan!.unitFactor,
        }),
      ),
    };
  }

  /** Plans a conversion of chosen series (timing, chunks, channel indices): light, no sample data. */
  plan(name: string, series: string[], chunkMb: number): SeriesPlan[] {
    return planConversion(this.readNwb(name), series, chunkMb, h5Rows(this.set));
  }

  /** Runs planned series through the pipeline into `options.sink`. */
  run(plans: SeriesPlan[], options: ConvertOptions): Promise<Summary> {
    return convert(plans, openRows(this.set, { inflate: this.inflate, blosc: this.blosc }), options);
  }

  convert(name: string, series: string[], chunkMb: number, options: ConvertOptions) {
    return this.run(this.plan(name, series, chunkMb), options);
  }

  close(): void {
    this.set.close();
  }
}

function familyMembers(name: string, originals: string[]): string[] {
  const m = /^(.*)_0(\.[^.]*)?$/.exec(name);
  if (!m) return [];
  const re = new RegExp(`^${escape(m[1]!)}_(\\d+)${escape(m[2] ?? "")}$`);
  return originals.filter((o) => re.test(o)).sort((a, b) => Number(re.exec(a)![1]) - Number(re.exec(b)![1]));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
