import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./e2e/chromium";

// Debian's Chromium where it is installed; otherwise Playwright's own browser (after `npx playwright install`).
const executablePath = CHROMIUM_PATH;
export const BASE = "/tools/nwb2pennsieve/";
export const PORT = Number(process.env.E2E_PORT ?? 4180);
const DIST = process.env.E2E_DIST ?? "dist";

export default defineConfig({
  testDir: "e2e",
  timeout: 120_000,
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}${BASE}`,
    acceptDownloads: true,
    launchOptions: {
      executablePath,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: `node e2e/static-server.mjs ${DIST} ${PORT} ${BASE}`,
    url: `http://127.0.0.1:${PORT}${BASE}`,
    reuseExistingServer: false,
  },
});
