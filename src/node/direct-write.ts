import { close, ftruncate, open, write, writeFile } from "node:fs";
import { promisify } from "node:util";
import { alignedMemory, BLOCK, DIRECT_FLAGS, directIoWanted, refused, wholeBlocks } from "./direct-io";

const openAsync = promisify(open);
const writeAsync = promisify(write);
const ftruncateAsync = promisify(ftruncate);
const closeAsync = promisify(close);
// The callback forms skip fs/promises' FileHandle objects: thousands of files, measured cheaper.
const writeFileAsync = promisify(writeFile);

/** A staging buffer: the most one write through a stage carries. */
const STAGE = 1 << 20;
/** The most one write straight from a file's bytes carries (node refuses 2 GiB and more). */
const MOST = 1 << 30;

/** Staging buffers, page-aligned: slices STAGE apart of one aligned memory. */
export class Stages {
  private readonly free: Uint8Array[] = [];
  private readonly waiting: ((stage: Uint8Array) => void)[] = [];

  constructor(count: number) {
    const memory = alignedMemory(count * STAGE);
    for (let i = 0; i < count; i++) this.free.push(new Uint8Array(memory, i * STAGE, STAGE));
  }

  take(): Promise<Uint8Array> {
    const stage = this.free.pop();
    return stage ? Promise.resolve(stage) : new Promise((resolve) => this.waiting.push(resolve));
  }

  give(stage: Uint8Array): void {
    const next = this.waiting.shift();
    if (next) next(stage);
    else this.free.push(stage);
  }
}

export interface FileWriter {
  /** Writes `bytes` as the whole of a new (or emptied) file. */
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
  /**
   * A page-aligned buffer of at least `bytes` to make a file's bytes in (OutputSink.spare): a file starting at
   * its offset 0 goes to the disk straight from it, with no copy but its last partial block. Undefined when
   * files are not written directly.
   */
  alignedBuffer(bytes: number): ArrayBuffer | undefined;
  /** Whether files still go around the page cache: false when turned off, or once the filesystem refused it. */
  readonly direct: boolean;
}

export interface FileWriterOptions {
  /** Try O_DIRECT (default: directIoWanted()). */
  direct?: boolean;
  /** Staging buffers, so writes through a stage in flight at once (1 MiB each). */
  stages?: number;
}

/**
 * Whole files, each written around the page cache while the filesystem takes it: the first refusal (EINVAL at
 * open or at a write) sends that file and every later one through ordinary writes, silently.
 */
export function fileWriter(options: FileWriterOptions = {}): FileWriter {
  let direct = options.direct ?? directIoWanted();
  let stages: Stages | undefined;
  const aligned = new WeakSet<ArrayBuffer>();

  async function directly(path: string, bytes: Uint8Array): Promise<boolean> {
    let fd: number;
    try {
      fd = await openAsync(path, DIRECT_FLAGS, 0o666);
    } catch (e) {
      if (refused(e)) return false;
      throw e;
    }
    try {
      stages ??= new Stages(options.stages ?? 8);
      const fromSource = aligned.has(bytes.buffer as ArrayBuffer) && bytes.byteOffset % BLOCK === 0;
      await writeBlocks(fd, bytes, stages, fromSource);
    } catch (e) {
      if (refused(e)) return false;
      throw e;
    } finally {
      await closeAsync(fd);
    }
    return true;
  }

  return {
    get direct() {
      return direct;
    },
    alignedBuffer(bytes) {
      if (!direct) return undefined;
      // Its own memory, so that it can go round the caller's pool as any ArrayBuffer.
      const buffer = alignedMemory(bytes);
      aligned.add(buffer);
      return buffer;
    },
    async writeFile(path, bytes) {
      if (direct && (await directly(path, bytes))) return;
      direct = false;
      await writeFileAsync(path, bytes);
    },
  };
}

/**
 * `bytes` into an O_DIRECT file from offset 0, in whole blocks: straight from `bytes` when they start on a page
 * (`fromSource`), else through a stage; the last block through a stage, padded with zeros, and the file then cut.
 */
async function writeBlocks(fd: number, bytes: Uint8Array, stages: Stages, fromSource: boolean): Promise<void> {
  let first = 0;
  if (fromSource) {
    first = bytes.length - (bytes.length % BLOCK);
    for (let at = 0; at < first;) at += (await writeAsync(fd, bytes, at, Math.min(first - at, MOST), at)).bytesWritten;
  }
  for (let at = first; at < bytes.length; at += STAGE) {
    const n = Math.min(STAGE, bytes.length - at);
    const padded = wholeBlocks(n);
    const stage = await stages.take();
    try {
      stage.set(bytes.subarray(at, at + n));
      stage.fill(0, n, padded);
      let done = 0;
      while (done < padded) done += (await writeAsync(fd, stage, done, padded - done, at + done)).bytesWritten;
    } finally {
      stages.give(stage);
    }
  }
  if (bytes.length % BLOCK) await ftruncateAsync(fd, bytes.length);
}
