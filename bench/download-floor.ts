/**
 * The download path alone: `FLOOR_BYTES` (default the A384 zip's 1,844 MB) in `FLOOR_CHUNK`-byte pieces (default
 * one 1 MB chunk file's gzip member) streamed through the app's service worker into a headless Chromium download,
 * exactly as "Download zip" sends them, with no conversion behind it. What it prints is the floor under any
 * browser figure of bench/browser.ts for that many bytes on this machine. `FLOOR_SMALL` adds a piece of that
 * many bytes before each chunk (a zip entry's header). `FLOOR_READ` names a file that the same worker reads
 * meanwhile, as the app reads its input (one BYOB byte stream, 2 MiB at a time, kept at most 8 MiB ahead of the bytes
 * sent): the floor under a conversion whose input is as large as its zip (B2 at level 0). `FLOOR_PROFILE`:
 * `disk` (default) or `incognito`. Run: `node --import tsx bench/download-floor.ts`. bench/layouts.ts calls
 * `downloadFloor` beside each page run.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureBuild, serve, openBrowser, type Profile } from "./browser";
import { WINDOW_BYTES } from "../src/worker/stream-bytes";
import { cpuSecondsSince, cpuTicks } from "./browser-proc";

export interface FloorOptions {
  /** Bytes to download. */
  total: number;
  /** Bytes per piece (default one 1 MB chunk file's gzip member). */
  chunk?: number;
  /** A piece of this many bytes before each chunk (a zip entry's header). */
  small?: number;
  /** A file read meanwhile, as the app reads its input. */
  read?: string;
  /** Set to the CPU seconds of all the browser's processes over the seconds returned. */
  stats?: { cpuSeconds: number; cpuByThread?: Record<string, number> };
}

/** Seconds from the first byte sent to the download complete, in a new browser of `profile` on the app at `url`. */
export async function downloadFloor(url: string, profile: Profile, options: FloorOptions): Promise<number> {
  const { total: TOTAL, chunk: CHUNK = 1_000_093, small: SMALL = 0, read: READ = "" } = options;
  const { context, pid, close } = await openBrowser(profile);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null);
    if (READ) {
      await page.evaluate(() => {
        const input = document.createElement("input");
        input.type = "file";
        input.id = "floor-read";
        document.body.append(input);
      });
      await page.setInputFiles("#floor-read", READ);
    }
    const ticks = cpuTicks(pid);
    const t0 = performance.now();
    const download = page.waitForEvent("download", { timeout: 600_000 });
    await page.evaluate(
      async ({ TOTAL, CHUNK, SMALL, WINDOW_BYTES }) => {
        const sw = navigator.serviceWorker.controller!;
        const control = new MessageChannel();
        const data = new MessageChannel();
        const id = crypto.randomUUID();
        sw.postMessage({ type: "download", id, name: "floor.zip", control: control.port2, data: data.port1 }, [
          control.port2,
          data.port1,
        ]);
        // A worker makes fresh buffers and sends them with the app's protocol and window (src/worker/stream-bytes.ts).
        const source = `onmessage = (e) => {
          const { port, file } = e.data; let unacked = 0; let wake = () => {};
          port.onmessage = (m) => { if (m.data.type === "ack") unacked -= m.data.bytes; wake(); };
          const send = (n) => { const b = new Uint8Array(n); for (let i = 0; i < n; i += 4096) b[i] = 1;
            unacked += n; port.postMessage({ type: "bytes", bytes: b }, [b.buffer]); };
          let sent = 0; let read = 0; let readWake = () => {};
          if (file) (async () => {
            const reader = file.stream().getReader({ mode: "byob" });
            let buffer = new ArrayBuffer(2 << 20);
            for (;;) {
              while (read > sent + (8 << 20)) await new Promise((r) => (readWake = r));
              const { done, value } = await reader.read(new Uint8Array(buffer));
              if (done) break;
              read += value.byteLength; buffer = value.buffer;
            }
          })();
          (async () => {
            for (; sent < ${TOTAL}; sent += ${CHUNK}) {
              while (unacked >= ${WINDOW_BYTES}) await new Promise((r) => (wake = r));
              if (${SMALL} > 0) send(${SMALL});
              send(Math.min(${CHUNK}, ${TOTAL} - sent));
              readWake();
            }
            port.postMessage({ type: "end" });
          })();
        };`;
        const worker = new Worker(URL.createObjectURL(new Blob([source])));
        const file = (document.getElementById("floor-read") as HTMLInputElement | null)?.files?.[0];
        worker.postMessage({ port: data.port2, file }, [data.port2]);
        await new Promise<void>((resolve, reject) => {
          control.port1.onmessage = (e: MessageEvent<{ type: string; reason?: string }>) => {
            if (e.data.type === "ready") {
              const frame = document.createElement("iframe");
              frame.hidden = true;
              frame.src = new URL(`download/${id}/floor.zip`, document.baseURI).href;
              document.body.append(frame);
            }
            if (e.data.type === "done") resolve();
            if (e.data.type === "failed" || e.data.type === "cancelled")
              reject(new Error(e.data.reason ?? e.data.type));
          };
        });
      },
      { TOTAL, CHUNK, SMALL, WINDOW_BYTES },
    );
    const path = await (await download).path();
    if (!path) throw new Error("the download did not complete");
    const seconds = (performance.now() - t0) / 1000;
    if (options.stats) {
      const cpu = cpuSecondsSince(pid, ticks);
      options.stats.cpuSeconds = cpu.total;
      options.stats.cpuByThread = cpu.byThread;
    }
    return seconds;
  } finally {
    await close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const total = Number(process.env.FLOOR_BYTES ?? 1844e6);
  const chunk = Number(process.env.FLOOR_CHUNK ?? 1_000_093);
  const read = process.env.FLOOR_READ ?? "";
  const profile = (process.env.FLOOR_PROFILE ?? "disk") as Profile;
  await ensureBuild();
  const { url, server } = await serve();
  try {
    const seconds = await downloadFloor(url, profile, {
      total,
      chunk,
      small: Number(process.env.FLOOR_SMALL ?? 0),
      read,
    });
    console.log(
      `download path ${read ? `with ${read} read meanwhile` : "alone"} (${profile}): ${(total / 1e6).toFixed(0)} MB in ` +
        `${chunk}-byte pieces in ${seconds.toFixed(2)} s (${(total / 1e6 / seconds).toFixed(0)} MB/s)`,
    );
  } finally {
    server.kill();
  }
}
