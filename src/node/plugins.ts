import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** Reads a filter plugin from the installed h5wasm-plugins package. */
export async function loadNodePlugin(fileName: string): Promise<Uint8Array> {
  const dir = join(dirname(require.resolve("h5wasm-plugins/package.json")), "plugins");
  return new Uint8Array(await readFile(join(dir, fileName)));
}
