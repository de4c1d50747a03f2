import { expect, test, type Page } from "@playwright/test";
import { expireTokensAfter, startFixture, type Fixture } from "../test/emulator/test-helpers";
import { caseInputs, goldenCases } from "../test/golden";
import { landedProblems } from "../test/landed";
import { openFiles } from "./helpers";
import { fillUploadForm } from "./upload-form-fill";

// Each test stands alone (its own page, files and emulator): the parallel project's two workers may share this
// file's tests.
test.describe.configure({ mode: "parallel" });

const golden = (name: string) => goldenCases().find((g) => g.case === name)!;
let fx: Fixture;

test.beforeEach(async () => {
  fx = await startFixture({ seed: 11, corsOrigins: [`http://127.0.0.1:${process.env.E2E_PORT ?? 4180}`] });
});
test.afterEach(async () => {
  await fx.emu.stop();
});

/** Requests that leave the page for anything but the app's origin and the emulator's hosts. */
function watchForeign(page: Page): string[] {
  const foreign: string[] = [];
  const allowed = () => [fx.emu.apiUrl, fx.emu.api2Url, fx.emu.cognitoUrl, fx.emu.s3Url].map((u) => new URL(u).host);
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.protocol === "blob:" || url.protocol === "data:") return;
    if (url.host !== `127.0.0.1:${process.env.E2E_PORT ?? 4180}` && !allowed().includes(url.host))
      foreign.push(r.url());
  });
  return foreign;
}

async function fillUpload(page: Page, fileName: string, series: string[], chunkMb: number) {
  const panel = page.getByRole("region", { name: fileName, exact: true });
  const picker = panel.getByRole("group", { name: "Electrical series" });
  await expect(picker.getByRole("checkbox").first()).toBeVisible();
  for (const box of await picker.getByRole("checkbox").all()) {
    if (series.includes((await box.getAttribute("aria-label"))!)) await box.check();
    else if (await box.isEnabled()) await box.uncheck();
  }
  await panel.getByLabel("Chunk size (MiB)").fill(String(chunkMb));
  await fillUploadForm(panel, fx);
  return panel;
}

for (const g of goldenCases()) {
  test(`golden case ${g.case} uploads exactly through the page, with 20 % of PUTs failing and a token expiry`, async ({
    page,
  }) => {
    const foreign = watchForeign(page);
    await page.goto("./");
    await openFiles(page, caseInputs(g));
    const panel = await fillUpload(page, g.input, g.series, g.chunk_mb);
    fx.emu.faults.putFailureRate = 0.2;
    for (const path of g.series) await expect(panel.getByRole("checkbox", { name: path, exact: true })).toBeChecked();
    const files = Object.keys(g.files).length;
    // Tokens expire once a third of the files have asked for their upload URL.
    const expiry = expireTokensAfter(fx.emu, Math.max(2, Math.floor(files / 3)));
    await panel.getByRole("button", { name: "Upload to Pennsieve" }).click();
    await expect(panel.getByRole("status")).toContainText(`${files} files uploaded, 0 failed`, { timeout: 90_000 });
    expect(expiry.stop()).toBe(true);
    expect(fx.emu.state.requests.some((r) => r.status === 401)).toBe(true);
    expect(await landedProblems(fx.emu, g, fx.packageId)).toEqual([]);
    expect(foreign).toEqual([]);
  });
}

test("a second upload of the same file reuses its channels", async ({ page }) => {
  const g = golden("intan32_128k");
  await page.goto("./");
  await openFiles(page, caseInputs(g));
  const panel = await fillUpload(page, g.input, g.series, g.chunk_mb);
  await panel.getByRole("button", { name: "Upload to Pennsieve" }).click();
  await expect(panel.getByRole("status")).toContainText(/32 created, 0 reused/, { timeout: 60_000 });
  await panel.getByRole("button", { name: "Upload to Pennsieve" }).click();
  await expect(panel.getByRole("status")).toContainText(/0 created, 32 reused/, { timeout: 60_000 });
  expect(fx.emu.state.channels.get(fx.packageId)).toHaveLength(32);
});

test("failed files can be retried alone, with new upload URLs", async ({ page }) => {
  const g = golden("starting_64k");
  await page.goto("./");
  await openFiles(page, caseInputs(g));
  const panel = await fillUpload(page, g.input, g.series, g.chunk_mb);
  fx.emu.faults.putFailureRate = 1;
  await panel.getByRole("button", { name: "Upload to Pennsieve" }).click();
  const files = Object.keys(g.files).length;
  await expect(panel.getByRole("status")).toContainText(`0 files uploaded, ${files} failed`, { timeout: 60_000 });
  const presigned = fx.emu.state.presigns.length;
  expect(presigned).toBe(files * 5); // five tries each, a fresh URL for each
  fx.emu.faults.putFailureRate = 0;
  await panel.getByRole("button", { name: "Retry failed" }).click();
  await expect(panel.getByRole("status")).toContainText(`${files} files uploaded, 0 failed`, { timeout: 60_000 });
  expect(fx.emu.state.presigns.length).toBe(presigned + files);
  expect(await landedProblems(fx.emu, g, fx.packageId)).toEqual([]);
});

test("an upload can be cancelled", async ({ page }) => {
  const g = golden("intan32_128k");
  await page.goto("./");
  await openFiles(page, caseInputs(g));
  const panel = await fillUpload(page, g.input, g.series, g.chunk_mb);
  fx.emu.faults.latencyMs = 300;
  await panel.getByRole("button", { name: "Upload to Pennsieve" }).click();
  await expect(panel.getByText(/of \d+ files uploaded/)).toBeVisible({ timeout: 30_000 });
  await panel.getByRole("button", { name: "Cancel upload" }).click();
  await expect(panel.getByRole("status")).toContainText("Upload cancelled", { timeout: 30_000 });
  expect((await fx.emu.listObjects()).length).toBeLessThan(Object.keys(g.files).length);
});
