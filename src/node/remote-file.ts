import { remoteName } from "../core/remote/dandi";
import { rangeFetcher } from "../core/remote/range-fetcher";
import { openRemoteSource, type RemoteSource } from "../core/remote/remote-source";
import { syncRangeReader } from "./sync-fetch";

/**
 * A remote file for the Node engine: sample reads fetch from this thread, HDF5's synchronous reads through the
 * fetch thread (sync-fetch.ts). Requests carry a Range header and nothing else: no cookies, no credentials.
 */
export function openRemoteFile(url: string, name = remoteName(url)): Promise<RemoteSource> {
  return openRemoteSource({
    name,
    fetcher: rangeFetcher(url, { fetch }),
    readSync: syncRangeReader(url),
  });
}
