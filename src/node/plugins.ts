import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** Reads a filter plugin from the installed h5wasm-plugins package (synchronously: see PluginLoader). */
export function loadNodePlugin(fileName: string): Uint8Array {
  const dir = join(dirname(require.resolve("h5wasm-plugins/package.json")), "plugins");
  return new Uint8Array(readFileSync(join(dir, fileName)));
}
