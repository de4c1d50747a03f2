import type { ByteSource } from "./byte-source";

/**
 * A read-only Emscripten file system whose files are ByteSources.
 *
 * Modelled on Emscripten's WORKERFS, but the bytes come from our own
 * sources, so the same code serves Node (fs.readSync), a worker
 * (FileReaderSync) and synthetic views such as a joined family file.
 * Nothing is copied up front: HDF5 pulls only the ranges it asks for.
 */

/* Emscripten's FS object is untyped in h5wasm's declarations. */
/* eslint-disable @typescript-eslint/no-explicit-any */
type EmFS = any;
type EmNode = any;

const DIR_MODE = 0o40555;
const FILE_MODE = 0o100444;
const ENOENT = 44;
const EPERM = 63;

export function createSourceFs(FS: EmFS) {
  function createNode(parent: EmNode, name: string, mode: number, source?: ByteSource): EmNode {
    const node = FS.createNode(parent, name, mode);
    node.mode = mode;
    node.node_ops = nodeOps;
    node.stream_ops = streamOps;
    node.atime = node.mtime = node.ctime = Date.now();
    if (source) {
      node.size = source.size;
      node.contents = source;
    } else {
      node.size = 4096;
      node.contents = {};
    }
    if (parent) parent.contents[name] = node;
    return node;
  }

  const nodeOps = {
    getattr(node: EmNode) {
      return {
        dev: 1,
        ino: node.id,
        mode: node.mode,
        nlink: 1,
        uid: 0,
        gid: 0,
        rdev: 0,
        size: node.size,
        atime: new Date(node.atime),
        mtime: new Date(node.mtime),
        ctime: new Date(node.ctime),
        blksize: 4096,
        blocks: Math.ceil(node.size / 4096),
      };
    },
    setattr() {},
    lookup(): never {
      throw new FS.ErrnoError(ENOENT);
    },
    mknod(): never {
      throw new FS.ErrnoError(EPERM);
    },
    rename(): never {
      throw new FS.ErrnoError(EPERM);
    },
    unlink(): never {
      throw new FS.ErrnoError(EPERM);
    },
    rmdir(): never {
      throw new FS.ErrnoError(EPERM);
    },
    readdir(node: EmNode) {
      return [".", "..", ...Object.keys(node.contents)];
    },
    symlink(): never {
      throw new FS.ErrnoError(EPERM);
    },
  };

  const streamOps = {
    read(stream: EmNode, buffer: Uint8Array, offset: number, length: number, position: number) {
      const source = stream.node.contents as ByteSource;
      if (position >= source.size) return 0;
      const n = Math.min(length, source.size - position);
      const target = new Uint8Array(buffer.buffer, buffer.byteOffset + offset, n);
      let done = 0;
      while (done < n) {
        const got = source.read(position + done, n - done, target.subarray(done));
        if (got <= 0) break;
        done += got;
      }
      return done;
    },
    write(): never {
      throw new FS.ErrnoError(EPERM);
    },
    llseek(stream: EmNode, offset: number, whence: number) {
      let position = offset;
      if (whence === 1) position += stream.position;
      else if (whence === 2) position += stream.node.size;
      if (position < 0) throw new FS.ErrnoError(28);
      return position;
    },
  };

  return {
    mount(mount: { opts: { sources: ByteSource[] } }) {
      const root = createNode(null, "/", DIR_MODE);
      for (const source of mount.opts.sources) createNode(root, source.name, FILE_MODE, source);
      return root;
    },
  };
}
