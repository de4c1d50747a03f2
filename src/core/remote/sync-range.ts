import { CONTENT_RANGE, CONTENT_RANGE_HIDDEN, NO_RANGES, RemoteError, statusWord } from "./range-fetcher";

/**
 * Blocking range reads of one remote file, for HDF5's synchronous reads where no thread can be blocked on another
 * (a page's worker: synchronous XHR, xhr-range.ts). The same failures as the asynchronous side (range-fetcher.ts)
 * are met the same way: the signed URL the redirects ended at is asked directly, so that a miss costs one
 * request, and resolved again through the original URL when it is refused (403); 5xx, 429, dropped connections
 * and short bodies are tried again after a wait that doubles. The request itself is injected (`send`), so this
 * logic runs in Node too.
 */

/** What one range request got: its status, `Content-Range` (null when absent or hidden), final URL and body. */
export interface RangeAnswer {
  status: number;
  contentRange: string | null;
  /** The URL the answer came from after redirects ("" when the client does not say). */
  url: string;
  body: Uint8Array;
}

/** One blocking GET of bytes [start, end) with a single Range header; throws when the connection fails. */
export type SendRange = (url: string, start: number, end: number) => RangeAnswer;

export interface SyncRangeOptions {
  url: string;
  send: SendRange;
  /** Blocks for `ms` (a worker without SharedArrayBuffer can only spin). */
  sleep: (ms: number) => void;
  /** The file's size as known so far (from the asynchronous side's first answer, or given). */
  size: () => number | undefined;
  /** The URL the asynchronous side's redirects ended at, tried first (a signed URL), or null. */
  resolved?: () => string | null;
  /** Tries after the first (5) and the first wait (200 ms), as range-fetcher.ts. */
  retries?: number;
  backoffMs?: number;
}

export interface SyncRangeReader {
  /** Bytes [start, end) of the file, exactly (end within the size). */
  read(start: number, end: number): Uint8Array;
  /** Requests made, each try counted. */
  readonly requests: number;
}

class Transient extends Error {}

export function syncRangeReader(options: SyncRangeOptions): SyncRangeReader {
  const { url, send } = options;
  const retries = options.retries ?? 5;
  const backoffMs = options.backoffMs ?? 200;
  // undefined: not resolved here yet, so the asynchronous side's resolution is used; null: refused, ask `url`.
  let resolved: string | null | undefined;
  let requests = 0;

  function once(start: number, end: number): Uint8Array {
    const target = (resolved === undefined ? options.resolved?.() : resolved) ?? url;
    requests++;
    let answer: RangeAnswer;
    try {
      answer = send(target, start, end);
    } catch (e) {
      throw new Transient(`the connection failed (${e instanceof Error ? e.message : String(e)})`);
    }
    const redirected = answer.url !== "" && answer.url !== target;
    if (answer.status === 0) throw new Transient("the connection failed");
    if (answer.status === 403 && (target !== url || redirected)) {
      resolved = null; // the signed URL expired: the next try asks the original URL for a fresh one
      throw new Transient("the signed URL expired (403)");
    }
    if (answer.status >= 500 || answer.status === 429) throw new Transient(`the server answered ${answer.status}`);
    if (answer.status === 200) throw new RemoteError(url, NO_RANGES);
    if (answer.status !== 206)
      throw new RemoteError(url, `the server answered ${answer.status}${statusWord(answer.status)}`, answer.status);
    const size = options.size();
    const range = CONTENT_RANGE.exec(answer.contentRange ?? "");
    if (answer.contentRange === null && size === undefined) throw new RemoteError(url, CONTENT_RANGE_HIDDEN);
    if (answer.contentRange !== null && (!range || Number(range[1]) !== start))
      throw new RemoteError(url, "the server answered a range without a matching Content-Range header");
    if (redirected) resolved = answer.url;
    const want = range ? Number(range[2]) + 1 - start : Math.min(end, size!) - start;
    if (answer.body.length !== want) throw new Transient(`a short body (${answer.body.length} of ${want} bytes)`);
    return answer.body.length > end - start ? answer.body.subarray(0, end - start) : answer.body;
  }

  return {
    get requests() {
      return requests;
    },
    read(start, end) {
      if (end <= start) return new Uint8Array(0);
      for (let attempt = 0; ; attempt++) {
        try {
          return once(start, end);
        } catch (e) {
          if (!(e instanceof Transient)) throw e;
          if (attempt >= retries) throw new RemoteError(url, `${e.message}, ${retries + 1} tries`);
          options.sleep(backoffMs * 2 ** attempt);
        }
      }
    },
  };
}
