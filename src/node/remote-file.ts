import { remoteName } from "../core/remote/dandi";
import { rangeFetcher } from "../core/remote/range-fetcher";
import { openRemoteSource, type RemoteSource } from "../core/remote/remote-source";
import { startFetchThread, syncRangeReader, syncRangeReaderMany } from "./sync-fetch";

/**
 * A remote file for the Node engine: sample reads fetch from this thread, HDF5's synchronous reads through the
 * fetch thread (sync-fetch.ts). Requests carry a Range header and nothing else: no cookies, no credentials.
 */
export function openRemoteFile(url: string, name = remoteName(url)): Promise<RemoteSource> {
  const tries = { backoffMs: backoffFromEnv() };
  startFetchThread(); // loading while the head of the file comes
  return openRemoteSource({
    name,
    fetcher: rangeFetcher(url, { fetch, ...tries }),
    readSync: syncRangeReader(url, tries),
    readSyncMany: syncRangeReaderMany(url, tries),
  });
}

/** NWB2PENNSIEVE_BACKOFF_MS: the first wait before a retry, doubled at each (200 ms; tests shorten it). */
function backoffFromEnv(): number | undefined {
  const ms = Number(process.env.NWB2PENNSIEVE_BACKOFF_MS);
  return ms >= 0 && process.env.NWB2PENNSIEVE_BACKOFF_MS ? ms : undefined;
}
