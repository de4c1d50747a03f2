import type { ByteSource } from "../core/hdf5/byte-source";
import type { H5Module } from "../core/hdf5/h5";
import type { FileSet } from "../core/hdf5/file-set";
import { withFamiliesBeside, withLinksBeside } from "../core/remote/beside";
import { remoteName } from "../core/remote/dandi";
import { rangeFetcher } from "../core/remote/range-fetcher";
import type { RemoteEntry } from "../core/remote/remote-entry";
import { openRemoteSource, type RemoteSource } from "../core/remote/remote-source";
import { xhrRangeReader } from "./xhr-range";

/**
 * Files the page opens by URL: HDF5's reads block on a synchronous XHR on a miss of the block cache (xhr-range.ts),
 * the direct sample reader fetches asynchronously, several ranges at a time. Only the URL given is asked (and the
 * URL it redirects to); `fetch` goes out without credentials (range-fetcher.ts), so no cookie is sent.
 */
export function openRemoteEntry(entry: RemoteEntry): Promise<RemoteSource> {
  const fetcher = rangeFetcher(entry.url, { fetch: (url, init) => fetch(url, init), size: entry.size });
  const sync = xhrRangeReader(fetcher);
  return openRemoteSource({ name: entry.name, fetcher, readSync: (start, end) => sync.read(start, end) });
}

export const isRemoteEntry = (source: File | RemoteEntry): source is RemoteEntry =>
  !(source instanceof File) && typeof (source as RemoteEntry).url === "string";

/**
 * The set over `sources` (local files and remote ones) with the family members and external-link targets found
 * beside the files given by URL (core/remote/beside.ts: same folder, same host). `names`: every source as given, a
 * family's members each.
 */
export async function openWithBeside(
  module: H5Module,
  sources: ByteSource[],
): Promise<{ set: FileSet; names: string[]; urls: Map<string, string> }> {
  const open = (url: string) => openRemoteEntry({ url, name: remoteName(url) });
  const found = await withLinksBeside(module, await withFamiliesBeside(sources, open), open);
  const urls = new Map<string, string>();
  for (const s of found.sources) if ("url" in s && typeof s.url === "string") urls.set(s.name, s.url);
  return { set: found.set, names: found.sources.map((s) => s.name), urls };
}
