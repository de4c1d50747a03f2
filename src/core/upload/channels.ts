import type { ChannelMetadata } from "../convert/plan";
import type { PennsieveApi } from "./api";

interface RemoteChannel {
  content: { id: string; name: string; rate: number; channelType?: string; type?: string };
}

/** A planned channel: its local index (the `channel-NNNNN` of the file names) and its metadata. */
export interface LocalChannel {
  index: number;
  metadata: ChannelMetadata;
}

/** Pennsieve's rule: same name and type ignoring case, rates within 2 %. */
export function sameChannel(local: ChannelMetadata, remote: RemoteChannel["content"]): boolean {
  const type = (remote.channelType ?? remote.type ?? "").toLowerCase();
  return (
    remote.name.toLowerCase() === local.name.toLowerCase() &&
    type === local.type.toLowerCase() &&
    Math.abs(1 - local.rate / remote.rate) < 0.02
  );
}

/**
 * Channels created at once at most. One at a time, each waits a round trip: 384 channels over a 100 ms link took
 * 38 s before the first file went; a few at a time keep the API's load what one upload's file requests make it.
 */
export const CREATING_AT_ONCE = 4;

/** Channel ids by local index: existing channels reused, the others created (a few at a time). */
export async function matchChannels(
  api: PennsieveApi,
  packageId: string,
  channels: LocalChannel[],
): Promise<{ ids: Map<number, string>; created: number; reused: number }> {
  const url = `${api.hosts.api}/timeseries/${encodeURIComponent(packageId)}/channels`;
  const existing = await api.get<RemoteChannel[]>("listing the package's channels", url);
  const taken = new Set<string>();
  const ids = new Map<number, string>();
  const toCreate: { index: number; metadata: ChannelMetadata }[] = [];
  for (const { index, metadata: given } of channels) {
    // Pennsieve refuses blank names: such channels are named after their index, on every upload alike.
    const metadata = { ...given, name: given.name.trim() || `channel-${String(index).padStart(5, "0")}` };
    const match = existing.find((r) => !taken.has(r.content.id) && sameChannel(metadata, r.content));
    if (match) {
      taken.add(match.content.id);
      ids.set(index, match.content.id);
    } else toCreate.push({ index, metadata });
  }
  let next = 0;
  const creator = async () => {
    while (next < toCreate.length) {
      const { index, metadata } = toCreate[next++]!;
      const { type, ...rest } = metadata;
      const made = await api.send<RemoteChannel>("creating a channel", "POST", url, { ...rest, channelType: type });
      ids.set(index, made.content.id);
    }
  };
  // The first failure fails the whole; the other creators stop at their next channel.
  await Promise.all(Array.from({ length: Math.min(CREATING_AT_ONCE, toCreate.length) }, creator)).catch((e) => {
    next = toCreate.length;
    throw e;
  });
  return { ids, created: toCreate.length, reused: channels.length - toCreate.length };
}
