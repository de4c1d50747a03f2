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

export const WAT = `
(module
  ;; 0–16 KiB: the sixteen CRC tables (written by the host); the rest: the host's input and output areas.
  (memory (export "memory") 2)
  ;; count float64 samples at src (every stride bytes), scaled (v·scale + offset)·unit, written big-endian at dst;
  ;; returns the CRC-32 of the count·8 bytes written. dst needs 8 bytes of slack after them.
  (func (export "f64_be")
    (param $src i32) (param $stride i32) (param $count i32)
    (param $scale f64) (param $offset f64) (param $unit f64) (param $dst i32) (result i32)
    (local $p i32) (local $end i32) (local $c i32) (local $v v128) (local $w i32)
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
    (local.set $c (i32.const -1))
    (local.set $p (local.get $dst))
    (local.set $end (i32.add (local.get $dst) (i32.shl (i32.shr_u (local.get $count) (i32.const 1)) (i32.const 4))))
    (block $pairs
      (loop $pair
        (br_if $pairs (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $v (i8x16.shuffle ${SWAP} (v128.load (local.get $p)) (v128.load (local.get $p))))
        (v128.store (local.get $p) (local.get $v))
        (local.set $w (i32.xor (i32x4.extract_lane 0 (local.get $v)) (local.get $c)))
        (local.set $c ${word4(15, "$w")})
        (local.set $w (i32x4.extract_lane 1 (local.get $v)))
        (local.set $c (i32.xor (local.get $c) ${word4(11, "$w")}))
        (local.set $w (i32x4.extract_lane 2 (local.get $v)))
        (local.set $c (i32.xor (local.get $c) ${word4(7, "$w")}))
        (local.set $w (i32x4.extract_lane 3 (local.get $v)))
        (local.set $c (i32.xor (local.get $c) ${word4(3, "$w")}))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $pair)))
    (if (i32.and (local.get $count) (i32.const 1))
      (then
        ;; the last sample alone: swapped through a 16-byte lane (the slack), slicing-by-8
        (local.set $v (i8x16.shuffle ${SWAP} (v128.load (local.get $p)) (v128.load (local.get $p))))
        (i64.store (local.get $p) (i64x2.extract_lane 0 (local.get $v)))
        (local.set $w (i32.xor (i32x4.extract_lane 0 (local.get $v)) (local.get $c)))
        (local.set $c ${word4(7, "$w")})
        (local.set $w (i32x4.extract_lane 1 (local.get $v)))
        (local.set $c (i32.xor (local.get $c) ${word4(3, "$w")}))))
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
