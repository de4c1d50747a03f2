#!/usr/bin/env node
// The CLI is TypeScript, so `npm ci` is all it needs: it runs from one esbuild bundle of src/cli, made on first
// use and again whenever a source file is newer. Loading the ~60 modules one by one through tsx's hooks cost
// ~0.3 s of every run (measured: bench/README.md); tsx stays the fallback where the bundle cannot be made.
import { availableParallelism } from "node:os";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// Chunk inflates, gzips and file writes share libuv's pool; 4 threads leave a 2-core machine idle
// while writes block (measured: bench/README.md). Set before the pool first starts.
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(8, availableParallelism() * 4));

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entry = join(root, "src", "cli", "main.ts");
// The HDF5 work runs in a worker thread (src/cli/watchdog.ts): its own bundle, beside the CLI's, so the main thread
// never loads h5wasm.
const workerEntry = join(root, "src", "cli", "worker.ts");
// Blosc chunks decode in threads of their own (src/node/blosc-pool.ts), from a third bundle.
const bloscEntry = join(root, "src", "node", "blosc-worker.ts");
// A remote file's synchronous reads are fetched by a thread of their own (src/node/sync-fetch.ts): a fourth bundle.
const fetchEntry = join(root, "src", "node", "fetch-thread.ts");
const cache = join(root, "node_modules", ".cache", "nwb2pennsieve");
const bundle = join(cache, "cli.mjs");
const workerBundle = join(cache, "worker.mjs");
const bloscBundle = join(cache, "blosc-worker.mjs");
const fetchBundle = join(cache, "fetch-thread.mjs");
/** h5wasm's WebAssembly, beside the HDF5 thread's bundle that loads it (see `h5wasmFile` below). */
const h5wasmWasm = join(cache, "hdf5_util.wasm");
/** The bundle's first line lists the stamps of the sources it was made from: one file, renamed into place whole. */
const HEADER = "// nwb2pennsieve bundle of: ";

/** A source's identity for staleness: any edit, checkout or copy changes its time or size. */
const stamp = (path) => {
  const s = statSync(join(root, path));
  return `${s.mtimeMs}:${s.size}`;
};

/** The bundle is current while every source it was made from is as it was then. */
function isCurrent() {
  try {
    if (existsSync(workerEntry) && !existsSync(workerBundle)) return false;
    if (existsSync(bloscEntry) && !existsSync(bloscBundle)) return false;
    if (existsSync(fetchEntry) && !existsSync(fetchBundle)) return false;
    if (existsSync(workerEntry) && !existsSync(h5wasmWasm)) return false;
    const text = readFileSync(bundle, "utf8");
    if (!text.startsWith(HEADER)) return false;
    const sources = Object.entries(JSON.parse(text.slice(HEADER.length, text.indexOf("\n"))));
    return sources.length > 0 && sources.every(([path, was]) => stamp(path) === was);
  } catch {
    return false;
  }
}

async function makeBundle() {
  const { build } = await import("esbuild");
  // Each source is stamped just before esbuild reads it, so one saved during the build reads as changed next time.
  const stamps = existsSync(join(root, "tsconfig.json")) ? { "tsconfig.json": stamp("tsconfig.json") } : {};
  const stampOnLoad = {
    name: "stamp-sources",
    setup(b) {
      b.onLoad({ filter: /.*/, namespace: "file" }, (args) => {
        const path = relative(root, args.path);
        stamps[path] = stamp(path);
        return undefined; // esbuild reads the file itself
      });
    },
  };
  // h5wasm is bundled (the other packages stay external) so that its glue loses the 4 MB string literal that holds
  // its WebAssembly: parsing and decoding that took ~0.25 CPU-s of every run before the HDF5 thread could start.
  // The bytes go to a file of their own beside the bundle, read and compiled from there (scripts/h5wasm-split.mjs).
  let wasmBytes = null;
  const h5wasmFile = {
    name: "h5wasm-wasm-file",
    setup(b) {
      b.onResolve({ filter: /^h5wasm$/ }, () => ({
        path: join(root, "node_modules", "h5wasm", "dist", "esm", "hdf5_hl.js"),
      }));
      b.onLoad({ filter: /[\\/]h5wasm[\\/]dist[\\/]esm[\\/]hdf5_util\.js$/ }, async (args) => {
        const { splitH5wasm } = await import(pathToFileURL(join(root, "scripts", "h5wasm-split.mjs")).href);
        const { code, bytes } = splitH5wasm(
          readFileSync(args.path, "utf8"),
          () => 'return WebAssembly.instantiate(readFileSync(new URL("./hdf5_util.wasm",import.meta.url)),imports)}',
        );
        wasmBytes = bytes;
        return { contents: `import{readFileSync}from"node:fs";${code}`, loader: "js" };
      });
    },
  };
  const result = await build({
    absWorkingDir: root,
    entryPoints: {
      cli: entry,
      ...(existsSync(workerEntry) ? { worker: workerEntry } : {}),
      ...(existsSync(bloscEntry) ? { "blosc-worker": bloscEntry } : {}),
      ...(existsSync(fetchEntry) ? { "fetch-thread": fetchEntry } : {}),
    },
    outdir: cache,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    write: false,
    logLevel: "silent",
    plugins: [stampOnLoad, h5wasmFile],
  });
  mkdirSync(cache, { recursive: true });
  // Written aside and renamed: CLIs started together (tests run in parallel) never see half a bundle. The CLI's
  // bundle goes last: it carries the stamps, so it is current only once the worker's is in place too.
  const put = (path, text) => {
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  };
  const output = (path) => result.outputFiles.find((f) => f.path === path).text;
  if (wasmBytes) put(h5wasmWasm, wasmBytes);
  if (existsSync(workerEntry)) put(workerBundle, output(workerBundle));
  if (existsSync(bloscEntry)) put(bloscBundle, output(bloscBundle));
  if (existsSync(fetchEntry)) put(fetchBundle, output(fetchBundle));
  put(bundle, `${HEADER}${JSON.stringify(stamps)}\n${output(bundle)}`);
}

let bundled = isCurrent();
if (!bundled) {
  try {
    await makeBundle();
    bundled = true;
  } catch {
    // A read-only install or no esbuild: run the sources through tsx instead.
  }
}
if (bundled) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(entry).href);
}
