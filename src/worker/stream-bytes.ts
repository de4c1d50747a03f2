import type { ByteSink } from "../core/sink/zip-writer";

/**
 * Bytes sent and not yet taken by the download: the writer waits above this (backpressure). The download takes
 * bytes in bursts; 32 MiB rides them out where 8 and 16 MiB stalled the conversion (B2 960 MB at level 0,
 * 3 runs each: 4.08–4.40 s with 16 MiB, 3.67–3.83 s with 32 MiB), for ~25–40 MB more held at the peak.
 */
export const WINDOW_BYTES = 32 << 20;

/** What goes to the service worker through the port. */
export type ToServiceWorker =
  { type: "bytes"; bytes: Uint8Array } | { type: "end" } | { type: "abort"; reason: string };
/** What comes back: bytes the download took, or that the browser stopped it. */
export type FromServiceWorker = { type: "ack"; bytes: number } | { type: "stop" };

/**
 * Zip bytes for the service worker that turns them into the browser's download (`port` leads to it). Each
 * chunk is moved (transferred, not cloned) to the service worker, copied first only when the writer keeps its
 * buffer, and the writer waits while more than WINDOW_BYTES are on their way, so memory stays bounded whatever
 * the zip's size and the conversion runs at the download's pace. Nothing is sent before the first bytes, so a conversion
 * that fails before writing anything leaves no download behind.
 */
export function streamBytes(
  port: MessagePort,
  signal?: AbortSignal,
): ByteSink & { abort(reason: string): Promise<void> } {
  let unacked = 0;
  let stopped: Error | null = null;
  let wake = () => {};
  // A download that stopped taking bytes (paused, a dead service worker) must not hold a cancelled conversion.
  signal?.addEventListener("abort", () => {
    stopped ??= new Error("cancelled");
    wake();
  });
  port.onmessage = (e: MessageEvent<FromServiceWorker>) => {
    if (e.data.type === "ack") unacked -= e.data.bytes;
    else stopped = new Error("the browser stopped the download (stopped in its downloads list, or the disk is full)");
    wake();
  };
  const send = (m: ToServiceWorker, transfer: Transferable[] = []) => port.postMessage(m, transfer);
  let closed = false;
  return {
    async write(chunk, yours) {
      while (unacked >= WINDOW_BYTES && !stopped) await new Promise<void>((resolve) => (wake = resolve));
      if (stopped) throw stopped;
      // A transfer moves the whole buffer: it needs one that is ours and holds just this chunk, else a copy.
      const whole = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength;
      const bytes = yours && whole ? chunk : chunk.slice();
      unacked += bytes.length;
      send({ type: "bytes", bytes }, [bytes.buffer]);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (stopped) throw stopped;
      send({ type: "end" });
    },
    async abort(reason) {
      if (closed) return;
      closed = true;
      // The service worker errors the download's body: the browser marks the download as failed.
      send({ type: "abort", reason });
      port.close();
    },
  };
}
