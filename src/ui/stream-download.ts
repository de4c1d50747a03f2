/**
 * "Download zip" straight into the browser's download: the service worker (public/download-sw.js) answers a
 * unique URL under the app's directory with a stream, and the HDF5 worker sends the zip's bytes into that stream
 * as it converts, paced by the download (backpressure). Nothing is written to the origin's storage first.
 */

const BASE = import.meta.env.BASE_URL;
/** The service worker acknowledges at once; a slower answer means it is not usable. */
const ANSWER_MS = 10_000;
/** How long a finished download's frame stays: the browser may still be turning its response into the download (a matter of milliseconds; ten seconds is ample). */
const FRAME_LINGER_MS = 10_000;
/** A message from the page now and then keeps the service worker alive through a long download. */
const KEEPALIVE_MS = 10_000;

/** At start-up, so that the first page load is controlled (the worker skips waiting and claims its clients). */
export function registerDownloadWorker(): void {
  if (!window.isSecureContext || !("serviceWorker" in navigator)) return;
  // A failed registration (blocked, private mode, a host that refuses it) leaves the other download paths.
  navigator.serviceWorker.register(`${BASE}download-sw.js`, { scope: BASE }).catch(() => undefined);
}

export interface StreamDownload {
  /** Goes to the HDF5 worker, which sends the zip's bytes through it to the service worker. */
  port: MessagePort;
  /** Resolves when the last byte reached the browser; rejects when the download failed or never started. */
  finished: Promise<void>;
  /** Makes the browser mark the download as failed (the conversion failed or was cancelled). */
  abort(reason: string): void;
}

type Message = { type: "registered" | "ready" | "started" | "done" | "failed" | "cancelled"; reason?: string };

/**
 * Prepares the download of `fileName`, or returns null when no service worker controls the page or it does not
 * answer: the caller then uses another path. The download itself starts with the zip's first bytes.
 */
export async function openStreamDownload(fileName: string): Promise<StreamDownload | null> {
  const sw = window.isSecureContext ? navigator.serviceWorker?.controller : null;
  if (!sw) return null;
  const id = crypto.randomUUID();
  const control = new MessageChannel();
  const data = new MessageChannel();
  const next = messages(control.port1);
  const frame = document.createElement("iframe");
  const keepalive = setInterval(() => navigator.serviceWorker.controller?.postMessage({ type: "ping" }), KEEPALIVE_MS);
  const abort = (reason: string) => {
    control.port1.postMessage({ type: "abort", reason });
    clearInterval(keepalive);
    frame.remove();
  };
  sw.postMessage({ type: "download", id, name: fileName, control: control.port2, data: data.port1 }, [
    control.port2,
    data.port1,
  ]);
  if ((await next(ANSWER_MS))?.type !== "registered") {
    abort("the service worker did not answer");
    return null;
  }
  const finished = (async () => {
    const ready = await next(Infinity);
    if (ready?.type !== "ready") throw ended(ready);
    // Opening the URL only now: its request must find the stream registered, and a conversion that fails
    // before its first byte leaves no failed download behind.
    frame.hidden = true;
    frame.src = new URL(`download/${id}/${encodeURIComponent(fileName)}`, new URL(BASE, document.baseURI)).href;
    document.body.append(frame);
    const started = await next(ANSWER_MS);
    if (started?.type !== "started") {
      abort("the download did not start");
      throw ended(started);
    }
    const end = await next(Infinity);
    if (end?.type !== "done") throw ended(end);
  })().then(
    () => {
      clearInterval(keepalive);
      // "done" means the browser has pulled the last byte, not that it has made a download of the response yet: a
      // small zip fits in the pipe before the response reaches the download manager, and removing the frame then
      // cancels the navigation, and the download with it (seen: 3 of 8 quick 51 kB zips in a row never appeared).
      setTimeout(() => frame.remove(), FRAME_LINGER_MS);
    },
    (e: unknown) => {
      clearInterval(keepalive);
      frame.remove();
      throw e;
    },
  );
  finished.catch(() => undefined);
  return { port: data.port2, finished, abort };
}

function ended(m: Message | null): Error {
  if (!m) return new Error("the browser did not start the download");
  return new Error(
    `the download ${m.type === "cancelled" ? "was cancelled" : "failed"}${m.reason ? `: ${m.reason}` : ""}`,
  );
}

/** The port's messages one at a time: `next(ms)` resolves with the next one, or null after `ms`. */
function messages(port: MessagePort): (ms: number) => Promise<Message | null> {
  const queue: Message[] = [];
  let waiting: ((m: Message) => void) | null = null;
  port.onmessage = (e: MessageEvent<Message>) => {
    if (waiting) waiting(e.data);
    else queue.push(e.data);
  };
  return (ms) =>
    new Promise((resolve) => {
      const queued = queue.shift();
      if (queued) return resolve(queued);
      const timer = Number.isFinite(ms) ? setTimeout(() => done(null), ms) : undefined;
      const done = (m: Message | null) => {
        clearTimeout(timer);
        waiting = null;
        resolve(m);
      };
      waiting = done;
    });
}
