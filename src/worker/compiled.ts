/**
 * h5wasm's WebAssembly, compiled once for the page. V8 keeps one compiled copy per set of bytes in a process and
 * gives it to every worker that compiles the same bytes, but only while something holds it: a set's worker goes
 * with its files, so closing a file and opening the next compiled the 3.4 MB module again (~0.4 CPU-s on a
 * background thread and ~0.5 s before the file's tree; measured in Chromium, bench/README.md). So each worker hands
 * its compiled module to the page (h5wasm's glue calls `h5wasmCompiled`: scripts/h5wasm-wasm-file.ts), and the
 * page keeps the first (ui/bridge.ts); later workers then find it compiled, its optimised code with it.
 * A plain message beside comlink's, which ignores messages without its ids.
 */
export const COMPILED = "nwb2pennsieve:h5wasm-compiled";

export interface CompiledMessage {
  [COMPILED]: WebAssembly.Module;
}

/** In a worker: passes the module h5wasm compiles to the page. Set before h5wasm's fetch of its bytes has ended. */
export function shareCompiledModule(): void {
  const scope = globalThis as unknown as {
    h5wasmCompiled?: (module: WebAssembly.Module) => void;
    postMessage(message: CompiledMessage): void;
  };
  scope.h5wasmCompiled = (module) => scope.postMessage({ [COMPILED]: module });
}
