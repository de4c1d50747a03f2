// zlib-wrapped deflate (RFC 1950/1951) decoder, compiled to WebAssembly by AssemblyScript (scripts/wasm-inflate.mjs).
// HDF5's deflate filter stores every chunk this way. The host copies a chunk to `src` with 32 zero bytes after it,
// calls inflate() and copies the output out; it grows the memory so that `dst` has 16 bytes of slack past `cap`.
//
// The decoder reads bits through a 64-bit buffer refilled eight bytes at a time, and decodes Huffman codes with
// tables indexed by the next bits (11 for literal/length codes, 8 for distances, second-level tables for longer
// codes), as libdeflate and zlib do; every table entry carries what the symbol means, so the hot loop does one
// lookup per symbol. Matches are copied eight bytes at a time where the distance allows.

/** Returned for input that is not a valid zlib stream, output that does not fit `cap`, or a wrong checksum. */
export const ERR_DATA: i32 = -1;
export const ERR_FULL: i32 = -2;
export const ERR_CHECKSUM: i32 = -3;
export const ERR_TRUNCATED: i32 = -4;

// A table entry: bits 0–3 bits to consume, 4–7 kind, 8–11 extra bits (or a second-level table's index bits),
// 16–31 the value (literal byte, base length or distance, second-level table start).
const LITERAL: u32 = 0 << 4;
const LENGTH: u32 = 1 << 4;
const END: u32 = 2 << 4;
const SUB: u32 = 3 << 4;
const INVALID: u32 = 4 << 4;
const DISTANCE: u32 = 5 << 4;

const LIT_BITS: u32 = 11;
const DIST_BITS: u32 = 8;
const PRE_BITS: u32 = 7;

// Main tables plus the most second-level entries the codes can need (288 or 32 codes of up to 15 bits).
const LIT_TABLE = memory.data(((1 << LIT_BITS) + 288 * 16) * 4, 16);
const DIST_TABLE = memory.data(((1 << DIST_BITS) + 32 * 128) * 4, 16);
const PRE_TABLE = memory.data((1 << PRE_BITS) * 4, 16);
/** Code lengths for build(): 288 literal/length then 32 distance (or the 19 of the precode), a byte each. */
const LENS = memory.data(320, 16);
/** The lengths as a block header sends them: literal/length and distance ones in one run. */
const SEQUENCE = memory.data(320, 16);
/** What each symbol means, without its length: literal/length symbols, then distance symbols, then precode ones. */
const LIT_INFO = memory.data(288 * 4, 16);
const DIST_INFO = memory.data(32 * 4, 16);
const PRE_INFO = memory.data(19 * 4, 16);
const COUNTS = memory.data(16 * 2, 16);
const OFFSETS = memory.data(16 * 2, 16);
const SORTED = memory.data(320 * 2, 16);
const PRECODE_ORDER = memory.data<u8>([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);
const LENGTH_BASE = memory.data<u16>([
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
]);
const LENGTH_EXTRA = memory.data<u8>([
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
]);
const DIST_BASE = memory.data<u16>([
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
  8193, 12289, 16385, 24577,
]);
const DIST_EXTRA = memory.data<u8>([
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
]);

let infoReady = false;
/** The tables hold the fixed code (blocks of type 1 may follow each other by the thousand: build it once). */
let tablesFixed = false;

function fillInfo(): void {
  for (let s: u32 = 0; s < 256; s++) store<u32>(LIT_INFO + (s << 2), LITERAL | (s << 16));
  store<u32>(LIT_INFO + (256 << 2), END);
  for (let s: u32 = 257; s < 286; s++) {
    const i = s - 257;
    const extra = <u32>load<u8>(LENGTH_EXTRA + i);
    store<u32>(LIT_INFO + (s << 2), LENGTH | (extra << 8) | ((<u32>load<u16>(LENGTH_BASE + (i << 1))) << 16));
  }
  store<u32>(LIT_INFO + (286 << 2), INVALID);
  store<u32>(LIT_INFO + (287 << 2), INVALID);
  for (let s: u32 = 0; s < 30; s++) {
    const extra = <u32>load<u8>(DIST_EXTRA + s);
    store<u32>(DIST_INFO + (s << 2), DISTANCE | (extra << 8) | ((<u32>load<u16>(DIST_BASE + (s << 1))) << 16));
  }
  store<u32>(DIST_INFO + (30 << 2), INVALID);
  store<u32>(DIST_INFO + (31 << 2), INVALID);
  for (let s: u32 = 0; s < 19; s++) store<u32>(PRE_INFO + (s << 2), LITERAL | (s << 16));
  infoReady = true;
}

/**
 * Fills `table` for the canonical Huffman code whose `n` lengths are at `lens`; `info` says what each symbol
 * means. Returns false for an over-subscribed code, and for an incomplete one as zlib does: a precode always, a
 * literal/length or distance code unless it is a single 1-bit code (or empty). Unused entries decode as INVALID.
 */
function build(lens: usize, n: u32, info: usize, table: usize, bits: u32, precode: bool = false): bool {
  memory.fill(COUNTS, 0, 32);
  for (let s: u32 = 0; s < n; s++) {
    const len = <u32>load<u8>(lens + s);
    store<u16>(COUNTS + (len << 1), load<u16>(COUNTS + (len << 1)) + 1);
  }
  store<u16>(COUNTS, 0);
  let left: i32 = 1;
  let maxLen: u32 = 0;
  for (let len: u32 = 1; len < 16; len++) {
    left = (left << 1) - <i32>load<u16>(COUNTS + (len << 1));
    if (left < 0) return false;
    if (load<u16>(COUNTS + (len << 1)) != 0) maxLen = len;
  }
  if (left > 0 && maxLen > 0 && (precode || maxLen != 1)) return false;
  store<u16>(OFFSETS + 2, 0);
  for (let len: u32 = 1; len < 15; len++)
    store<u16>(OFFSETS + ((len + 1) << 1), load<u16>(OFFSETS + (len << 1)) + load<u16>(COUNTS + (len << 1)));
  for (let s: u32 = 0; s < n; s++) {
    const len = <u32>load<u8>(lens + s);
    if (len == 0) continue;
    const at = <u32>load<u16>(OFFSETS + (len << 1));
    store<u16>(SORTED + (at << 1), <u16>s);
    store<u16>(OFFSETS + (len << 1), <u16>(at + 1));
  }
  const size: u32 = 1 << bits;
  for (let i: u32 = 0; i < size; i++) store<u32>(table + (i << 2), INVALID | bits);
  const subBits: u32 = maxLen > bits ? maxLen - bits : 0;
  let next: u32 = size;
  let code: u32 = 0;
  let k: u32 = 0;
  for (let len: u32 = 1; len <= maxLen; len++) {
    const count = <u32>load<u16>(COUNTS + (len << 1));
    for (let c: u32 = 0; c < count; c++) {
      const s = <u32>load<u16>(SORTED + (k << 1));
      k++;
      // Deflate sends codes from their most significant bit: the table is indexed by the bits reversed.
      let rev: u32 = 0;
      for (let b: u32 = 0; b < len; b++) rev |= ((code >> b) & 1) << (len - 1 - b);
      const meaning = load<u32>(info + (s << 2));
      if (len <= bits) {
        const entry = meaning | len;
        for (let j = rev; j < size; j += 1 << len) store<u32>(table + (j << 2), entry);
      } else {
        const prefix = rev & (size - 1);
        let pointer = load<u32>(table + (prefix << 2));
        if ((pointer & 0xf0) != SUB) {
          pointer = (next << 16) | (subBits << 8) | SUB | bits;
          store<u32>(table + (prefix << 2), pointer);
          for (let j: u32 = 0; j < <u32>(1 << subBits); j++) store<u32>(table + ((next + j) << 2), INVALID | subBits);
          next += 1 << subBits;
        }
        const base = pointer >> 16;
        const rest = len - bits;
        const entry = meaning | rest;
        for (let j = rev >> bits; j < <u32>(1 << subBits); j += 1 << rest) store<u32>(table + ((base + j) << 2), entry);
      }
      code++;
    }
    code <<= 1;
  }
  return true;
}

/** Weights 16…1 of a 16-byte block's bytes in the second sum, as two halves. */
const WEIGHTS_LOW = i16x8(16, 15, 14, 13, 12, 11, 10, 9);
const WEIGHTS_HIGH = i16x8(8, 7, 6, 5, 4, 3, 2, 1);
/** 16-byte blocks between reductions: the lane sums stay far from overflowing 32 bits. */
const BLOCKS: u32 = 256;

/**
 * The Adler-32 of `n` bytes at `p` (RFC 1950), 16 bytes per step with SIMD. Over a block of bytes x0…x15, the
 * first sum grows by Σx and the second by 16·a + Σ(16 − i)·xi, where a is the first sum before the block; the
 * lanes keep Σx, Σ(16 − i)·xi and the running total of the first sums, and are reduced every BLOCKS blocks.
 */
function adler32(p: usize, n: u32): u32 {
  let a: u64 = 1;
  let b: u64 = 0;
  while (n >= 16) {
    let blocks = n >> 4;
    if (blocks > BLOCKS) blocks = BLOCKS;
    n -= blocks << 4;
    let sums = i32x4.splat(0);
    let weighted = i32x4.splat(0);
    let before = i32x4.splat(0);
    for (let k: u32 = 0; k < blocks; k++) {
      const x = v128.load(p);
      before = i32x4.add(before, sums);
      sums = i32x4.add(sums, i32x4.extadd_pairwise_i16x8_u(i16x8.extadd_pairwise_i8x16_u(x)));
      weighted = i32x4.add(weighted, i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_u(x), WEIGHTS_LOW));
      weighted = i32x4.add(weighted, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_u(x), WEIGHTS_HIGH));
      p += 16;
    }
    const s = <u64>lanes(sums);
    b += ((<u64>blocks) << 4) * a + ((<u64>lanes(before)) << 4) + <u64>lanes(weighted);
    a += s;
    a %= 65521;
    b %= 65521;
  }
  while (n > 0) {
    a += <u64>load<u8>(p);
    b += a;
    p++;
    n--;
  }
  return <u32>(((b % 65521) << 16) | (a % 65521));
}

function lanes(v: v128): u32 {
  return <u32>(
    (i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1) + i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3))
  );
}

/** Bytes decoded when the last call returned ERR_FULL: a caller that wants only a prefix may have it already. */
let decodedWhenFull: usize = 0;

function full(decoded: usize): i32 {
  decodedWhenFull = decoded;
  return ERR_FULL;
}

/** The output a call that returned ERR_FULL made (at `dst`, complete up to there). */
export function written(): u32 {
  return <u32>decodedWhenFull;
}

/** Where the host may put input and output: past this module's own data. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

/**
 * Decodes the zlib stream of `length` bytes at `src` into `dst` (at most `cap` bytes). Returns the decoded
 * length, or ERR_DATA, ERR_FULL, ERR_CHECKSUM, ERR_TRUNCATED.
 */
export function inflate(src: usize, length: u32, dst: usize, cap: u32): i32 {
  if (!infoReady) fillInfo();
  if (length < 6) return ERR_TRUNCATED;
  const cmf = <u32>load<u8>(src);
  const flg = <u32>load<u8>(src, 1);
  if ((cmf & 15) != 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 != 0 || (flg & 0x20) != 0) return ERR_DATA;
  const end = src + length;
  // Reading on into the zero padding is allowed this far; a stream that needs more is truncated.
  const limit = end + 16;
  const outEnd = dst + cap;
  let ip = src + 2;
  let out = dst;
  let bitbuf: u64 = 0;
  let bitsleft: u64 = 0;
  let last = false;
  while (!last) {
    // Eight bytes in at once: the bits past `bitsleft` that come in early are the stream's own, and come in again.
    bitbuf |= load<u64>(ip) << bitsleft;
    ip += <usize>((63 - bitsleft) >> 3);
    bitsleft |= 56;
    if (ip > limit) return ERR_TRUNCATED;
    last = (bitbuf & 1) != 0;
    const type = (<u32>(bitbuf >> 1)) & 3;
    bitbuf >>= 3;
    bitsleft -= 3;
    if (type == 0) {
      // Stored: from the next byte boundary, LEN and its complement, then LEN bytes as they are.
      bitsleft &= ~(<u64>7);
      const at = ip - <usize>(bitsleft >> 3);
      if (at + 4 > end) return ERR_TRUNCATED;
      const len = <u32>load<u16>(at);
      if ((len ^ 0xffff) != <u32>load<u16>(at, 2)) return ERR_DATA;
      if (at + 4 + len > end) return ERR_TRUNCATED;
      if (<usize>len > outEnd - out) return full(out - dst);
      memory.copy(out, at + 4, len);
      out += len;
      ip = at + 4 + len;
      bitbuf = 0;
      bitsleft = 0;
      continue;
    }
    if (type == 3) return ERR_DATA;
    if (type == 1) {
      if (!tablesFixed) {
        for (let s = 0; s < 144; s++) store<u8>(LENS + s, 8);
        for (let s = 144; s < 256; s++) store<u8>(LENS + s, 9);
        for (let s = 256; s < 280; s++) store<u8>(LENS + s, 7);
        for (let s = 280; s < 288; s++) store<u8>(LENS + s, 8);
        for (let s = 0; s < 32; s++) store<u8>(LENS + 288 + s, 5);
        build(LENS, 288, LIT_INFO, LIT_TABLE, LIT_BITS);
        build(LENS + 288, 32, DIST_INFO, DIST_TABLE, DIST_BITS);
        tablesFixed = true;
      }
    } else {
      tablesFixed = false;
      // Dynamic: the code lengths, themselves coded with a code whose lengths come first (3 bits each).
      const nlit = <u32>(bitbuf & 31) + 257;
      const ndist = <u32>((bitbuf >> 5) & 31) + 1;
      const npre = <u32>((bitbuf >> 10) & 15) + 4;
      bitbuf >>= 14;
      bitsleft -= 14;
      if (nlit > 286 || ndist > 30) return ERR_DATA;
      memory.fill(LENS, 0, 19);
      for (let i: u32 = 0; i < npre; i++) {
        if (bitsleft < 3) {
          bitbuf |= load<u64>(ip) << bitsleft;
          ip += <usize>((63 - bitsleft) >> 3);
          bitsleft |= 56;
        }
        store<u8>(LENS + <usize>load<u8>(PRECODE_ORDER + i), <u8>(bitbuf & 7));
        bitbuf >>= 3;
        bitsleft -= 3;
      }
      if (!build(LENS, 19, PRE_INFO, PRE_TABLE, PRE_BITS, true)) return ERR_DATA;
      // The literal/length and distance lengths form one sequence (a repeat may cross from one to the other).
      const total = nlit + ndist;
      const lens = SEQUENCE;
      let i: u32 = 0;
      while (i < total) {
        bitbuf |= load<u64>(ip) << bitsleft;
        ip += <usize>((63 - bitsleft) >> 3);
        bitsleft |= 56;
        if (ip > limit) return ERR_TRUNCATED;
        const e = load<u32>(PRE_TABLE + <usize>(((<u32>bitbuf) & 127) << 2));
        if ((e & 0xf0) == INVALID) return ERR_DATA;
        const n = <u64>(e & 15);
        bitbuf >>= n;
        bitsleft -= n;
        const sym = e >> 16;
        if (sym < 16) {
          store<u8>(lens + i, <u8>sym);
          i++;
          continue;
        }
        let repeat: u32;
        let value: u8 = 0;
        if (sym == 16) {
          if (i == 0) return ERR_DATA;
          value = load<u8>(lens + i - 1);
          repeat = 3 + ((<u32>bitbuf) & 3);
          bitbuf >>= 2;
          bitsleft -= 2;
        } else if (sym == 17) {
          repeat = 3 + ((<u32>bitbuf) & 7);
          bitbuf >>= 3;
          bitsleft -= 3;
        } else {
          repeat = 11 + ((<u32>bitbuf) & 127);
          bitbuf >>= 7;
          bitsleft -= 7;
        }
        if (i + repeat > total) return ERR_DATA;
        memory.fill(lens + i, value, repeat);
        i += repeat;
      }
      if (load<u8>(lens + 256) == 0) return ERR_DATA; // no end-of-block code
      // Each code's lengths in their place: 288 literal/length ones, then 32 distance ones.
      memory.copy(LENS, lens, nlit);
      memory.fill(LENS + nlit, 0, 288 - nlit);
      memory.copy(LENS + 288, lens + nlit, ndist);
      memory.fill(LENS + 288 + ndist, 0, 32 - ndist);
      if (!build(LENS, 288, LIT_INFO, LIT_TABLE, LIT_BITS)) return ERR_DATA;
      if (!build(LENS + 288, 32, DIST_INFO, DIST_TABLE, DIST_BITS)) return ERR_DATA;
    }
    // The block's symbols. One refill covers a whole length/distance pair (at most 48 bits).
    for (;;) {
      bitbuf |= load<u64>(ip) << bitsleft;
      ip += <usize>((63 - bitsleft) >> 3);
      bitsleft |= 56;
      if (ip > limit) return ERR_TRUNCATED;
      let e = load<u32>(LIT_TABLE + <usize>(((<u32>bitbuf) & 2047) << 2));
      let n = <u64>(e & 15);
      bitbuf >>= n;
      bitsleft -= n;
      let kind = e & 0xf0;
      if (kind == LITERAL) {
        // Literals come in runs: up to two more from the same refill (each takes at most 15 of its 56 bits).
        if (outEnd - out < 3) {
          if (out >= outEnd) return full(out - dst);
          store<u8>(out, <u8>(e >> 16));
          out++;
          continue;
        }
        store<u8>(out, <u8>(e >> 16));
        e = load<u32>(LIT_TABLE + <usize>(((<u32>bitbuf) & 2047) << 2));
        if ((e & 0xf0) != LITERAL) {
          out++;
          continue;
        }
        n = <u64>(e & 15);
        bitbuf >>= n;
        bitsleft -= n;
        store<u8>(out, <u8>(e >> 16), 1);
        e = load<u32>(LIT_TABLE + <usize>(((<u32>bitbuf) & 2047) << 2));
        if ((e & 0xf0) != LITERAL) {
          out += 2;
          continue;
        }
        n = <u64>(e & 15);
        bitbuf >>= n;
        bitsleft -= n;
        store<u8>(out, <u8>(e >> 16), 2);
        out += 3;
        continue;
      }
      if (kind == SUB) {
        e = load<u32>(LIT_TABLE + <usize>(((e >> 16) + ((<u32>bitbuf) & ((1 << ((e >> 8) & 15)) - 1))) << 2));
        n = <u64>(e & 15);
        bitbuf >>= n;
        bitsleft -= n;
        kind = e & 0xf0;
        if (kind == LITERAL) {
          if (out >= outEnd) return full(out - dst);
          store<u8>(out, <u8>(e >> 16));
          out++;
          continue;
        }
      }
      if (kind == END) break;
      if (kind != LENGTH) return ERR_DATA;
      let extra = (e >> 8) & 15;
      const len = (e >> 16) + ((<u32>bitbuf) & ((1 << extra) - 1));
      bitbuf >>= <u64>extra;
      bitsleft -= <u64>extra;
      let d = load<u32>(DIST_TABLE + <usize>(((<u32>bitbuf) & 255) << 2));
      n = <u64>(d & 15);
      bitbuf >>= n;
      bitsleft -= n;
      if ((d & 0xf0) == SUB) {
        d = load<u32>(DIST_TABLE + <usize>(((d >> 16) + ((<u32>bitbuf) & ((1 << ((d >> 8) & 15)) - 1))) << 2));
        n = <u64>(d & 15);
        bitbuf >>= n;
        bitsleft -= n;
      }
      if ((d & 0xf0) != DISTANCE) return ERR_DATA;
      extra = (d >> 8) & 15;
      const dist = (d >> 16) + ((<u32>bitbuf) & ((1 << extra) - 1));
      bitbuf >>= <u64>extra;
      bitsleft -= <u64>extra;
      if (<usize>dist > out - dst) return ERR_DATA;
      if (<usize>len > outEnd - out) return full(out - dst);
      let from = out - <usize>dist;
      const stop = out + len;
      if (dist >= 8) {
        // Eight bytes at a time, up to 7 past the match (the host leaves slack after `cap`).
        do {
          store<u64>(out, load<u64>(from));
          out += 8;
          from += 8;
        } while (out < stop);
      } else if (dist == 1) {
        const v = <u64>load<u8>(from) * 0x0101010101010101;
        do {
          store<u64>(out, v);
          out += 8;
        } while (out < stop);
      } else {
        do {
          store<u8>(out, load<u8>(from));
          out++;
          from++;
        } while (out < stop);
      }
      out = stop;
    }
  }
  // The Adler-32 of the output follows, big-endian, from the next byte boundary.
  bitsleft &= ~(<u64>7);
  const at = ip - <usize>(bitsleft >> 3);
  if (at + 4 > end) return ERR_TRUNCATED;
  const stored =
    ((<u32>load<u8>(at)) << 24) |
    ((<u32>load<u8>(at, 1)) << 16) |
    ((<u32>load<u8>(at, 2)) << 8) |
    (<u32>load<u8>(at, 3));
  const size = <u32>(out - dst);
  if (adler32(dst, size) != stored) return ERR_CHECKSUM;
  return <i32>size;
}
