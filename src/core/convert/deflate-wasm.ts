import { gzip as forasGzip, initBundledOnce, Memory } from "@hazae41/foras";
import { gzipSync } from "fflate";

/**
 * gzip at levels 1–9 in the page: Rust's flate2 (miniz_oxide) compiled to WebAssembly (@hazae41/foras). On 1 MiB
 * chunk files of the benchmark data, level 1, Node 20: 100 against fflate's 17 MB/s (float64 noise, B2) and 216
 * against 51 MB/s (int16-derived, A384-like); output within a few percent of fflate's size (bench/README.md).
 * fflate stays as the fallback should the module fail to start.
 */
let started: Promise<boolean> | undefined;
let wasm = false;

/** Starts the module once; resolves false (fflate from then on) if it cannot start. */
export function deflateReady(): Promise<boolean> {
  return (started ??= initBundledOnce().then(
    () => (wasm = true),
    (e: unknown) => {
      console.warn(`gzip levels 1–9 fall back to fflate (3–5× slower): flate2 did not start (${String(e)})`);
      return false;
    },
  ));
}

/**
 * A gzip member of `data` at `level` (1–9). Synchronous; call deflateReady() first to get the fast path.
 * The member lands at `into[room…]` when it fits, else in a new buffer of at least `capacity` bytes after `room`
 * free ones: either way a view, alone in its buffer but for the room before it.
 */
export function gzipLevel(data: Uint8Array, level: number, into?: ArrayBuffer, room = 0, capacity = 0): Uint8Array {
  if (!wasm) return place(gzipSync(data, { level: level as 1, mtime: 0 }), into, room, capacity);
  const input = new Memory(data);
  try {
    const output = forasGzip(input, level);
    try {
      return place(output.bytes, into, room, capacity);
    } finally {
      output.free();
    }
  } finally {
    input.free();
  }
}

function place(gz: Uint8Array, into: ArrayBuffer | undefined, room: number, capacity: number): Uint8Array {
  const fits = into !== undefined && into.byteLength >= room + gz.length;
  const out = new Uint8Array(fits ? into : new ArrayBuffer(Math.max(capacity, room + gz.length)), room, gz.length);
  out.set(gz);
  return out;
}
