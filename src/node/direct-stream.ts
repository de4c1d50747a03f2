import { closeSync, ftruncate, openSync, write, writeSync } from "node:fs";
import { promisify } from "node:util";
import { alignedMemory, BLOCK, DIRECT_FLAGS, directIoWanted, refused, wholeBlocks } from "./direct-io";

const writeAsync = promisify(write);
const ftruncateAsync = promisify(ftruncate);

/** Each half of the staging memory: one filled while the other is being written. */
const HALF = 4 << 20;

/** A new file written front to back (a zip): `write` has copied or written the bytes when it resolves. */
export interface StreamWriter {
  write(bytes: Uint8Array): Promise<void>;
  /** Writes what is left and closes the file (once; later calls do nothing). */
  close(): Promise<void>;
  /** Whether the file goes around the page cache (false when turned off, or refused by the filesystem). */
  readonly direct: boolean;
}

/**
 * Opens `path` anew for writing front to back, around the page cache (O_DIRECT) when it may: bytes are gathered
 * in page-aligned halves of 4 MiB, each written whole while the other fills, the tail padded and then cut off.
 * A refusal (EINVAL at open or at the first write) turns the file into an ordinary one, silently.
 */
export function openStream(path: string, direct = directIoWanted()): StreamWriter {
  let fd = -1;
  if (direct)
    try {
      fd = openSync(path, DIRECT_FLAGS, 0o666);
    } catch (e) {
      if (!refused(e)) throw e;
      direct = false;
    }
  return direct ? directStream(path, fd) : plainStream(openSync(path, "w"));
}

function plainStream(fd: number): StreamWriter {
  let closed = false;
  return {
    direct: false,
    async write(bytes) {
      writeAll(fd, bytes);
    },
    async close() {
      if (!closed) closeSync(fd);
      closed = true;
    },
  };
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
}

function directStream(path: string, fd: number): StreamWriter {
  const memory = alignedMemory(2 * HALF);
  const halves = [new Uint8Array(memory, 0, HALF), new Uint8Array(memory, HALF, HALF)];
  let filling = 0;
  let filled = 0;
  /** Where the half being filled goes in the file. */
  let position = 0;
  /** The other half's write, if one is out. */
  let writing: Promise<void> = Promise.resolve();
  /** The same file opened the ordinary way, once O_DIRECT was refused. */
  let plain: StreamWriter | null = null;
  const fallenBack = (): StreamWriter | null => plain;
  let closed = false;

  /** Writes `n` bytes of `half` (whole blocks, `real` of them the file's) at `at`; the first may find O_DIRECT refused. */
  async function writeHalf(half: Uint8Array, n: number, real: number, at: number): Promise<void> {
    try {
      for (let done = 0; done < n;) done += (await writeAsync(fd, half, done, n - done, at + done)).bytesWritten;
    } catch (e) {
      if (at !== 0 || !refused(e)) throw e;
      // Nothing was written yet: the file, opened again the ordinary way, takes these bytes and the rest.
      closeSync(fd);
      plain = plainStream(openSync(path, "w"));
      await plain.write(half.subarray(0, real));
    }
  }

  /** Sends the half being filled (at the end padded to whole blocks) and goes on filling the other. */
  async function flush(end: boolean): Promise<void> {
    await writing;
    const half = halves[filling]!;
    const n = filled;
    filling ^= 1;
    filled = 0;
    const other = fallenBack();
    if (other) return other.write(half.subarray(0, n));
    const padded = end ? wholeBlocks(n) : n;
    half.fill(0, n, padded);
    writing = writeHalf(half, padded, n, position);
    writing.catch(() => undefined); // awaited by the next flush or close, which report it
    position += n;
  }

  return {
    get direct() {
      return !fallenBack();
    },
    async write(bytes) {
      for (let at = 0; at < bytes.length;) {
        const other = fallenBack();
        if (other) return other.write(bytes.subarray(at));
        const n = Math.min(HALF - filled, bytes.length - at);
        halves[filling]!.set(bytes.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled === HALF) await flush(false);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      const length = position + filled;
      try {
        if (filled) await flush(true);
        await writing;
        if (!fallenBack() && length % BLOCK) await ftruncateAsync(fd, length);
      } finally {
        const other = fallenBack();
        if (other) await other.close();
        else closeSync(fd);
      }
    },
  };
}
