/** See h5wasm-split.mjs. */
export function splitH5wasm(
  code: string,
  instantiate: (bytes: Uint8Array) => string,
): { code: string; bytes: Uint8Array };
