import { closeSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { crc32 } from "node:zlib";
import type { OutputSink } from "../core/sink/output-sink";
import { ZipWriter, type ByteSink } from "../core/sink/zip-writer";

/** A zip on disk, written as `<name>.partial` and renamed only when complete; `onWriting` hears of the partial file first. */
export function zipFileSink(path: string, onWriting?: (path: string) => void): OutputSink {
  const partial = `${path}.partial`;
  onWriting?.(partial);
  const fd = openSync(partial, "w");
  let closed = false;
  const bytes: ByteSink = {
    async write(chunk) {
      let done = 0;
      while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done);
    },
    async close() {
      if (!closed) closeSync(fd);
      closed = true;
    },
  };
  const zip = new ZipWriter(bytes, { crc32: (data, seed) => crc32(data, seed) });
  return {
    // writeSync has copied the bytes by the time addEntry resolves.
    releasesBytes: true,
    put: (name, data, crc) => zip.addEntry(name, data, crc),
    async finish() {
      await zip.finish();
      renameSync(partial, path);
    },
    async abort() {
      await bytes.close();
      rmSync(partial, { force: true });
    },
  };
}
