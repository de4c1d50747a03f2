#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so `npm ci` is all it needs.
import { availableParallelism } from "node:os";
import { register } from "tsx/esm/api";

// Chunk inflates, gzips and file writes share libuv's pool; 4 threads leave a 2-core machine idle
// while writes block (measured: bench/README.md). Set before the pool first starts.
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(8, availableParallelism() * 4));

register();
await import("../src/cli/main.ts");
