import type { Inflate } from "../core/direct/direct-reader";

/** HDF5 deflate chunks through the browser's own zlib (DecompressionStream "deflate" is the zlib format). */
export const streamInflate: Inflate = async (data) => {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
};
