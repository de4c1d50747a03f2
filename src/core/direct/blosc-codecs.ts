import { ZSTDDecoder } from "zstddec";
import { decodeBlosc, type BlockCodec, type BloscCodecs } from "./blosc";
import { inflateZlib } from "./inflate-wasm";
import { decodeLz4Block } from "./lz4-block";

let codecs: Promise<BloscCodecs> | undefined;

/**
 * The block codecs for Blosc frames: Zstandard by zstddec (the zstd library in ~55 kB of WebAssembly; in Node it
 * decodes the benchmark's Blosc(zstd 5) blocks at ~600 MB/s, about 3× numcodecs' whole c-blosc build, and reports
 * what it could not decode, where that build returns whatever memory held), zlib by our inflate, LZ4 (and LZ4HC)
 * by our own block decoder.
 */
export function bloscCodecs(): Promise<BloscCodecs> {
  codecs ??= (async () => ({
    zstd: await zstdInPlace(),
    zlib: (stream, size) => inflateZlib(stream, undefined, size),
    lz4: decodeLz4Block,
  }))();
  return codecs;
}

interface ZstdExports {
  memory: WebAssembly.Memory;
  malloc(bytes: number): number;
  free(pointer: number): void;
  ZSTD_decompress(dst: number, dstCapacity: number, src: number, srcSize: number): number;
}

/**
 * zstddec's library, decoding into one region of its memory that every call reuses, and handing back a view of it
 * (valid until the codec's next call: the frame decoder copies each block out at once). zstddec's own `decode`
 * returns a new copy of each block: a fresh ArrayBuffer of ~128 KiB a block, which the allocator maps, zeroes and
 * faults in anew each time (7–9 % of the CLI's CPU samples on NeuroConv's Blosc layout, measured: bench/README.md).
 * Its `_init` (public in its types) is where the instance passes by, so a subclass keeps it.
 */
async function zstdInPlace(): Promise<BlockCodec> {
  let wasm: ZstdExports | undefined;
  const decoder = new (class extends ZSTDDecoder {
    constructor() {
      super();
      // zstddec calls `this._init` unbound: a property, not a method, keeps what it is handed.
      this._init = (result: WebAssembly.WebAssemblyInstantiatedSource) => {
        ZSTDDecoder.prototype._init(result);
        wasm = result.instance.exports as unknown as ZstdExports;
      };
    }
  })();
  await decoder.init();
  // Another decoder of the same module came first (its `init` is shared): fall back to copies.
  if (!wasm) return (stream, size) => decoder.decode(stream, size);
  const zstd = wasm;
  let input = { at: 0, room: 0 };
  let output = { at: 0, room: 0 };
  const fit = (area: { at: number; room: number }, bytes: number) => {
    if (bytes <= area.room) return area;
    if (area.room) zstd.free(area.at);
    const room = Math.max(bytes, 2 * area.room);
    const at = zstd.malloc(room);
    if (!at) throw new Error("zstd: out of memory");
    return { at, room };
  };
  return (stream, size) => {
    input = fit(input, stream.length);
    output = fit(output, size);
    new Uint8Array(zstd.memory.buffer, input.at, stream.length).set(stream);
    // size_t in WebAssembly's 32 bits: an error code comes back as a negative number.
    const n = zstd.ZSTD_decompress(output.at, size, input.at, stream.length);
    return new Uint8Array(zstd.memory.buffer, output.at, n < 0 || n > size ? 0 : n);
  };
}

/** One stored Blosc chunk decoded here (the caller's thread): see decodeBlosc. */
export async function decodeBloscChunk(data: Uint8Array, into?: Uint8Array, size?: number): Promise<Uint8Array> {
  return decodeBlosc(data, await bloscCodecs(), into, size);
}
