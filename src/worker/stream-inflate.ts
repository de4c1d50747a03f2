import type { Inflate } from "../core/direct/direct-reader";

/**
 * HDF5 deflate chunks through the browser's own zlib (DecompressionStream "deflate" is the zlib format), written
 * straight into the stream: a Blob of the chunk would travel to the browser process and back. The output is
 * copied piece by piece into `into` while it fits.
 */
export const streamInflate: Inflate = async (data, into, size = Infinity) => {
  const inflater = new DecompressionStream("deflate");
  const writer = inflater.writable.getWriter();
  // Their failures are the reader's too (a corrupt chunk), reported there.
  writer.write(data as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = inflater.readable.getReader();
  const pieces: Uint8Array[] = [];
  let length = 0;
  let inPlace = into !== undefined;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (length + value.length > size) {
      reader.cancel().catch(() => undefined);
      throw new Error(`the data decodes to more than ${size} bytes`);
    }
    if (inPlace && length + value.length <= into!.length) into!.set(value, length);
    else if (inPlace) {
      // Longer than `into`: keep what is there as the first piece and go on in pieces.
      inPlace = false;
      pieces.push(into!.slice(0, length));
      pieces.push(value);
    } else pieces.push(value);
    length += value.length;
  }
  if (inPlace) return into!.subarray(0, length);
  if (pieces.length === 1) return pieces[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
