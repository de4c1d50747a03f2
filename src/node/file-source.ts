import { closeSync, fstatSync, openSync, read, readSync } from "node:fs";
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
    readAsync(position, length, into) {
      const n = Math.max(0, Math.min(length, size - position));
      const target = into && into.byteLength >= n ? new Uint8Array(into, 0, n) : new Uint8Array(n);
      return new Promise((resolve, reject) => {
        let done = 0;
        const next = () => {
          if (done === target.length) return resolve(target);
          read(fd, target, done, target.length - done, position + done, (err, n) => {
            if (err) return reject(err);
            if (n === 0) return resolve(target.subarray(0, done));
            done += n;
            next();
          });
        };
        next();
      });
    },
    close() {
      closeSync(fd);
    },
  };
}
