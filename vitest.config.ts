import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * Files that need a library's state of their own, so a fresh module instance each: h5wasm started with a plugin
 * loader of their own (a counting one, one without Blosc); zstddec's one instance reached through its first `init`
 * (blosc-codecs.ts: where another file of the worker started zstddec first, the codec falls back to copies, which
 * its test rightly fails); HDF5 reading a file whose metadata is damaged, where what it reads before it fails (and so
 * its message, or a WebAssembly trap instead) depends on the state earlier files left in the library's memory.
 */
const OWN_H5WASM = [
  "test/plugins-on-demand.test.ts",
  "test/missing-filter.test.ts",
  "src/core/direct/blosc-codecs.test.ts",
  "test/session.test.ts",
];

/** Each project names its own files: an inline project that extends the root config adds to its include. */
const shared = { testTimeout: 120_000, hookTimeout: 120_000, pool: "forks" } as const;

export default defineConfig({
  test: {
    // Vitest's default (one core left free) is one file at a time on 2 cores. The slow files mostly wait (on a
    // CLI process, a watchdog's deadline, a slow link of the stand-in servers): two at a time, the run took 0.55
    // times the files' summed time (one at a time: 1.1 times). Their time limits are set for a loaded machine.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      // A worker runs its files one after the other in one module graph: h5wasm (~0.4 CPU s to start) and the
      // engine's modules are loaded once per worker, not once per file (a fresh process per file was ~1 CPU s).
      {
        test: {
          ...shared,
          name: "node",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: OWN_H5WASM,
          isolate: false,
        },
      },
      { test: { ...shared, name: "own-h5wasm", include: OWN_H5WASM } },
    ],
  },
});
