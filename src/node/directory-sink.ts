import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { OutputSink } from "../core/sink/output-sink";
import { fileWriter, type FileWriterOptions } from "./direct-write";

/**
 * Writes the flat files into a folder. On abort it removes every file it
 * wrote, so a failed run never leaves output that looks complete; `onWriting`
 * hears of each file first, for a caller that may have to remove them itself.
 */
export function directorySink(
  dir: string,
  onWriting?: (path: string) => void,
  writing?: FileWriterOptions,
): OutputSink {
  mkdirSync(dir, { recursive: true });
  const files = fileWriter(writing);
  const written: string[] = [];
  return {
    releasesBytes: true,
    // Files made in page-aligned buffers go to the disk without a copy (direct-write.ts).
    spare: (bytes) => files.alignedBuffer(bytes),
    async put(name, bytes) {
      if (name.includes("/") || name.includes("\\") || name.startsWith("."))
        throw new Error(`refusing file name ${name}`);
      const path = join(dir, name);
      written.push(path);
      onWriting?.(path);
      await files.writeFile(path, bytes);
    },
    async finish() {},
    async abort() {
      for (const path of written) rmSync(path, { force: true });
    },
  };
}
