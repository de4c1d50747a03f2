import { gzip as forasGzip, initBundledOnce, Memory } from "@hazae41/foras";
import { gzipSync } from "fflate";

/**
 * gzip at levels 1–9 in the page: Rust's flate2 (miniz_oxide) compiled to WebAssembly (@hazae41/foras). On 1 MiB
 * chunk files of the benchmark data, level 1, Node 20: 100 against fflate's 17 MB/s (float64 noise, B2) and 216
 * against 51 MB/s (int16-derived, A384-like); output within a few percent of fflate's size (bench/README.md).
 * fflate stays as the fallback should the module fail to start.
 */
let started: Promise<boolean> | undefined;

/** Starts the module once; resolves false (fflate from then on) if it cannot start. */
export function deflateReady(): Promise<boolean> {
  return (started ??= initBundledOnce().then(
    () => (wasm = true),
    () => false,
  ));
}
let wasm = false;

/** A gzip member of `data` at `level` (1–9). Synchronous; call deflateReady() first to get the fast path. */
export function gzipLevel(data: Uint8Array, level: number): Uint8Array {
  if (!wasm) return gzipSync(data, { level: level as 1, mtime: 0 });
  const input = new Memory(data);
  try {
    return forasGzip(input, level).copyAndDispose();
  } finally {
    input.free();
  }
}
