import { INFLATE_WASM } from "./inflate-module";

/**
 * zlib-wrapped deflate (HDF5's deflate filter) decoded by our own WebAssembly module (wasm/inflate.ts). In a
 * Chromium worker it decodes the A384 benchmark's chunks (int16, gzip 4) at 324–336 MB/s of output against
 * DecompressionStream's 214–230 (Debian's Chromium inflates with the system's zlib 1.2.13), and is synchronous:
 * no stream, no promise per piece. The module is ~3.9 kB and compiles at once.
 */

interface Exports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  inflate(src: number, length: number, dst: number, cap: number): number;
  written(): number;
}

const ERRORS: Record<number, string> = {
  [-1]: "corrupt deflate data",
  [-3]: "the Adler-32 checksum does not match",
  [-4]: "the deflate data ends early",
};
const PADDING = 32; // zero bytes after the input: the decoder reads ahead
const SLACK = 16; // bytes after the output the decoder may write while copying matches

let module: Exports | null | undefined;

/** The module, or null where WebAssembly is not available (the caller then decodes another way). */
export function inflateModule(): Exports | null {
  if (module === undefined) {
    try {
      const bytes = Uint8Array.from(atob(INFLATE_WASM), (c) => c.charCodeAt(0));
      module = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
        env: { abort: () => undefined },
      }).exports as unknown as Exports;
    } catch {
      module = null;
    }
  }
  return module;
}

const align = (n: number) => (n + 15) & ~15;
/** The memory is let go after a call that needed more than this (WebAssembly memory never shrinks). */
const KEEP_BYTES = 64 << 20;
/** Output beyond this without a limit from the caller is refused: deflate expands at most ~1032 times. */
const MAX_OUTPUT = 1 << 30;

/** Room past a wanted prefix: a match (258 bytes at most) that crosses it still fits, and decoding stops there. */
const PAST_WANTED = 1024;
const STORED_MAX = 65_535 + PAST_WANTED;

/**
 * Decodes `data` (a zlib stream). The output lands in `into` when it fits (a view of it is returned), else in a
 * new array. With `limit`, output longer than that is an error (an HDF5 chunk decodes to its chunk's bytes).
 * With `wanted` (below `limit`), decoding stops soon after the first `wanted` bytes, which are returned (with a few
 * more), unchecked by the stream's checksum, which needs it all. Throws on corrupt, short or oversized input.
 */
export function inflateZlib(data: Uint8Array, into?: Uint8Array, limit?: number, wanted?: number): Uint8Array {
  const m = inflateModule();
  if (!m) throw new Error("WebAssembly is not available");
  const src = align(m.heapBase());
  const dst = align(src + data.length + PADDING);
  const most = Math.min(limit ?? MAX_OUTPUT, 1032 * data.length + 1024, MAX_OUTPUT);
  const prefix = wanted !== undefined && limit !== undefined && wanted + PAST_WANTED < most ? wanted : undefined;
  let cap =
    prefix !== undefined
      ? prefix + PAST_WANTED
      : limit !== undefined
        ? most
        : Math.min(most, Math.max(into?.length ?? 0, 4 * data.length, 1 << 16));
  try {
    for (;;) {
      const needed = dst + cap + SLACK;
      const have = m.memory.buffer.byteLength;
      if (needed > have) m.memory.grow(Math.ceil((needed - have) / 65536));
      const heap = new Uint8Array(m.memory.buffer);
      heap.set(data, src);
      heap.fill(0, src + data.length, src + data.length + PADDING);
      let n = m.inflate(src, data.length, dst, cap);
      if (n === -2 && prefix !== undefined && m.written() >= prefix) n = m.written();
      if (n >= 0) {
        const out = into && into.length >= n ? into.subarray(0, n) : new Uint8Array(n);
        out.set(heap.subarray(dst, dst + n));
        return out;
      }
      // Only a guess was too small: try again with more room, up to the most this input may decode to. Short of a
      // wanted prefix, a stored block (64 KiB at most) crossed it: room for one more.
      if (n === -2 && prefix !== undefined && cap < prefix + STORED_MAX) cap = Math.min(most, prefix + STORED_MAX);
      else if (n === -2 && cap < most) cap = Math.min(most, cap * 4);
      else if (n === -2) throw new Error(`the data decodes to more than ${most} bytes`);
      else throw new Error(ERRORS[n] ?? `inflate failed (${n})`);
    }
  } finally {
    if (m.memory.buffer.byteLength > KEEP_BYTES) module = undefined;
  }
}
