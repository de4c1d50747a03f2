import { describe, expect, it } from "vitest";
import { bitUnshuffle, unshuffle } from "./samples";

/** HDF5's and Blosc's shuffle, the plain way: byte j of element i goes to plane j. */
function shuffle(bytes: Uint8Array, size: number): Uint8Array {
  const count = Math.floor(bytes.length / size);
  const out = bytes.slice();
  for (let i = 0; i < count; i++) for (let j = 0; j < size; j++) out[j * count + i] = bytes[i * size + j]!;
  return out;
}

describe("unshuffle", () => {
  const plain = Uint8Array.from({ length: 4099 }, (_, i) => (i * 7919 + (i >> 8)) & 255);

  it("puts 2-byte elements back a word at a time, and any length or offset by the byte loop", () => {
    // 2048 elements (the word path), with a byte left over too; 2049 (the byte loop); views at odd offsets.
    for (const length of [4096, 4097, 4098, 4099]) {
      const want = plain.subarray(0, length);
      const stored = shuffle(want, 2);
      expect(unshuffle(stored, 2)).toEqual(want);
      const odd = new Uint8Array(length + 1);
      odd.set(stored, 1);
      const into = new Uint8Array(length + 3);
      expect(unshuffle(odd.subarray(1), 2, into.subarray(1))).toEqual(want);
    }
  });

  it("puts wider elements back, leaving the bytes past the last whole element as they are", () => {
    for (const size of [4, 8]) expect(unshuffle(shuffle(plain, size), size)).toEqual(plain);
  });
});

/** Blosc's bit shuffle, bit by bit: bit k of byte j of element i goes to bit i of row 8j + k (least significant first). */
function bitShuffle(bytes: Uint8Array, size: number): Uint8Array {
  const count = Math.floor(bytes.length / size);
  const out = bytes.slice();
  if (count % 8 !== 0) return out;
  out.fill(0, 0, count * size);
  const rowBytes = count / 8;
  for (let i = 0; i < count; i++)
    for (let j = 0; j < size; j++)
      for (let k = 0; k < 8; k++)
        if ((bytes[i * size + j]! >> k) & 1) out[(8 * j + k) * rowBytes + (i >> 3)]! |= 1 << (i & 7);
  return out;
}

describe("bitUnshuffle", () => {
  const plain = Uint8Array.from({ length: 4099 }, (_, i) => (i * 2654435761) >>> 23);

  it("puts the bits of 1- to 8-byte elements back, and the bytes past the last whole element as they are", () => {
    for (const size of [1, 2, 4, 8])
      for (const length of [64 * size, 4096, 4099]) {
        const want = plain.subarray(0, length);
        const out = new Uint8Array(length);
        bitUnshuffle(bitShuffle(want, size), size, out);
        expect(out, `${size}-byte elements, ${length} bytes`).toEqual(want);
      }
  });

  it("leaves a block whose element count is not a multiple of 8 as it is (c-blosc stores it so)", () => {
    const stored = plain.subarray(0, 2 * 1001);
    const out = new Uint8Array(stored.length);
    bitUnshuffle(stored, 2, out);
    expect(out).toEqual(stored);
  });
});
