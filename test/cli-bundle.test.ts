// The CLI runs from a bundle of its sources (bin/nwb2pennsieve.mjs): an edited source must never run stale.
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "nwb-cli-bundle-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in project: the real bin, a two-module CLI, and node_modules holding only what the bin loads. */
function project(): { run(): string; write(path: string, text: string): void } {
  mkdirSync(join(dir, "bin"));
  mkdirSync(join(dir, "src", "cli"), { recursive: true });
  mkdirSync(join(dir, "node_modules"));
  copyFileSync(join(ROOT, "bin", "nwb2pennsieve.mjs"), join(dir, "bin", "nwb2pennsieve.mjs"));
  for (const pkg of ["esbuild", "tsx"]) symlinkSync(join(ROOT, "node_modules", pkg), join(dir, "node_modules", pkg));
  // Old times, as a copy or an unpacked archive keeps them: staleness must not hang on "newer than the bundle".
  let tick = Date.now() / 1000 - 86_400;
  return {
    run: () => execFileSync(process.execPath, [join(dir, "bin", "nwb2pennsieve.mjs")], { encoding: "utf8" }).trim(),
    write(path, text) {
      writeFileSync(join(dir, path), text);
      tick += 10;
      utimesSync(join(dir, path), tick, tick);
    },
  };
}

describe("the CLI bundle", () => {
  it("is made on first use and remade when any source it was made from changes", () => {
    const p = project();
    p.write("src/cli/words.ts", 'export const word = "first";\n');
    p.write("src/cli/main.ts", 'import { word } from "./words";\nconsole.log(word);\n');
    expect(p.run()).toBe("first");
    const bundle = join(dir, "node_modules", ".cache", "nwb2pennsieve", "cli.mjs");
    const made = statSync(bundle).mtimeMs;
    expect(p.run()).toBe("first");
    expect(statSync(bundle).mtimeMs).toBe(made); // unchanged sources: the bundle is reused
    p.write("src/cli/words.ts", 'export const word = "second";\n');
    expect(p.run()).toBe("second");
    p.write("src/cli/main.ts", 'import { word } from "./words";\nconsole.log(word.toUpperCase());\n');
    expect(p.run()).toBe("SECOND");
  });

  it("holds h5wasm's WebAssembly in a file beside the HDF5 thread's bundle, not as a string inside it", () => {
    const cache = join(ROOT, "node_modules", ".cache", "nwb2pennsieve");
    const fixture = join(ROOT, "test", "fixtures", "nwb", "sine2.nwb");
    const out = execFileSync(process.execPath, [join(ROOT, "bin", "nwb2pennsieve.mjs"), "inspect", fixture], {
      encoding: "utf8",
    });
    expect(out).toContain("sine2.nwb");
    const wasm = readFileSync(join(cache, "hdf5_util.wasm"));
    expect([...wasm.subarray(0, 4)]).toEqual([0, 0x61, 0x73, 0x6d]);
    expect(wasm.length).toBeGreaterThan(2e6);
    // The glue without its 4 MB literal (h5wasm's own hdf5_util.js is 4.1 MB, the engine ~0.5 MB).
    expect(statSync(join(cache, "worker.mjs")).size).toBeLessThan(1.5e6);
  });
});
