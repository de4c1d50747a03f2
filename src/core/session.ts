import { convert, planConversion, type ConvertOptions, type Summary } from "./convert/convert";
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
import { readValuePage, readValueText, type ValuePage, type ValueText } from "./inspect/values";
import { searchTree, type SearchResult } from "./inspect/search-tree";
import type { NwbFile } from "./nwb/model";
import { withTypes } from "./nwb/node-types";
import { nwbOverview, type OverviewSection } from "./nwb/overview";
import { isNwb, readNwb } from "./nwb/read-nwb";
import type { ChunkDecode, Inflate } from "./direct/direct-reader";
import { h5Rows, openRows } from "./open-rows";
import { receivedChannels, type ReceivedChannel } from "./receive/channel-list";
import { estimateZip, type ZipEstimate } from "./receive/size-estimate";
import type { Gzip } from "./convert/gzip";
import { findTimeSeries, type TimeSeriesInfo } from "./preview/find-timeseries";
import { previewSeries } from "./preview/preview-series";
import type { PreviewWindow, WindowRequest } from "./preview/read-window";

/** One file of an opened set, as the app shows it. */
export interface OpenedFile {
  name: string;
  size: number;
  /** Family members joined into this file, in order (empty for ordinary files). */
  members: string[];
  /** Where the file was read from when it was opened by URL (the page shows it). */
  url?: string;
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

export const NO_SERIES = "No ElectricalSeries to convert in this file; its tree and metadata are below.";

/**
 * Files opened together and everything the app asks of them. Pure core:
 * the worker wraps it, Node tests drive it directly.
 */
export class Session {
  readonly set: FileSet;
  private readonly nwb = new Map<string, NwbFile | InputError>();
  private readonly timeSeriesOf = new Map<string, TimeSeriesInfo[]>();

  /**
   * `inflate` enables the direct read path for bulk samples (see open-rows); `blosc` adds Blosc data to it. A set
   * already opened (files by URL, with what was found beside them) is taken as it is.
   */
  constructor(
    module: H5Module,
    sources: ByteSource[] | FileSet,
    private readonly inflate?: Inflate,
    private readonly blosc?: ChunkDecode,
  ) {
    this.set = sources instanceof FileSet ? sources : new FileSet(module, sources);
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

  /** The values of a dataset in the box `start`/`count` (empty for a scalar): a page, never more. */
  values(name: string, path: string, start: number[], count: number[]): ValuePage {
    return readValuePage(this.set, name, path, start, count);
  }

  /** Part of one element's text (a long string read in steps). */
  valueText(name: string, path: string, index: number[], field: number, offset: number, limit: number): ValueText {
    return readValueText(this.set, name, path, index, field, offset, limit);
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

  /** Every TimeSeries of a file that can be previewed (of any type inheriting TimeSeries, not only electrical). */
  timeSeries(name: string): TimeSeriesInfo[] {
    let found = this.timeSeriesOf.get(name);
    if (!found) this.timeSeriesOf.set(name, (found = findTimeSeries(this.set, name)));
    return found;
  }

  /** A window of a series reduced to min/max per pixel column, read lazily in bounded blocks. */
  preview(name: string, request: WindowRequest): PreviewWindow {
    const info = this.timeSeries(name).find((t) => t.path === request.series);
    if (!info) throw new Error(`${name}: no TimeSeries with data to preview at ${request.series}`);
    let nwb: NwbFile | null = null;
    try {
      nwb = this.readNwb(name);
    } catch {
      // Not NWB enough to convert; its TimeSeries still preview in their own units.
    }
    return previewSeries(this.set, nwb, info, request);
  }

  /** Plans a conversion of chosen series (timing, chunks, channel indices): light, no sample data. */
  plan(name: string, series: string[], chunkMb: number): SeriesPlan[] {
    return planConversion(this.readNwb(name), series, chunkMb, h5Rows(this.set));
  }

  /** The channels the conversion of these series will write, as their metadata files will say. */
  receivedChannels(name: string, series: string[], chunkMb: number): ReceivedChannel[] {
    return receivedChannels(this.plan(name, series, chunkMb));
  }

  /** The size of the zip a conversion at `level` makes: exact at level 0, from a few gzipped chunk files above. */
  estimateZip(name: string, series: string[], chunkMb: number, level: number, gzip: Gzip): Promise<ZipEstimate> {
    return estimateZip(this.plan(name, series, chunkMb), level, h5Rows(this.set), gzip);
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
