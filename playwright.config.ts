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
 * The other tests wait on the page (a load, a file read, a download, an assertion's next poll) more than they
 * keep a core busy: the whole "parallel" project used ~230 CPU-s (user + system, the browsers included) here, and
 * took 408 s on CI's quiet 2 cores two tests at a time, about a quarter of the machine. `npm run e2e` sets
 * E2E_WORKERS=4 for it; otherwise one test runs at a time, as a targeted run of a spec with timed tests needs.
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
    // Assertions wait up to 15 s here, not 5: four tests at a time, a page load or a file's opening can take longer
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
