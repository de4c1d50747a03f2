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
 * keep a core busy: two at a time take far less than twice as long on 2 cores. `npm run e2e` sets E2E_WORKERS=2
 * for the "parallel" project; otherwise one test runs at a time, as a targeted run of a spec with timed tests needs.
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
    { name: "parallel", grepInvert: TIMED, outputDir: "test-results/parallel" },
    { name: "timed", grep: TIMED, workers: 1, outputDir: "test-results/timed" },
  ],
  webServer: {
    command: `node e2e/static-server.mjs ${DIST} ${PORT} ${BASE}`,
    url: `http://127.0.0.1:${PORT}${BASE}`,
    reuseExistingServer: false,
  },
});
