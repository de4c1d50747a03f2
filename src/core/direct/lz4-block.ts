/**
 * Decodes one raw LZ4 block (the block format, no frame: what c-blosc's LZ4 and LZ4HC store per Blosc stream) into
 * `size` bytes, checking every length and offset: a damaged block is an error, never bytes from outside it.
 */
export function decodeLz4Block(input: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let i = 0;
  let o = 0;
  const damaged = () => new Error("damaged LZ4 data");
  /** A length of 15 goes on in bytes of 255 until a smaller one. */
  const longer = (n: number): number => {
    if (n !== 15) return n;
    for (;;) {
      if (i >= input.length) throw damaged();
      const b = input[i++]!;
      n += b;
      if (b !== 255) return n;
    }
  };
  while (i < input.length) {
    const token = input[i++]!;
    const literals = longer(token >> 4);
    if (i + literals > input.length || o + literals > size) throw damaged();
    out.set(input.subarray(i, i + literals), o);
    i += literals;
    o += literals;
    // The last sequence is literals only.
    if (i === input.length) break;
    if (i + 2 > input.length) throw damaged();
    const offset = input[i]! | (input[i + 1]! << 8);
    i += 2;
    const length = longer(token & 15) + 4;
    if (offset === 0 || offset > o || o + length > size) throw damaged();
    // Matches may overlap what they write (a run): byte by byte then, else one copy.
    if (offset >= length) out.copyWithin(o, o - offset, o - offset + length);
    else for (let k = 0; k < length; k++) out[o + k] = out[o + k - offset]!;
    o += length;
  }
  return o === size ? out : out.subarray(0, o);
}
