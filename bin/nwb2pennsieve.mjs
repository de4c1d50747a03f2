#!/usr/bin/env node
// The CLI is TypeScript, so `npm ci` is all it needs: it runs from one esbuild bundle of src/cli, made on first
// use and again whenever a source file is newer. Loading the ~60 modules one by one through tsx's hooks cost
// ~0.3 s of every run (measured: bench/README.md); tsx stays the fallback where the bundle cannot be made.
import { availableParallelism } from "node:os";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// Chunk inflates, gzips and file writes share libuv's pool; 4 threads leave a 2-core machine idle
// while writes block (measured: bench/README.md). Set before the pool first starts.
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(8, availableParallelism() * 4));

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entry = join(root, "src", "cli", "main.ts");
const cache = join(root, "node_modules", ".cache", "nwb2pennsieve");
const bundle = join(cache, "cli.mjs");
const inputs = join(cache, "cli.inputs.json");

/** A source's identity for staleness: any edit, checkout or copy changes its time or size. */
const stamp = (path) => {
  const s = statSync(join(root, path));
  return `${s.mtimeMs}:${s.size}`;
};

/** The bundle is current while every source it was made from is as it was then. */
function isCurrent() {
  try {
    statSync(bundle);
    const sources = Object.entries(JSON.parse(readFileSync(inputs, "utf8")));
    return sources.length > 0 && sources.every(([path, was]) => stamp(path) === was);
  } catch {
    return false;
  }
}

async function makeBundle() {
  const { build } = await import("esbuild");
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  mkdirSync(cache, { recursive: true });
  // Written aside and renamed: CLIs started together (tests run in parallel) never see half a bundle.
  const tmp = `${bundle}.${process.pid}.tmp`;
  writeFileSync(tmp, result.outputFiles[0].contents);
  writeFileSync(
    `${inputs}.${process.pid}.tmp`,
    JSON.stringify(Object.fromEntries(Object.keys(result.metafile.inputs).map((p) => [p, stamp(p)]))),
  );
  renameSync(`${inputs}.${process.pid}.tmp`, inputs);
  renameSync(tmp, bundle);
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
