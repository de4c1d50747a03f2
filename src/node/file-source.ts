import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { basename } from "node:path";
import type { ByteSource } from "../core/hdf5/byte-source";

/** A file on disk, read lazily with `fs.readSync`; close it with `closeNodeSource`. */
export interface NodeFileSource extends ByteSource {
  readonly path: string;
  close(): void;
}

export function openNodeSource(path: string): NodeFileSource {
  const fd = openSync(path, "r");
  const size = fstatSync(fd).size;
  return {
    name: basename(path),
    path,
    size,
    read(position, length, target) {
      return readSync(fd, target, 0, Math.min(length, target.length), position);
    },
    close() {
      closeSync(fd);
    },
  };
}
