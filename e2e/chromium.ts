import { existsSync } from "node:fs";

/**
 * How the tests and benchmarks start Chromium: Debian's where it is installed
 * (or CHROMIUM_PATH), else Playwright's own (after `npx playwright install`).
 * The flags keep it off the network: this machine refuses its background calls.
 */
export const CHROMIUM_PATH =
  process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // For profiling, e.g. CHROMIUM_EXTRA_ARGS="--js-flags=--perf-basic-prof" under `perf record`.
  ...(process.env.CHROMIUM_EXTRA_ARGS?.split(" ").filter(Boolean) ?? []),
];
