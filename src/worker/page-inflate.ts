import type { Inflate } from "../core/direct/direct-reader";
import { inflateModule, inflateZlib } from "../core/direct/inflate-wasm";
import { streamInflate } from "./stream-inflate";

let warned = false;

/**
 * How the page inflates HDF5 deflate chunks: our WebAssembly decoder (core/direct/inflate-wasm.ts), about 1.5×
 * DecompressionStream in a Chromium worker; DecompressionStream where WebAssembly cannot start.
 */
export const pageInflate: Inflate = async (data, into, size, wanted) => {
  if (inflateModule()) return inflateZlib(data, into, size, wanted);
  if (!warned) {
    warned = true;
    console.warn("deflate chunks fall back to DecompressionStream: the WebAssembly decoder did not start");
  }
  return streamInflate(data, into, size);
};
