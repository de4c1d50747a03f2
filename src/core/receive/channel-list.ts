import { channelMetadata, metadataFileName, type SeriesPlan } from "../convert/plan";

/** One channel as Pennsieve will receive it: its metadata file's fields and the files the conversion makes. */
export interface ReceivedChannel {
  index: number;
  /** The channel's metadata file in the output, e.g. channel-00000.metadata.json. */
  file: string;
  /** HDF5 path of the series it comes from. */
  series: string;
  name: string;
  group: string;
  unit: "uV";
  rate: number;
  /** Microseconds since the Unix epoch (UTC), as the metadata file says. */
  start: number;
  end: number;
  segments: number;
  chunkFiles: number;
}

/**
 * The channel list of a conversion plan, from the very functions the conversion writes its metadata with
 * (`channelMetadata`): what is listed is what the files will say.
 */
export function receivedChannels(plans: SeriesPlan[]): ReceivedChannel[] {
  return plans.flatMap((plan) =>
    plan.channels.map((channel) => {
      const m = channelMetadata(plan, channel);
      return {
        index: channel.index,
        file: metadataFileName(channel.index),
        series: plan.series.path,
        name: m.name,
        group: m.group,
        unit: m.unit,
        rate: m.rate,
        start: m.start,
        end: m.end,
        segments: plan.timing.segments,
        chunkFiles: plan.timing.chunks.length,
      };
    }),
  );
}

/**
 * Microseconds since the epoch as an ISO 8601 date in UTC with all six fractional digits (a Date holds only
 * milliseconds, and Pennsieve's times are microseconds).
 */
export function microsToIso(us: number): string {
  const ms = Math.floor(us / 1000);
  const fraction = us - ms * 1000; // 0..999 also before 1970
  const base = new Date(ms).toISOString(); // …T12:34:56.789Z
  return `${base.slice(0, -1)}${String(fraction).padStart(3, "0")}Z`;
}
