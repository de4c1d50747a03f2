import type { Plugin } from "vite";
import { splitH5wasm } from "./h5wasm-split.mjs";

/**
 * h5wasm's ES build carries its WebAssembly inside the script, as a 4 MB string literal decoded at start. The page
 * starts an HDF5 worker per opened set, and each one parsed that string, decoded it into a second copy and
 * compiled the module again. This plugin (worker bundles, production build) moves the bytes into a .wasm file
 * of their own that the worker instantiates by streaming: Chromium then compiles once per page and shares the
 * code between the workers (V8 keeps one native module per set of bytes in a process), and the HTTP cache serves
 * the file to every later worker. V8 shares a compiled module only while one holds it, and a set's worker goes with
 * its files: so each worker hands its module to the page, which keeps it (src/worker/compiled.ts).
 */
export function h5wasmWasmFile(): Plugin {
  return {
    name: "h5wasm-wasm-file",
    apply: "build",
    transform(code, id) {
      if (!/[\\/]h5wasm[\\/]dist[\\/]esm[\\/]hdf5_util\.js$/.test(id)) return null;
      return splitH5wasm(code, (bytes) => {
        const ref = this.emitFile({ type: "asset", name: "hdf5_util.wasm", source: bytes });
        const url = `import.meta.ROLLUP_FILE_URL_${ref}`;
        // A host that serves .wasm without its MIME type fails the streaming path: then the bytes, compiled alike.
        // The compiled module goes to `globalThis.h5wasmCompiled` where the worker set one (src/worker/compiled.ts).
        return (
          `var response=fetch(${url}),result;` +
          `try{result=await WebAssembly.instantiateStreaming(response,imports)}` +
          `catch(e){result=await WebAssembly.instantiate(await (await response).arrayBuffer(),imports)}` +
          `globalThis.h5wasmCompiled?.(result.module);return result}`
        );
      }).code;
    },
  };
}
