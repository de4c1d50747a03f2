import blosc from "h5wasm-plugins/plugins/libH5Zblosc.so?url";
import blosc2 from "h5wasm-plugins/plugins/libH5Zblosc2.so?url";
import bshuf from "h5wasm-plugins/plugins/libH5Zbshuf.so?url";
import bz2 from "h5wasm-plugins/plugins/libH5Zbz2.so?url";
import lz4 from "h5wasm-plugins/plugins/libH5Zlz4.so?url";
import lzf from "h5wasm-plugins/plugins/libH5Zlzf.so?url";
import zstd from "h5wasm-plugins/plugins/libH5Zzstd.so?url";

/** Plugin files are bundled with the app (same origin, works offline). */
const URLS: Record<string, string> = {
  "libH5Zblosc.so": blosc,
  "libH5Zblosc2.so": blosc2,
  "libH5Zbshuf.so": bshuf,
  "libH5Zbz2.so": bz2,
  "libH5Zlz4.so": lz4,
  "libH5Zlzf.so": lzf,
  "libH5Zzstd.so": zstd,
};

/**
 * A plugin's bytes, fetched when a dataset first needs it. Blocking (allowed in a worker, and the worker does
 * nothing else meanwhile): HDF5 reads are synchronous. Same origin, so it usually comes from the HTTP cache.
 */
export function loadPagePlugin(fileName: string): Uint8Array {
  const url = URLS[fileName];
  if (!url) throw new Error(`no bundled plugin ${fileName}`);
  const request = new XMLHttpRequest();
  request.open("GET", new URL(url, import.meta.url).href, false);
  request.responseType = "arraybuffer";
  request.send();
  if (request.status !== 200) throw new Error(`plugin ${fileName} could not be loaded (${request.status})`);
  return new Uint8Array(request.response as ArrayBuffer);
}
