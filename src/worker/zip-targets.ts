import type { OutputSink } from "../core/sink/output-sink";
import { localHeaderLength, ZipWriter, type ByteSink, type ZipPart } from "../core/sink/zip-writer";
import { streamBytes } from "./stream-bytes";

/**
 * Where the page's zip goes: a stream the service worker hands to the browser as a download (`port` leads to
 * it), the origin-private file system, a file the user picked, or memory for small outputs.
 */
export type ZipTarget =
  | { kind: "stream"; port: MessagePort }
  /** `append`: a part of a zip written by several workers in turn (the file holds the earlier parts). */
  | { kind: "opfs"; fileName: string; append?: boolean }
  | { kind: "handle"; handle: FileSystemFileHandle }
  | { kind: "memory" };

export interface ZipResult {
  /** For "memory": the zip itself; otherwise the bytes are on disk. */
  blob?: Blob;
}

/**
 * One part of a zip written by several workers in turn ("Convert all" into one zip with a folder per file): its
 * entries go under `folder/`, it goes on from the part before, and unless it is the last it pauses instead of
 * finishing, handing on the zip's state and the target (a stream's port comes back to be passed on).
 */
export interface ZipPartRequest {
  folder: string;
  continueFrom?: ZipPart;
  last: boolean;
}

/** A paused part: what the next worker's request takes. */
export interface ZipHandOver {
  part: ZipPart;
  target: ZipTarget;
}

/** A zip sink over a ByteTarget; a paused part leaves its hand-over in `handOver`. */
function zipSink(out: ByteTarget, request?: ZipPartRequest): OutputSink & { handOver?: ZipHandOver } {
  const zip = new ZipWriter(out.bytes, { continueFrom: request?.continueFrom });
  const prefix = request ? `${request.folder}/` : "";
  const sink: OutputSink & { handOver?: ZipHandOver } = {
    spare: out.bytes.spare?.bind(out.bytes),
    // This sink does not declare `releasesBytes`, so the pipeline is done with each file's bytes: hand them over.
    put: (name, data, crc, room) => zip.addEntry(prefix + name, data, crc, true, room),
    // With the header before the data in one buffer, each entry goes to the download in one message.
    headroom: (name, size) => localHeaderLength(prefix + name, size),
    finish: async () => {
      if (!request || request.last) await zip.finish();
      else sink.handOver = { part: await zip.pause(), target: await out.pause() };
    },
    abort: out.abort,
  };
  return sink;
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
  /** Stops writing without ending the output, and says where the next writer goes on (see ZipPartRequest). */
  pause(): Promise<ZipTarget>;
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
    return {
      bytes,
      abort: () => bytes.abort("the conversion stopped"),
      result: () => ({}),
      pause: async () => ({ kind: "stream", port: await bytes.release() }),
    };
  }
  if (target.kind === "opfs") {
    // A download reads its file lazily; by the next conversion the earlier ones have finished.
    if (!target.append) await removeOldZips();
    const root = await navigator.storage.getDirectory();
    const handle = await root.getFileHandle(target.fileName, { create: true });
    // Synchronous access handles write straight to disk from a worker: no size limit, nothing held in memory.
    const access = await handle.createSyncAccessHandle();
    if (!target.append) access.truncate(0);
    let at = target.append ? access.getSize() : 0;
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
    // The file stays for the next part's worker (a sync access handle is exclusive: this one closes first).
    const pause = async () => {
      await bytes.close();
      return { kind: "opfs" as const, fileName: target.fileName, append: true };
    };
    return { bytes, abort, result: () => ({}), pause };
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
    return {
      bytes,
      abort: () => writable.abort().catch(() => undefined),
      result: () => ({}),
      pause: () => Promise.reject(new Error("a zip written in parts goes to a download, not to a picked file")),
    };
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
    // Each part comes back as its own Blob (`result`); the page joins them in order.
    pause: async () => ({ kind: "memory" }),
  };
}

export async function openZipTarget(
  target: ZipTarget,
  signal?: AbortSignal,
  window?: number,
  part?: ZipPartRequest,
): Promise<{ sink: OutputSink; result: () => ZipResult & { handOver?: ZipHandOver } }> {
  const out = await openByteTarget(target, signal, window);
  const sink = zipSink(out, part);
  return { sink, result: () => ({ ...out.result(), handOver: sink.handOver }) };
}
