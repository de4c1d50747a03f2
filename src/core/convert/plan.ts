import type { ElectricalSeries, NwbFile } from "../nwb/model";
import { isoToSeconds } from "../nwb/time";
import { unitFactor } from "../nwb/units";
import type { Timing } from "./timing";

/** What one output channel is: its global index and its metadata file. */
export interface ChannelPlan {
  index: number;
  column: number;
  name: string;
  group: string;
  /** s_c of spec §3: channel_conversion[c] · conversion, or conversion. */
  scale: number;
}

export interface SeriesPlan {
  series: ElectricalSeries;
  timing: Timing;
  unitFactor: number;
  channels: ChannelPlan[];
}

export interface ChannelMetadata {
  name: string;
  start: number;
  end: number;
  unit: "uV";
  rate: number;
  type: "CONTINUOUS";
  group: string;
  lastAnnotation: 0;
  properties: [];
}

export const channelLabel = (index: number): string => `channel-${String(index).padStart(5, "0")}`;

export const chunkFileName = (index: number, start: number, end: number): string =>
  `${channelLabel(index)}_${start}_${end}.bin.gz`;

export const metadataFileName = (index: number): string => `${channelLabel(index)}.metadata.json`;

/** S of spec §4: the reference time of the file's timestamps, in seconds since the epoch. */
export function referenceSeconds(file: NwbFile): number {
  const { timestampsReferenceTime, sessionStartTime } = file.session;
  const text = timestampsReferenceTime || sessionStartTime;
  if (!text) throw new Error(`${file.name}: it has no session_start_time`);
  return isoToSeconds(text);
}

/** Series to convert: the named ones (each once), or the /acquisition ones. */
export function selectSeries(file: NwbFile, paths: string[]): ElectricalSeries[] {
  if (paths.length === 0) return file.series.filter((s) => s.path.startsWith("/acquisition/"));
  const chosen = new Set<ElectricalSeries>();
  for (const p of paths) {
    const s = file.series.find((x) => x.path === p.replace(/\/+$/, ""));
    if (!s) throw new Error(`${file.name}: no ElectricalSeries at ${p}`);
    chosen.add(s);
  }
  return [...chosen];
}

/** Channel plans with global indices across series, starting at `firstIndex`. */
export function planChannels(series: ElectricalSeries, firstIndex: number): ChannelPlan[] {
  const channels: ChannelPlan[] = [];
  for (let c = 0; c < series.shape[1]; c++) {
    const cc = series.channelConversion;
    const electrode = series.electrodes[c] ?? { name: "", group: "default" };
    channels.push({
      index: firstIndex + c,
      column: c,
      name: electrode.name,
      group: electrode.group,
      scale: cc ? cc[c]! * series.conversion : series.conversion,
    });
  }
  return channels;
}

export function channelMetadata(plan: SeriesPlan, channel: ChannelPlan): ChannelMetadata {
  return {
    name: channel.name,
    start: plan.timing.start,
    end: plan.timing.end,
    unit: "uV",
    rate: plan.timing.rate,
    type: "CONTINUOUS",
    group: channel.group,
    lastAnnotation: 0,
    properties: [],
  };
}

export function seriesUnitFactor(series: ElectricalSeries): number {
  const u = unitFactor(series.unit);
  if (u === null) throw new Error(`${series.path}: unit "${series.unit}" is not volts, millivolts or microvolts`);
  return u;
}

/** Output files and decompressed bytes a plan will write. */
export function planSize(plans: SeriesPlan[]): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const p of plans) {
    files += p.channels.length * (p.timing.chunks.length + 1);
    bytes += p.channels.length * p.series.shape[0] * 8;
  }
  return { files, bytes };
}

/** Every chunk file a plan writes, in the order the pipeline writes them. */
export function* chunkFiles(plans: SeriesPlan[]): Generator<{ name: string; index: number; rows: number }> {
  for (const p of plans)
    for (const chunk of p.timing.chunks)
      for (const ch of p.channels)
        yield {
          name: chunkFileName(ch.index, chunk.start, chunk.end),
          index: ch.index,
          rows: chunk.last - chunk.first + 1,
        };
}
