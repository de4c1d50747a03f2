import { describe, expect, it } from "vitest";
import { unshuffle } from "./samples";

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
