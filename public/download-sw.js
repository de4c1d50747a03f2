// The download service worker: it answers `<scope>download/<id>/<name>` with the zip stream the page registered
// under that id, so a conversion streams straight into the browser's download (no copy in the origin's storage).
// Every other request passes through untouched, and it makes no request of its own.
// Protocol (src/ui/stream-download.ts): the page posts { type: "download", id, name, control, data } with two
// transferred ports. Through `data` the HDF5 worker sends the zip's bytes (src/worker/stream-bytes.ts).
// `control` talks to the page: "registered", "ready" (the first bytes came: the page now opens the URL),
// "started" (the download's request arrived), "done" (the last byte went to the browser), "failed" or
// "cancelled" (the browser stopped reading); the page may post "abort" on it.
// "ping" messages from the page only keep this worker alive during a long download.

/** @type {Map<string, { name: string, body: ReadableStream<Uint8Array>, control: MessagePort }>} */
const downloads = new Map();

self.addEventListener("install", () => void self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("message", (event) => {
  const m = event.data;
  if (m?.type !== "download" || typeof m.id !== "string" || !m.control || !m.data) return;
  downloads.set(m.id, { name: String(m.name), body: zipStream(m.id, m.control, m.data), control: m.control });
  m.control.postMessage({ type: "registered" });
});

/**
 * The response body, fed by the HDF5 worker through `data`: { type: "bytes", bytes } (transferred buffers),
 * "end" or "abort". Each chunk taken by the browser is acknowledged ({ type: "ack", bytes }), and the worker
 * waits while too many are unacknowledged: the conversion runs at the download's pace. When the download ends
 * otherwise (the user cancelled it, the page aborted it), the worker gets { type: "stop" }.
 */
function zipStream(id, control, data) {
  /** @type {Uint8Array[]} */
  const queue = [];
  /** @type {Uint8Array[]} the last chunks given to the download's body */
  const given = [];
  let last = false; // "end" came: the queue holds the rest
  let ready = false;
  let ended = false;
  let wake = () => {};
  /** @type {ReadableStreamDefaultController<Uint8Array>} */
  let body;
  const end = (type, reason) => {
    if (ended) return;
    ended = true;
    downloads.delete(id);
    queue.length = 0;
    given.length = 0;
    control.postMessage({ type, reason: reason === undefined ? undefined : String(reason) });
    control.close();
    // A worker still writing stops at its next write.
    if (type !== "done") data.postMessage({ type: "stop" });
    else data.close();
    wake();
  };
  const fail = (reason) => {
    if (ended) return;
    // The error makes the browser mark the download as failed: never a file that looks complete.
    body.error(new Error(reason ?? "aborted"));
    end("failed", reason);
  };
  data.onmessage = (e) => {
    const m = e.data;
    if (m?.type === "bytes") queue.push(m.bytes);
    else if (m?.type === "end") last = true;
    else if (m?.type === "abort") fail(m.reason);
    if (!ready && !ended && (queue.length || last)) {
      ready = true;
      control.postMessage({ type: "ready" });
    }
    wake();
  };
  control.onmessage = (e) => {
    if (e.data?.type === "abort") fail(e.data.reason);
  };
  return new ReadableStream(
    {
      start(controller) {
        body = controller;
      },
      async pull(controller) {
        while (!queue.length && !last && !ended) await new Promise((resolve) => (wake = resolve));
        if (ended) return;
        const chunk = queue.shift();
        if (chunk) {
          controller.enqueue(chunk);
          // With no queue of its own (highWaterMark 0) the body is pulled only when the browser asks for its next
          // chunk, which it does once it has copied the last one out: the chunk before that is long done with, and
          // goes back to the worker to take a later file's bytes (instead of waiting here for garbage collection).
          given.push(chunk);
          const back = given.length > 2 ? given.shift() : undefined;
          data.postMessage({ type: "ack", bytes: chunk.length, back }, back ? [back.buffer] : []);
        } else {
          controller.close();
          end("done");
        }
      },
      cancel(reason) {
        end("cancelled", reason);
      },
    },
    { highWaterMark: 0 },
  );
}

self.addEventListener("fetch", (event) => {
  const prefix = `${self.registration.scope}download/`;
  const { request } = event;
  if (request.method !== "GET" || !request.url.startsWith(prefix)) return; // not ours: the network answers
  const id = request.url.slice(prefix.length).split("/")[0];
  const download = downloads.get(id);
  if (!download) {
    const text = "No such download: it has ended, or the page that started it was closed.";
    event.respondWith(new Response(text, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } }));
    return;
  }
  // One response per id: a second request for the same URL gets the 404.
  downloads.delete(id);
  download.control.postMessage({ type: "started" });
  const name = encodeURIComponent(download.name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
  const headers = {
    "Content-Type": "application/zip",
    "Content-Disposition": `attachment; filename*=UTF-8''${name}`,
    "Cache-Control": "no-store",
  };
  event.respondWith(new Response(download.body, { headers }));
});
