// Builds src/core/direct/inflate-module.ts, the WebAssembly zlib decoder (inflate-wasm.ts), from wasm/inflate.ts.
// usage: node scripts/wasm-inflate.mjs          writes the module (base64)
//        node scripts/wasm-inflate.mjs --check  exits 1 when the committed module differs from the source
// AssemblyScript (a devDependency) compiles it; the app itself never needs AssemblyScript.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import asc from "assemblyscript/asc";
import { moduleSource, writeOrCheck } from "./module-file.mjs";

const SOURCE = fileURLToPath(new URL("../wasm/inflate.ts", import.meta.url));
const OUT = fileURLToPath(new URL("../src/core/direct/inflate-module.ts", import.meta.url));

export async function compile() {
  const { binary, stderr, error } = await asc.compileString(
    { "inflate.ts": readFileSync(SOURCE, "utf8") },
    { optimizeLevel: 3, shrinkLevel: 0, runtime: "stub", noAssert: true, enable: ["simd"] },
  );
  if (error || !binary) throw new Error(`asc failed: ${error?.message ?? ""}\n${stderr.toString()}`);
  return Buffer.from(binary);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = moduleSource("scripts/wasm-inflate.mjs from wasm/inflate.ts", "INFLATE_WASM", await compile());
  writeOrCheck(OUT, text, "node scripts/wasm-inflate.mjs");
}
