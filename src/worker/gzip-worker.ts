/// <reference lib="webworker" />
import { gzipSync } from "fflate";
import { encodeChunk, encodeChunkStoredGzip } from "../core/convert/encode-be";
import type { Samples } from "../core/hdf5/rows";
import { crc32 } from "../core/sink/crc32";

export interface EncodeJob {
  id: number;
  /** One channel's raw samples for the chunk, transferred. */
  src: Samples;
  scale: number;
  offset: number;
  unit: number;
  level: number;
}

/** One chunk file per message: scale and encode one channel, then gzip (stored framing at level 0). */
self.onmessage = (event: MessageEvent<EncodeJob>) => {
  const { id, src, scale, offset, unit, level } = event.data;
  const spec = { src, width: 1, column: 0, rows: src.length, scale, offset, unit };
  let gz: Uint8Array;
  let memberCrc: number | undefined;
  if (level === 0) ({ gz, memberCrc } = encodeChunkStoredGzip(spec, crc32));
  else gz = gzipSync(encodeChunk(spec), { level: level as 1, mtime: 0 });
  (self as unknown as Worker).postMessage({ id, gz, memberCrc }, [gz.buffer]);
};
