import type { Plugin } from "vite";

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
      const head = "function findWasmBinary(){return binaryDecode(";
      const at = code.indexOf(head);
      const instantiate = "async function instantiateAsync(binary,binaryFile,imports){";
      const body = "return instantiateArrayBuffer(binaryFile,imports)}";
      const instantiateAt = code.indexOf(instantiate + body);
      if (at < 0 || instantiateAt < 0) throw new Error("h5wasm-wasm-file: h5wasm's hdf5_util.js is not as expected");
      const start = at + head.length;
      const end = stringLiteralEnd(code, start);
      if (code.slice(end, end + 2) !== ")}") throw new Error("h5wasm-wasm-file: no end to the embedded binary");
      const text = new Function(`return ${code.slice(start, end)}`)() as string;
      // The inverse of h5wasm's binaryDecode, which it would have run at every start.
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        bytes[i] = (~c >> 8) & c;
      }
      if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d)
        throw new Error("h5wasm-wasm-file: the embedded binary is not WebAssembly");
      const ref = this.emitFile({ type: "asset", name: "hdf5_util.wasm", source: bytes });
      const url = `import.meta.ROLLUP_FILE_URL_${ref}`;
      // A host that serves .wasm without its MIME type fails the streaming path: then the bytes, compiled alike.
      // The compiled module goes to `globalThis.h5wasmCompiled` where the worker set one (src/worker/compiled.ts).
      const streaming =
        `var response=fetch(${url}),result;` +
        `try{result=await WebAssembly.instantiateStreaming(response,imports)}` +
        `catch(e){result=await WebAssembly.instantiate(await (await response).arrayBuffer(),imports)}` +
        `globalThis.h5wasmCompiled?.(result.module);return result}`;
      return (
        code.slice(0, at) +
        "function findWasmBinary(){return null}" +
        code.slice(end + 2, instantiateAt) +
        instantiate +
        streaming +
        code.slice(instantiateAt + instantiate.length + body.length)
      );
    },
  };
}

/** Where a JavaScript string literal that starts at `start` (at its quote) ends, past its closing quote. */
function stringLiteralEnd(code: string, start: number): number {
  const quote = code[start];
  if (quote !== "'" && quote !== '"') throw new Error("h5wasm-wasm-file: no string literal");
  for (let i = start + 1; i < code.length; i++) {
    if (code[i] === "\\") i++;
    else if (code[i] === quote) return i + 1;
  }
  throw new Error("h5wasm-wasm-file: unterminated string literal");
}
