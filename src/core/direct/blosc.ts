import { bitUnshuffle, unshuffle } from "./samples";

/**
 * One block's compressed stream decoded to exactly `size` bytes; anything else (corrupt, short, long) throws or
 * returns another length, which the frame decoder refuses. The bytes may be a view the codec reuses at its next
 * call: the frame decoder copies them out before that.
 */
export type BlockCodec = (stream: Uint8Array, size: number) => Uint8Array;

/** Block codecs by the compressor names of Blosc's header; a frame made with another one is refused. */
export type BloscCodecs = Partial<Record<"zstd" | "zlib" | "lz4", BlockCodec>>;

/** The compressor formats of Blosc1's header (flags bits 5–7); LZ4 and LZ4HC share one format. */
const FORMATS = ["blosclz", "lz4", "snappy", "zlib", "zstd"] as const;
const HEADER = 16;
const VERSION = 2;
const DO_SHUFFLE = 0x1;
const MEMCPYED = 0x2;
const DO_BITSHUFFLE = 0x4;
const FUTURE_FLAGS = 0x8;
const DONT_SPLIT = 0x10;
/** c-blosc splits a block into one stream per byte of the element only up to this element size… */
const MAX_SPLITS = 16;
/** …and for blocks of at least this many elements. */
const MIN_BUFFERSIZE = 128;

/** What a frame's header says, checked against the frame's length. */
export interface BloscHeader {
  typesize: number;
  /** Decoded bytes. */
  nbytes: number;
  blocksize: number;
  /** The frame's stored bytes, header included. */
  ctbytes: number;
  compressor: string;
  shuffle: "none" | "byte" | "bit";
  memcpyed: boolean;
}

export function bloscHeader(frame: Uint8Array): BloscHeader {
  if (frame.length < HEADER) throw new Error("the Blosc frame is shorter than its header");
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const flags = frame[2]!;
  if (frame[0] !== VERSION || flags & FUTURE_FLAGS) throw new Error(`Blosc format ${frame[0]} is not known here`);
  const header: BloscHeader = {
    typesize: frame[3]!,
    nbytes: view.getUint32(4, true),
    blocksize: view.getUint32(8, true),
    ctbytes: view.getUint32(12, true),
    compressor: FORMATS[flags >> 5] ?? `compressor ${flags >> 5}`,
    shuffle: flags & DO_BITSHUFFLE ? "bit" : flags & DO_SHUFFLE ? "byte" : "none",
    memcpyed: (flags & MEMCPYED) !== 0,
  };
  if (header.ctbytes > frame.length) throw new Error("the Blosc frame is cut short");
  if (header.typesize < 1 || (header.nbytes > 0 && header.blocksize < 1))
    throw new Error("the Blosc header is damaged");
  return header;
}

/**
 * Decodes one Blosc1 frame (hdf5-blosc stores each chunk as one), as c-blosc's blosc_decompress does but checking
 * every offset and length against the frame: a damaged frame is an error, never wrong samples. Blocks are
 * decoded one by one by `codecs` and unshuffled into the output: `into` when it is big enough, else a new array.
 * With `limit`, a frame that says it holds more is refused before anything is decoded.
 */
export function decodeBlosc(frame: Uint8Array, codecs: BloscCodecs, into?: Uint8Array, limit?: number): Uint8Array {
  const h = bloscHeader(frame);
  if (limit !== undefined && h.nbytes > limit) throw new Error(`the Blosc frame decodes to more than ${limit} bytes`);
  const out = into && into.length >= h.nbytes ? into.subarray(0, h.nbytes) : new Uint8Array(h.nbytes);
  if (h.nbytes === 0) return out;
  if (h.memcpyed) {
    if (h.ctbytes !== h.nbytes + HEADER) throw new Error("the Blosc frame is damaged (stored size)");
    out.set(frame.subarray(HEADER, h.ctbytes));
    return out;
  }
  const codec = codecs[h.compressor as keyof BloscCodecs];
  if (!codec) throw new Error(`Blosc's ${h.compressor} is not decoded here`);
  const blocks = Math.ceil(h.nbytes / h.blocksize);
  if (HEADER + 4 * blocks > h.ctbytes) throw new Error("the Blosc frame is damaged (block table)");
  const view = new DataView(frame.buffer, frame.byteOffset, h.ctbytes);
  const shuffled = h.shuffle === "byte" && h.typesize > 1;
  const bitShuffled = h.shuffle === "bit";
  let spare: Uint8Array | undefined;
  for (let j = 0; j < blocks; j++) {
    const leftover = j === blocks - 1 && h.nbytes % h.blocksize !== 0;
    const bsize = leftover ? h.nbytes % h.blocksize : h.blocksize;
    // c-blosc's rule for whether a block was split into one stream per byte of the element.
    const splits =
      !(frame[2]! & DONT_SPLIT) &&
      h.typesize <= MAX_SPLITS &&
      Math.floor(bsize / h.typesize) >= MIN_BUFFERSIZE &&
      !leftover
        ? h.typesize
        : 1;
    if (bsize % splits !== 0) throw new Error("the Blosc frame is damaged (block size)");
    const part = bsize / splits;
    let at = view.getUint32(HEADER + 4 * j, true);
    const stream = (): Uint8Array => {
      if (at + 4 > h.ctbytes) throw new Error(`the Blosc frame is damaged (block ${j})`);
      const stored = view.getInt32(at, true);
      at += 4;
      if (stored < 0 || stored > h.ctbytes - at) throw new Error(`the Blosc frame is damaged (block ${j})`);
      const bytes = frame.subarray(at, at + stored);
      at += stored;
      // A stream that would not compress is stored as it is.
      const decoded = stored === part ? bytes : codec(bytes, part);
      if (decoded.length !== part) throw new Error(`block ${j} of the Blosc frame does not decode (${h.compressor})`);
      return decoded;
    };
    let block: Uint8Array;
    if (splits === 1) block = stream();
    else {
      block = (spare ??= new Uint8Array(h.blocksize)).subarray(0, bsize);
      for (let s = 0; s < splits; s++) block.set(stream(), s * part);
    }
    const dst = out.subarray(j * h.blocksize, j * h.blocksize + bsize);
    if (shuffled) unshuffle(block, h.typesize, dst);
    else if (bitShuffled && bsize >= h.typesize) bitUnshuffle(block, h.typesize, dst);
    else dst.set(block);
  }
  return out;
}
