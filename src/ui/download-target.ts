import type { ZipTarget } from "../worker/zip-targets";
import { downloadBlob, hasOpfs, opfsFile } from "./save";
import { openStreamDownload } from "./stream-download";

/** How long the last bytes of a streamed zip may take to reach the download once the conversion is done. */
const FINISH_MS = 60_000;
/** Above this (uncompressed estimate), a zip is not built in memory. */
const MEMORY_LIMIT = 1e9;

/** How the zip reached the user ("file": "Save to disk…"); the page shows it as `data-download` on the summary. */
export type DownloadPath = "stream" | "opfs" | "memory" | "file";

export interface DownloadTarget {
  path: DownloadPath;
  target: ZipTarget;
  /** What the worker call must transfer (the stream's port). */
  transfer: Transferable[];
  /** After the worker's success: the download is complete (stream) or handed to the browser (others). */
  finish(result: { blob?: Blob }): Promise<void>;
  /** After the worker's failure or cancel. */
  fail(reason: string): void;
}

/**
 * Picks the best way out: streamed through the service worker when one controls the page (no copy, the
 * download starts at once); else written to the origin-private file system and handed over at the end; else,
 * for small outputs (`plannedBytes`, the uncompressed estimate), held in memory.
 */
export async function openDownload(jobId: number, fileName: string, plannedBytes: number): Promise<DownloadTarget> {
  const stream = await openStreamDownload(fileName);
  if (stream) {
    return {
      path: "stream",
      target: { kind: "stream", port: stream.port },
      transfer: [stream.port],
      // Once the worker is done, only the last few MB are on their way: a download that does not end soon
      // will not end (the service worker was stopped), and must not leave the panel running forever.
      async finish() {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            stream.abort("the download did not finish");
            reject(new Error("the browser did not finish the download"));
          }, FINISH_MS);
        });
        try {
          await Promise.race([stream.finished, late]);
        } finally {
          clearTimeout(timer);
        }
      },
      fail: (reason) => stream.abort(reason),
    };
  }
  if (await hasOpfs()) {
    const opfsName = `${jobId}-${fileName}`;
    return {
      path: "opfs",
      target: { kind: "opfs", fileName: opfsName },
      transfer: [],
      finish: async () => downloadBlob(await opfsFile(opfsName), fileName),
      fail: () => undefined, // the worker removed its file
    };
  }
  if (plannedBytes > MEMORY_LIMIT)
    throw new Error(`this browser can only hold the zip in memory, and it would be too big; use "Save to disk…"`);
  return {
    path: "memory",
    target: { kind: "memory" },
    transfer: [],
    async finish({ blob }) {
      if (!blob) throw new Error("the conversion returned no zip");
      downloadBlob(blob, fileName);
    },
    fail: () => undefined,
  };
}
