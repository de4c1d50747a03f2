import { renameSync, rmSync } from "node:fs";
import { crc32 } from "node:zlib";
import type { OutputSink } from "../core/sink/output-sink";
import { ZipWriter, type ByteSink } from "../core/sink/zip-writer";
import { openStream } from "./direct-stream";

/**
 * A zip on disk, written as `<name>.partial` (around the page cache where the filesystem allows: direct-stream.ts)
 * and renamed only when complete; `onWriting` hears of the partial file first. `direct` chooses whether to try
 * O_DIRECT (default: directIoWanted(), i.e. NWB2PENNSIEVE_DIRECT_IO=1).
 */
export function zipFileSink(path: string, onWriting?: (path: string) => void, direct?: boolean): OutputSink {
  const partial = `${path}.partial`;
  onWriting?.(partial);
  const file: ByteSink = openStream(partial, direct);
  const zip = new ZipWriter(file, { crc32: (data, seed) => crc32(data, seed) });
  return {
    // The stream has copied or written the bytes by the time addEntry resolves.
    releasesBytes: true,
    put: (name, data, crc) => zip.addEntry(name, data, crc),
    async finish() {
      await zip.finish();
      renameSync(partial, path);
    },
    async abort() {
      try {
        await file.close();
      } finally {
        rmSync(partial, { force: true });
      }
    },
  };
}
