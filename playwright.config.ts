import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./e2e/chromium";

// Debian's Chromium where it is installed; otherwise Playwright's own browser (after `npx playwright install`).
const executablePath = CHROMIUM_PATH;
export const BASE = "/tools/nwb2pennsieve/";
export const PORT = Number(process.env.E2E_PORT ?? 4180);
const DIST = process.env.E2E_DIST ?? "dist";

/**
 * Tests that time the page or the machine (a cancel within a second, a page that keeps responding, a core let
 * go, a watchdog's deadline, memory given back) end their titles with @timed. `npm run e2e` runs them in the
 * "timed" project, one at a time, after the "parallel" project has finished, with no other browser beside them
 * (their limits are set for a loaded 2-core machine, not for one shared with a second test). A new test that
 * times something takes the tag.
 */
const TIMED = /@timed/;

/**
 * The other tests keep the cores busy more than they wait: a browser context, a page load and each set's worker cost
 * CPU before a test checks anything (measured ~2 CPU-s a test before any file, ~3 for its first file, ~1.6 for each
 * later one), so the tests take several checks in turn on one page (`closeAllFiles` between cases). The whole
 * "parallel" project then used ~810-870 CPU-s (all processes, the browsers included): on 2 cores, 2 tests at a time
 * took 8.3 min and 4 at a time 8.9 min (load 12-20 from other jobs). `npm run e2e` sets E2E_WORKERS=2 for it;
 * otherwise one test runs at a time, as a targeted run of a spec with timed tests needs.
 */
const WORKERS = Number(process.env.E2E_WORKERS ?? 1);

export default defineConfig({
  testDir: "e2e",
  timeout: 120_000,
  fullyParallel: false,
  workers: WORKERS,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}${BASE}`,
    acceptDownloads: true,
    launchOptions: {
      executablePath,
      args: CHROMIUM_ARGS,
    },
  },
  // No dependency between the two (a targeted run of one spec would run all of "parallel" first): `npm run e2e`
  // runs one project after the other.
  // Each its own output folder: a run empties only its projects' folders, so the second run keeps the first's traces.
  projects: [
    // Assertions wait up to 15 s here, not 5: several tests at a time, a page load or a file's opening can take longer
    // than 5 s at a moment when all four want a core (seen with four at a time under a load of 25 from other jobs).
    // Nothing in this project times the page; the timed project keeps the default.
    { name: "parallel", grepInvert: TIMED, outputDir: "test-results/parallel", expect: { timeout: 15_000 } },
    { name: "timed", grep: TIMED, workers: 1, outputDir: "test-results/timed" },
  ],
  webServer: {
    command: `node e2e/static-server.mjs ${DIST} ${PORT} ${BASE}`,
    url: `http://127.0.0.1:${PORT}${BASE}`,
    reuseExistingServer: false,
  },
});
