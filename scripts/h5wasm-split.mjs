// h5wasm's ES build carries its WebAssembly inside hdf5_util.js, as a 4 MB string literal that the glue decodes at
// every start. Both builds take it out into a .wasm file of its own: the page's HDF5 workers (vite,
// scripts/h5wasm-wasm-file.ts) and the CLI's HDF5 thread (esbuild, bin/nwb2pennsieve.mjs). Plain JavaScript: the
// CLI's bin runs without TypeScript.

const HEAD = "function findWasmBinary(){return binaryDecode(";
const INSTANTIATE = "async function instantiateAsync(binary,binaryFile,imports){";
const BODY = "return instantiateArrayBuffer(binaryFile,imports)}";

/**
 * hdf5_util.js's `code` without its WebAssembly, and the WebAssembly's bytes. The glue's `instantiateAsync` then
 * runs the body `instantiate(bytes)` returns (it gets `imports`, resolves to `{ instance, module }`, ends with "}").
 */
export function splitH5wasm(code, instantiate) {
  const at = code.indexOf(HEAD);
  const instantiateAt = code.indexOf(INSTANTIATE + BODY);
  if (at < 0 || instantiateAt < 0) throw new Error("h5wasm-split: h5wasm's hdf5_util.js is not as expected");
  const start = at + HEAD.length;
  const end = stringLiteralEnd(code, start);
  if (code.slice(end, end + 2) !== ")}") throw new Error("h5wasm-split: no end to the embedded binary");
  const text = new Function(`return ${code.slice(start, end)}`)();
  // The inverse of h5wasm's binaryDecode, which it would have run at every start.
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes[i] = (~c >> 8) & c;
  }
  if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d)
    throw new Error("h5wasm-split: the embedded binary is not WebAssembly");
  const rest = code.slice(instantiateAt + INSTANTIATE.length + BODY.length);
  return {
    code:
      code.slice(0, at) +
      "function findWasmBinary(){return null}" +
      code.slice(end + 2, instantiateAt) +
      INSTANTIATE +
      instantiate(bytes) +
      rest,
    bytes,
  };
}

/** Where a JavaScript string literal that starts at `start` (at its quote) ends, past its closing quote. */
function stringLiteralEnd(code, start) {
  const quote = code[start];
  if (quote !== "'" && quote !== '"') throw new Error("h5wasm-split: no string literal");
  for (let i = start + 1; i < code.length; i++) {
    if (code[i] === "\\") i++;
    else if (code[i] === quote) return i + 1;
  }
  throw new Error("h5wasm-split: unterminated string literal");
}
