// Builds src/core/convert/f64-be-wasm.ts, the WebAssembly kernel of the level-0 float64 path (encode-wasm.ts).
// usage: node scripts/wasm-f64-be.mjs          writes the module (base64) from the text below
//        node scripts/wasm-f64-be.mjs --check  exits 1 when the committed module differs from the text
// wabt (a devDependency) assembles it; the app itself never needs wabt.
import { fileURLToPath } from "node:url";
import wabt from "wabt";
import { moduleSource, writeOrCheck } from "./module-file.mjs";

const OUT = fileURLToPath(new URL("../src/core/convert/f64-be-wasm.ts", import.meta.url));

/** Table k of slicing-by-16 CRC-32 sits at k·1 KiB: T[k][b] is byte b's contribution followed by k zero bytes. */
const lookup = (table, word, byte) => {
  const index = [
    `(i32.shl (local.get ${word}) (i32.const 2))`,
    `(i32.shr_u (local.get ${word}) (i32.const 6))`,
    `(i32.shr_u (local.get ${word}) (i32.const 14))`,
    `(i32.shr_u (local.get ${word}) (i32.const 22))`,
  ][byte];
  return `(i32.load offset=${table * 1024} (i32.and ${index} (i32.const 1020)))`;
};
/** The four bytes of `word`, through tables first…first-3, XORed together. */
const word4 = (first, word) =>
  `(i32.xor (i32.xor ${lookup(first, word, 0)} ${lookup(first - 1, word, 1)}) (i32.xor ${lookup(first - 2, word, 2)} ${lookup(first - 3, word, 3)}))`;
const SWAP = "7 6 5 4 3 2 1 0 15 14 13 12 11 10 9 8"; // each 8-byte lane reversed: little- to big-endian

/**
 * The CRC-32 polynomial P divides Q = x^(128·203) + x^(128·186) + x^(128·123) + x^(128·85) + x^(128·79) + 1 (found
 * by search; checked in src/core/convert/encode-wasm.test.ts). So 16 bytes at unit i of a message (units of 16
 * bytes, the first the highest in degree) count for the CRC as the same bytes XORed into units i + 203 − e for each
 * other exponent e of Q (in units: 17, 80, 118, 124 and 203 later): that is Chorba's idea (Sam Russell, 2024), on
 * 128-bit units. Done forward until the last 203 units (3,248 bytes), it leaves zeros in front and only those
 * units to go through the tables: five loads and XORs per 16 bytes instead of sixteen lookups.
 */
export const REDUCE_UNITS = 203;
export const REDUCE_EXPONENTS = [186, 123, 85, 79, 0];

/** Unit i's bytes XORed with the reduced units 203 − e before it (their address: the oldest one's + e·16). */
const pulled = (v) =>
  REDUCE_EXPONENTS.reduce((acc, e) => `(v128.xor ${acc} (v128.load offset=${e * 16} (local.get $r)))`, v);

/** Slicing-by-16 of the 16 bytes of $w into $c. */
const slice16 = `
        (local.set $x (i32.xor (i32x4.extract_lane 0 (local.get $w)) (local.get $c)))
        (local.set $c ${word4(15, "$x")})
        (local.set $x (i32x4.extract_lane 1 (local.get $w)))
        (local.set $c (i32.xor (local.get $c) ${word4(11, "$x")}))
        (local.set $x (i32x4.extract_lane 2 (local.get $w)))
        (local.set $c (i32.xor (local.get $c) ${word4(7, "$x")}))
        (local.set $x (i32x4.extract_lane 3 (local.get $w)))
        (local.set $c (i32.xor (local.get $c) ${word4(3, "$x")}))`;

export const WAT = `
(module
  ;; 0–16 KiB: the sixteen CRC tables (written by the host); the rest: the host's input, output and work areas.
  (memory (export "memory") 2)
  ;; count float64 samples at src (every stride bytes), scaled (v·scale + offset)·unit, written big-endian at dst;
  ;; returns the CRC-32 of the count·8 bytes written. dst needs 8 bytes of slack after them. work: 16 bytes per
  ;; pair of samples after ${REDUCE_UNITS} units of zeros, which it never writes.
  (func (export "f64_be")
    (param $src i32) (param $stride i32) (param $count i32)
    (param $scale f64) (param $offset f64) (param $unit f64) (param $dst i32) (param $work i32) (result i32)
    (local $p i32) (local $end i32) (local $split i32) (local $r i32) (local $c i32) (local $x i32)
    (local $v v128) (local $w v128) (local $init v128)
    (local.set $p (local.get $dst))
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 3))))
    (block $scaled
      (loop $scale
        (br_if $scaled (i32.ge_u (local.get $p) (local.get $end)))
        (f64.store (local.get $p)
          (f64.mul (f64.add (f64.mul (f64.load (local.get $src)) (local.get $scale)) (local.get $offset)) (local.get $unit)))
        (local.set $src (i32.add (local.get $src) (local.get $stride)))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $scale)))
    ;; The CRC's initial ~0 goes into the first four bytes instead (same CRC for messages of 4 bytes or more).
    (local.set $init (v128.const i32x4 -1 0 0 0))
    (local.set $p (local.get $dst))
    (local.set $r (local.get $work))
    (local.set $end (i32.add (local.get $dst) (i32.shl (i32.shr_u (local.get $count) (i32.const 1)) (i32.const 4))))
    (local.set $split (i32.sub (local.get $end) (i32.const ${REDUCE_UNITS * 16})))
    (if (i32.lt_s (i32.sub (local.get $split) (local.get $dst)) (i32.const 0)) (then (local.set $split (local.get $dst))))
    (block $reduced
      (loop $reduce
        (br_if $reduced (i32.ge_u (local.get $p) (local.get $split)))
        (local.set $v (i8x16.shuffle ${SWAP} (v128.load (local.get $p)) (v128.load (local.get $p))))
        (v128.store (local.get $p) (local.get $v))
        (v128.store offset=${REDUCE_UNITS * 16} (local.get $r) ${pulled("(v128.xor (local.get $v) (local.get $init))")})
        (local.set $init (v128.const i64x2 0 0))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $r (i32.add (local.get $r) (i32.const 16)))
        (br $reduce)))
    ;; The last units through the tables; each leaves zeros in its work slot for the units after it.
    (block $tabled
      (loop $table
        (br_if $tabled (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $v (i8x16.shuffle ${SWAP} (v128.load (local.get $p)) (v128.load (local.get $p))))
        (v128.store (local.get $p) (local.get $v))
        (local.set $w ${pulled("(v128.xor (local.get $v) (local.get $init))")})
        (local.set $init (v128.const i64x2 0 0))
        (v128.store offset=${REDUCE_UNITS * 16} (local.get $r) (v128.const i64x2 0 0))${slice16}
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $r (i32.add (local.get $r) (i32.const 16)))
        (br $table)))
    (if (i32.and (local.get $count) (i32.const 1))
      (then
        ;; the last sample alone: swapped through a 16-byte lane (the slack), slicing-by-8
        (local.set $v (i8x16.shuffle ${SWAP} (v128.load (local.get $p)) (v128.load (local.get $p))))
        (i64.store (local.get $p) (i64x2.extract_lane 0 (local.get $v)))
        (local.set $w (v128.xor (local.get $v) (local.get $init)))
        (local.set $x (i32.xor (i32x4.extract_lane 0 (local.get $w)) (local.get $c)))
        (local.set $c ${word4(7, "$x")})
        (local.set $x (i32x4.extract_lane 1 (local.get $w)))
        (local.set $c (i32.xor (local.get $c) ${word4(3, "$x")}))))
    (i32.xor (local.get $c) (i32.const -1))))
`;

export async function assemble() {
  const w = await wabt();
  const module = w.parseWat("f64-be.wat", WAT, { simd: true });
  module.validate();
  return Buffer.from(module.toBinary({}).buffer);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = moduleSource("scripts/wasm-f64-be.mjs from the text there", "F64_BE_WASM", await assemble());
  writeOrCheck(OUT, text, "node scripts/wasm-f64-be.mjs");
}
