/**
 * A worker blocked in a synchronous network read (xhr-range.ts) cannot answer the page's pings, and the page would
 * take it for the HDF5 library stuck in a damaged file. So before each blocking read (or wait between tries) it
 * says so, and after it; the page (ui/bridge.ts) counts a worker waiting on the network as alive, up to the
 * read's own timeout. Plain messages beside comlink's, which ignores messages without its ids.
 */
export const NETWORK_WAIT = "nwb2pennsieve:network-wait";

/** The message: `waiting` true before a blocking read, false after it. */
export interface NetworkWait {
  [NETWORK_WAIT]: boolean;
}

/** A blocking read's longest wait for its answer (its XHR timeout), after which it fails on its own. */
export const NETWORK_READ_MS = 60_000;

/** Runs `read` (blocking), with the page told that the worker waits on the network meanwhile. */
export function waitingOnNetwork<T>(read: () => T): T {
  const post = (globalThis as unknown as { postMessage?: (m: NetworkWait) => void }).postMessage;
  post?.call(globalThis, { [NETWORK_WAIT]: true });
  try {
    return read();
  } finally {
    post?.call(globalThis, { [NETWORK_WAIT]: false });
  }
}
