import { CRC_TABLES } from "../sink/crc32";
import type { ColumnSpec } from "./encode-be";
import { F64_BE_WASM } from "./f64-be-wasm";

/**
 * float64 samples at gzip level 0 through WebAssembly (scripts/wasm-f64-be.mjs): scale, swap to big-endian
 * (SIMD shuffles) and CRC-32 in one kernel, the CRC by reducing 16-byte units with a sparse multiple of the
 * polynomial (five loads and XORs per unit) and the tables for the block's last 3,248 bytes only. In Chromium the
 * JS loops make ~0.9 GB/s of output (CRC-32 most of it), which is what a float64 file costs the page beside its
 * download. Only where our own CRC is in use: Node's native one stays faster there (see encode-be.ts).
 */
export interface F64Kernel {
  /**
   * Writes rows first…first+count-1 of column `c.column` of `c.src` (row-major, `c.width` values a row) as
   * big-endian µV at `out[at…]`, and returns the CRC-32 of those bytes. `count` is at most BLOCK_SAMPLES.
   */
  block(c: ColumnSpec & { src: Float64Array }, first: number, count: number, out: Uint8Array, at: number): number;
}

// The module's memory: the sixteen CRC tables (16 KiB), the output area (one stored block and 16 bytes of slack
// for the last lane), the column's input, then the CRC's work area (zeros the kernel never writes, then a
// 16-byte slot per pair of samples).
const TABLES_BYTES = 16 * 1024;
const OUT = TABLES_BYTES;
const MAX_SAMPLES = 8192;
const IN = OUT + MAX_SAMPLES * 8 + 16;
/** Up to this width whole rows are copied in (one memcpy); wider, the column is gathered by a JS loop. */
const COPY_ROWS = 2;
const WORK = IN + MAX_SAMPLES * 8 * COPY_ROWS;
/** REDUCE_UNITS of scripts/wasm-f64-be.mjs: the zeros before the work slots. */
const REDUCE_UNITS = 203;

type F64Be = (
  src: number,
  stride: number,
  count: number,
  scale: number,
  offset: number,
  unit: number,
  dst: number,
  work: number,
) => number;

let kernel: F64Kernel | null | undefined;

/** The kernel, or null where WebAssembly (with SIMD) is not available: the JS loops then do the work. */
export function f64Kernel(): F64Kernel | null {
  if (kernel === undefined) kernel = instantiate();
  return kernel;
}

function instantiate(): F64Kernel | null {
  let instance: WebAssembly.Instance;
  try {
    const bytes = Uint8Array.from(atob(F64_BE_WASM), (c) => c.charCodeAt(0));
    // Small enough to compile synchronously, on any thread.
    instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  } catch (e) {
    console.warn(`float64 at level 0 falls back to the JS loops: the WebAssembly kernel did not start (${String(e)})`);
    return null;
  }
  const memory = instance.exports.memory as WebAssembly.Memory;
  const f64Be = instance.exports.f64_be as F64Be;
  CRC_TABLES.forEach((t, k) => new Uint32Array(memory.buffer, k * 1024, 256).set(t));
  const need = WORK + (REDUCE_UNITS + MAX_SAMPLES / 2) * 16;
  if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  // Views taken after the growth: the memory never grows again.
  const bytes = new Uint8Array(memory.buffer);
  const values = new Float64Array(memory.buffer);
  const input = IN / 8;
  return {
    block({ src, width, column, scale, offset, unit }, first, count, out, at) {
      if (count > MAX_SAMPLES) throw new Error(`f64Kernel: ${count} samples in one block (at most ${MAX_SAMPLES})`);
      let crc: number;
      if (width <= COPY_ROWS) {
        values.set(src.subarray(first * width, (first + count - 1) * width + column + 1), input);
        crc = f64Be(IN + column * 8, width * 8, count, scale, offset, unit, OUT, WORK);
      } else {
        for (let r = 0, i = first * width + column; r < count; r++, i += width) values[input + r] = src[i]!;
        crc = f64Be(IN, 8, count, scale, offset, unit, OUT, WORK);
      }
      crc >>>= 0;
      out.set(bytes.subarray(OUT, OUT + count * 8), at);
      return crc;
    },
  };
}
