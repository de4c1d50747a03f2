/**
 * Random-access bytes of one input file, read synchronously.
 *
 * HDF5 (inside h5wasm) reads through a synchronous file system, so every
 * source must answer `read` without awaiting: Node uses `fs.readSync`, a
 * worker uses `FileReaderSync` on a `Blob` slice.
 */
export interface ByteSource {
  /** File name as the user gave it (no folder); external links resolve by it. */
  readonly name: string;
  readonly size: number;
  /** Copies `length` bytes starting at `position` into `target` (from offset 0); returns the count copied. */
  read(position: number, length: number, target: Uint8Array): number;
  /**
   * The same bytes without blocking, for bulk sample reads that overlap with
   * decoding (Node: the libuv pool; a worker: Blob.arrayBuffer, faster than
   * FileReaderSync). Short only at the end of the file. With `into`, the
   * source may fill that buffer instead of a new one (it may also move it:
   * use the returned view, whose buffer can be passed again next time).
   */
  readAsync?(position: number, length: number, into?: ArrayBuffer): Promise<Uint8Array>;
  /**
   * Reads `readAsync` is about to be asked for, in the order they will come, each as [position, length]: a source
   * behind a slow link fetches them ahead while earlier ones decode. A hint only: a source without it loses nothing.
   */
  willRead?(reads: ReadonlyArray<readonly [position: number, length: number]>): void;
  /**
   * Small reads `read` is about to be asked for, from scattered places (a B-tree node's children), as
   * [position, length]: a source behind a slow link fetches what it lacks of them now, together, in one round trip
   * instead of one each. Blocks like `read`; a source without it loses nothing.
   */
  gather?(reads: ReadonlyArray<readonly [position: number, length: number]>): void;
}

/** Reads exactly `length` bytes at `position` into a new array, or throws naming the file. */
export function readExactly(source: ByteSource, position: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = source.read(position + done, length - done, out.subarray(done));
    if (n <= 0) throw new Error(`${source.name}: unexpected end of file at byte ${position + done}`);
    done += n;
  }
  return out;
}

/** A source over bytes already in memory (tests, small uploads). */
export function memorySource(name: string, bytes: Uint8Array): ByteSource {
  return {
    name,
    size: bytes.length,
    read(position, length, target) {
      const end = Math.min(bytes.length, position + length);
      if (end <= position) return 0;
      target.set(bytes.subarray(position, end));
      return end - position;
    },
  };
}
