import type { RangeFetcher } from "../core/remote/range-fetcher";
import { syncRangeReader, type RangeAnswer, type SyncRangeReader } from "../core/remote/sync-range";

/**
 * HDF5's synchronous reads of a remote file in the page's worker: a synchronous XMLHttpRequest (allowed in
 * dedicated workers), which blocks only this worker. The other way, an Atomics bridge to a fetching thread, needs
 * SharedArrayBuffer, which a page gets only when cross-origin isolated (COOP/COEP headers a static host cannot be
 * relied on to send); measured beside a fetch in bench/README.md ("Remote files in the page").
 * Only a `Range` header and no credentials, so the request is CORS-simple (no preflight) and carries no cookies.
 */

/** A try that has not completed its body in this time is given up and tried again (as range-fetcher.ts). */
const TIMEOUT_MS = 60_000;

function xhrSend(url: string, start: number, end: number): RangeAnswer {
  const xhr = new XMLHttpRequest();
  xhr.open("GET", url, false);
  xhr.responseType = "arraybuffer";
  xhr.withCredentials = false;
  xhr.timeout = TIMEOUT_MS;
  xhr.setRequestHeader("Range", `bytes=${start}-${end - 1}`);
  xhr.send(); // throws a NetworkError when the connection fails or drops
  const ok = xhr.status === 206 && xhr.response instanceof ArrayBuffer;
  return {
    status: xhr.status,
    contentRange: xhr.getResponseHeader("Content-Range"),
    url: xhr.responseURL,
    body: ok ? new Uint8Array(xhr.response as ArrayBuffer) : new Uint8Array(0),
  };
}

/**
 * Waits between tries. Without SharedArrayBuffer a worker has no blocking sleep (Atomics.wait needs one), so it
 * spins; only after a failure, a few seconds at most over every try.
 */
function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // nothing: the wait is the point
  }
}

/** The blocking side of a remote file whose asynchronous side is `fetcher`: it starts from the URL that resolved. */
export function xhrRangeReader(fetcher: RangeFetcher): SyncRangeReader {
  return syncRangeReader({
    url: fetcher.url,
    send: xhrSend,
    sleep: spin,
    size: () => fetcher.size,
    resolved: () => fetcher.resolved,
  });
}
