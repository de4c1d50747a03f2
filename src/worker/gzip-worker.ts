/// <reference lib="webworker" />
import { deflateReady, gzipLevel } from "../core/convert/deflate-wasm";
import { encodeChunk, encodeChunkStoredGzip, LEVEL1_BUFFER } from "../core/convert/encode-be";
import type { Samples } from "../core/hdf5/rows";
import { crc32 } from "../core/sink/crc32";
import { decodeBloscChunk } from "../core/direct/blosc-codecs";
import { pageInflate } from "./page-inflate";

export interface EncodeJob {
  kind: "encode";
  id: number;
  /** One channel's raw samples for the chunk, transferred. */
  src: Samples;
  scale: number;
  offset: number;
  unit: number;
  level: number;
  /** Bytes to leave free before the file in its buffer (a zip entry's header goes there). */
  room: number;
  /** A buffer for room and file (transferred), instead of a new one; above level 0, used if the file fits. */
  into?: ArrayBuffer;
}

/** A stored HDF5 chunk to inflate or Blosc-decode (transferred), with a buffer for the output if the caller has one. */
export interface InflateJob {
  kind: "inflate" | "blosc";
  id: number;
  data: Uint8Array;
  into?: Uint8Array;
  /** What the chunk decodes to at most (Inflate's `size`). */
  size?: number;
  /** Only the first bytes are needed (Inflate's `wanted`). */
  wanted?: number;
}

export type FromPoolWorker =
  | { kind: "ready" }
  | { kind: "encoded"; id: number; gz: Uint8Array; memberCrc?: number; src: Samples }
  | { kind: "inflated"; id: number; out: Uint8Array }
  | { kind: "failed"; id: number; message: string; inflate?: boolean };

const post = (m: FromPoolWorker, transfer: Transferable[]) => (self as unknown as Worker).postMessage(m, transfer);

let raw: Uint8Array | undefined;

/** One chunk file per encode job: scale and encode one channel, then gzip (stored framing at level 0). */
function encode({ id, src, scale, offset, unit, level, room, into }: EncodeJob): void {
  const spec = { src, width: 1, column: 0, rows: src.length, scale, offset, unit };
  let gz: Uint8Array;
  let memberCrc: number | undefined;
  if (level === 0) ({ gz, memberCrc } = encodeChunkStoredGzip(spec, crc32, into && new Uint8Array(into), room));
  else {
    // The samples' bytes are copied into the compressor's memory: one buffer serves every job of this worker.
    const bytes = encodeChunk(spec, raw);
    if (bytes.buffer !== raw?.buffer) raw = bytes;
    // Buffers of 1 MiB and more are mapped apart by the browser's allocator and unmapped when freed; smaller
    // ones stay in its pools, resident, long after (level-1 files of A384 are ~170 kB: ~60 MB of them at a time).
    gz = gzipLevel(bytes, level, into, room, LEVEL1_BUFFER);
  }
  // The samples go back too: their buffer takes the next copy instead of a new one.
  post({ kind: "encoded", id, gz, memberCrc, src }, [gz.buffer as ArrayBuffer, src.buffer as ArrayBuffer]);
}

async function decode({ kind, id, data, into, size, wanted }: InflateJob): Promise<void> {
  try {
    const out = await (kind === "blosc" ? decodeBloscChunk : pageInflate)(data, into, size, wanted);
    post({ kind: "inflated", id, out }, [out.buffer as ArrayBuffer]);
  } catch (e) {
    post({ kind: "failed", id, message: e instanceof Error ? e.message : String(e), inflate: true }, []);
  }
}

self.onmessage = (event: MessageEvent<EncodeJob | InflateJob>) => {
  if (event.data.kind !== "encode") void decode(event.data);
  else {
    // A failure (a trap in the compressor, memory) is this job's, answered as such: the worker serves on.
    try {
      encode(event.data);
    } catch (e) {
      post({ kind: "failed", id: event.data.id, message: e instanceof Error ? e.message : String(e) }, []);
    }
  }
};
// The pool hands this worker jobs once the deflate module has started (or failed to: fflate then).
void deflateReady().then(() => post({ kind: "ready" }, []));
