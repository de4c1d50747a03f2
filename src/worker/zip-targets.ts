import type { OutputSink } from "../core/sink/output-sink";
import { localHeaderLength, ZipWriter, type ByteSink } from "../core/sink/zip-writer";
import { streamBytes } from "./stream-bytes";

/**
 * Where the page's zip goes: a stream the service worker hands to the browser as a download (`port` leads to
 * it), the origin-private file system, a file the user picked, or memory for small outputs.
 */
export type ZipTarget =
  | { kind: "stream"; port: MessagePort }
  | { kind: "opfs"; fileName: string }
  | { kind: "handle"; handle: FileSystemFileHandle }
  | { kind: "memory" };

export interface ZipResult {
  /** For "memory": the zip itself; otherwise the bytes are on disk. */
  blob?: Blob;
}

/** A zip sink over a ByteSink; `onAbort` must discard what was written. */
function zipSink(
  bytes: ByteSink & { spare?(bytes: number): ArrayBuffer | undefined },
  onAbort: () => Promise<void>,
): OutputSink {
  const zip = new ZipWriter(bytes);
  return {
    spare: bytes.spare?.bind(bytes),
    // This sink does not declare `releasesBytes`, so the pipeline is done with each file's bytes: hand them over.
    put: (name, data, crc, room) => zip.addEntry(name, data, crc, true, room),
    // With the header before the data in one buffer, each entry goes to the download in one message.
    headroom: localHeaderLength,
    finish: async () => {
      await zip.finish();
    },
    abort: onAbort,
  };
}

const storageFull = (at: number) =>
  `the browser's private storage stopped accepting the zip at ${(at / 1e9).toFixed(2)} GB ` +
  `(disk or quota full, or a private window keeping it in memory); use "Save to disk…" instead`;

/** What the page writes there: zips, and table exports (src/worker/table-views.ts). */
const OUTPUTS = /\.(zip|csv|jsonl?|parquet)$/;

/** Zips of earlier conversions (and table exports) left in the origin-private file system (their downloads are long done). */
export async function removeOldZips(keep?: string): Promise<void> {
  try {
    const root = await navigator.storage.getDirectory();
    for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys())
      if (OUTPUTS.test(name) && name !== keep) await root.removeEntry(name).catch(() => undefined);
  } catch {
    // No private storage here: nothing was left behind either.
  }
}

/** Bytes going out to a target, and how to discard them when the job fails. */
export interface ByteTarget {
  bytes: ByteSink & { spare?(bytes: number): ArrayBuffer | undefined };
  /** Discards what was written (the download is marked failed, the private file removed). */
  abort(): Promise<void>;
  /** For "memory": the bytes as one Blob of `mediaType`; otherwise they are on disk. */
  result(): ZipResult;
}

/**
 * Opens `target` for bytes: the zip writes through it, and so does a table export (src/worker/table-views.ts),
 * so both have the same ways out (a stream to the download, the private file system, a picked file, memory).
 */
export async function openByteTarget(
  target: ZipTarget,
  signal?: AbortSignal,
  window?: number,
  mediaType = "application/zip",
): Promise<ByteTarget> {
  if (target.kind === "stream") {
    const bytes = streamBytes(target.port, signal, window);
    return { bytes, abort: () => bytes.abort("the conversion stopped"), result: () => ({}) };
  }
  if (target.kind === "opfs") {
    // A download reads its file lazily; by the next conversion the earlier ones have finished.
    await removeOldZips();
    const root = await navigator.storage.getDirectory();
    const handle = await root.getFileHandle(target.fileName, { create: true });
    // Synchronous access handles write straight to disk from a worker: no size limit, nothing held in memory.
    const access = await handle.createSyncAccessHandle();
    access.truncate(0);
    let at = 0;
    let closed = false;
    const bytes: ByteSink = {
      async write(chunk) {
        let done = 0;
        while (done < chunk.length) {
          const n = access.write(chunk.subarray(done), { at: at + done });
          // A full (or in-memory, incognito) store answers with 0 or a bogus count instead of throwing.
          if (!(n > 0 && n <= chunk.length - done)) throw new Error(storageFull(at + done));
          done += n;
        }
        at += chunk.length;
      },
      async close() {
        if (closed) return;
        closed = true;
        access.flush();
        const size = access.getSize();
        access.close();
        if (size !== at) throw new Error(storageFull(size));
      },
    };
    const abort = async () => {
      await bytes.close();
      await root.removeEntry(target.fileName).catch(() => undefined);
    };
    return { bytes, abort, result: () => ({}) };
  }
  if (target.kind === "handle") {
    const writable = await target.handle.createWritable();
    let closed = false;
    const bytes: ByteSink = {
      write: (chunk) => writable.write(chunk as Uint8Array<ArrayBuffer>),
      async close() {
        if (closed) return;
        closed = true;
        await writable.close();
      },
    };
    return { bytes, abort: () => writable.abort().catch(() => undefined), result: () => ({}) };
  }
  const parts: Uint8Array[] = [];
  const bytes: ByteSink = {
    async write(chunk, yours) {
      // Kept until the end: a view is copied out of a bigger buffer (a level-1 file's is 1 MiB or more).
      parts.push(yours && chunk.byteLength === chunk.buffer.byteLength ? chunk : chunk.slice());
    },
    async close() {},
  };
  return {
    bytes,
    abort: async () => void parts.splice(0),
    result: () => ({ blob: new Blob(parts as Uint8Array<ArrayBuffer>[], { type: mediaType }) }),
  };
}

export async function openZipTarget(
  target: ZipTarget,
  signal?: AbortSignal,
  window?: number,
): Promise<{ sink: OutputSink; result: () => ZipResult }> {
  const out = await openByteTarget(target, signal, window);
  return { sink: zipSink(out.bytes, out.abort), result: out.result };
}
