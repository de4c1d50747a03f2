import type { ByteSink } from "../core/sink/zip-writer";

/**
 * Bytes sent and not yet taken by the download: the writer waits above this (backpressure). The download takes
 * bytes in bursts, and a conversion that holds little else (narrow data: a few MB per block) stalls between them
 * with a small window (B2 960 MB at level 0, 3 runs each: 3.54–3.67 s with 32 MiB, 3.47–4.08 s with 16 MiB,
 * 3.75–4.86 s with 8 MiB).
 */
export const WINDOW_BYTES = 32 << 20;
/**
 * Wide data holds two channel-major blocks of input already and keeps its pipeline busy through the bursts with
 * the small window, which it then spends on memory instead (A384 at level 0, 3 runs each: 7.34–7.85 s and a peak
 * PSS sum of 969–1,020 MB with 8 MiB; 7.71–9.24 s and 1,008–1,036 MB with 32 MiB).
 */
export const WIDE_WINDOW_BYTES = 8 << 20;

/** The window for a conversion whose blocks make `blockOutputBytes` of files each (all channels, one chunk). */
export function windowFor(blockOutputBytes: number): number {
  return blockOutputBytes > 64e6 ? WIDE_WINDOW_BYTES : WINDOW_BYTES;
}

/** What goes to the service worker through the port. */
export type ToServiceWorker =
  { type: "bytes"; bytes: Uint8Array } | { type: "end" } | { type: "abort"; reason: string };
/**
 * What comes back: bytes the download took (with, now and then, an earlier chunk's buffer it is done with), or
 * that the browser stopped it.
 */
export type FromServiceWorker = { type: "ack"; bytes: number; back?: Uint8Array } | { type: "stop" };

/** Buffers given back and kept for later files: a few windows' worth of chunks is plenty. */
const SPARES = 24;

/**
 * Zip bytes for the service worker that turns them into the browser's download (`port` leads to it). Each
 * chunk is moved (transferred, not cloned) to the service worker, copied first only when the writer keeps its
 * buffer, and the writer waits while more than `window` bytes are on their way, so memory stays bounded whatever
 * the zip's size and the conversion runs at the download's pace. Nothing is sent before the first bytes, so a conversion
 * that fails before writing anything leaves no download behind.
 */
export function streamBytes(
  port: MessagePort,
  signal?: AbortSignal,
  window = WINDOW_BYTES,
): ByteSink & {
  abort(reason: string): Promise<void>;
  spare(bytes: number): ArrayBuffer | undefined;
  release(): Promise<MessagePort>;
} {
  let unacked = 0;
  let stopped: Error | null = null;
  let wake = () => {};
  // A download that stopped taking bytes (paused, a dead service worker) must not hold a cancelled conversion.
  signal?.addEventListener("abort", () => {
    stopped ??= new Error("cancelled");
    wake();
  });
  const spares: ArrayBuffer[] = [];
  port.onmessage = (e: MessageEvent<FromServiceWorker>) => {
    if (e.data.type === "ack") {
      unacked -= e.data.bytes;
      const back = e.data.back?.buffer;
      if (back && back.byteLength > 0) {
        spares.push(back as ArrayBuffer);
        if (spares.length > SPARES) spares.shift();
      }
    } else stopped = new Error("the browser stopped the download (stopped in its downloads list, or the disk is full)");
    wake();
  };
  const send = (m: ToServiceWorker, transfer: Transferable[] = []) => port.postMessage(m, transfer);
  let closed = false;
  return {
    /** The smallest buffer of at least `bytes` the download is done with, if one came back. */
    spare(bytes) {
      let best = -1;
      for (let i = 0; i < spares.length; i++)
        if (spares[i]!.byteLength >= bytes && (best < 0 || spares[i]!.byteLength < spares[best]!.byteLength)) best = i;
      return best < 0 ? undefined : spares.splice(best, 1)[0];
    },
    async write(chunk, yours) {
      while (unacked >= window && !stopped) await new Promise<void>((resolve) => (wake = resolve));
      if (stopped) throw stopped;
      // A transfer moves the whole buffer: only one the writer is done with (the view goes, and comes back with
      // the whole buffer), else a copy.
      const bytes = yours ? chunk : chunk.slice();
      unacked += bytes.length;
      send({ type: "bytes", bytes }, [bytes.buffer]);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (stopped) throw stopped;
      send({ type: "end" });
    },
    /**
     * Hands the port on (to the worker that writes the zip's next part) once the download has taken every byte
     * sent, so that no acknowledgement of ours reaches the next writer; the download stays open.
     */
    async release() {
      while (unacked > 0 && !stopped) await new Promise<void>((resolve) => (wake = resolve));
      if (stopped) throw stopped;
      closed = true;
      port.onmessage = null;
      return port;
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
