import { ZSTDDecoder } from "zstddec";
import { decodeBlosc, type BloscCodecs } from "./blosc";
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
  codecs ??= (async () => {
    const zstd = new ZSTDDecoder();
    await zstd.init();
    return {
      zstd: (stream, size) => zstd.decode(stream, size),
      zlib: (stream, size) => inflateZlib(stream, undefined, size),
      lz4: decodeLz4Block,
    };
  })();
  return codecs;
}

/** One stored Blosc chunk decoded here (the caller's thread): see decodeBlosc. */
export async function decodeBloscChunk(data: Uint8Array, into?: Uint8Array, size?: number): Promise<Uint8Array> {
  return decodeBlosc(data, await bloscCodecs(), into, size);
}
