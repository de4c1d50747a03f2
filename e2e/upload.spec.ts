import { expect, test, type Page } from "@playwright/test";
import { expireTokensAfter, startFixture, type Fixture } from "../test/emulator/test-helpers";
import { caseInputs, goldenCases, namedCases, PATH_CASES } from "../test/golden";
import { landedProblems } from "../test/landed";
import { closeAllFiles, openFiles } from "./helpers";
import { fillUploadForm } from "./upload-form-fill";

// Each test stands alone (its own page, files and emulators): the parallel project's workers may share this file's
// tests. Within a test, one page takes several uploads in turn, each to an emulator of its own, started for it and
// stopped after it, with its files closed before the next: a browser context, a page load and a worker's first start
// cost more CPU than a small case's upload (see golden.spec.ts).
test.describe.configure({ mode: "parallel" });

const golden = (name: string) => goldenCases().find((g) => g.case === name)!;

/** Runs `use` with an emulator of its own (a dataset, a package), stopped after it whatever happens. */
async function withFixture(use: (fx: Fixture) => Promise<void>): Promise<void> {
  const fx = await startFixture({ seed: 11, corsOrigins: [`http://127.0.0.1:${process.env.E2E_PORT ?? 4180}`] });
  try {
    await use(fx);
  } finally {
    await fx.emu.stop();
  }
}

/**
 * Requests that leave the page for anything but the app's origin and the hosts of the emulators this test started
 * (`allow` adds each).
 */
function watchForeign(page: Page): { foreign: string[]; allow(fx: Fixture): void } {
  const foreign: string[] = [];
  const allowed = new Set([`127.0.0.1:${process.env.E2E_PORT ?? 4180}`]);
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.protocol === "blob:" || url.protocol === "data:") return;
    if (!allowed.has(url.host)) foreign.push(r.url());
  });
  return {
    foreign,
    allow: (fx) => {
      for (const u of [fx.emu.apiUrl, fx.emu.api2Url, fx.emu.cognitoUrl, fx.emu.s3Url]) allowed.add(new URL(u).host);
    },
  };
}

async function fillUpload(page: Page, fx: Fixture, fileName: string, series: string[], chunkMb: number) {
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

// One case of each kind of input (test/golden.ts): every golden case is uploaded the same way through the core in
// test/upload.test.ts.
const CASES = namedCases(PATH_CASES);
const SHARES = 2;
for (let share = 0; share < SHARES; share++) {
  const part = CASES.filter((_, i) => i % SHARES === share);
  test(`golden cases ${part.map((g) => g.case).join(", ")} upload exactly through the page, with 20 % of PUTs failing and a token expiry`, async ({
    page,
  }) => {
    test.setTimeout(60_000 + part.length * 60_000);
    const watch = watchForeign(page);
    await page.goto("./");
    for (const g of part)
      await test.step(g.case, () =>
        withFixture(async (fx) => {
          watch.allow(fx);
          await openFiles(page, caseInputs(g));
          const panel = await fillUpload(page, fx, g.input, g.series, g.chunk_mb);
          fx.emu.faults.putFailureRate = 0.2;
          for (const path of g.series)
            await expect(panel.getByRole("checkbox", { name: path, exact: true })).toBeChecked();
          const files = Object.keys(g.files).length;
          // Tokens expire once a third of the files have asked for their upload URL.
          const expiry = expireTokensAfter(fx.emu, Math.max(2, Math.floor(files / 3)));
          await panel.getByRole("button", { name: "Upload to Pennsieve" }).click();
          await expect(panel.getByRole("status")).toContainText(`${files} files uploaded, 0 failed`, {
            timeout: 90_000,
          });
          expect(expiry.stop()).toBe(true);
          expect(fx.emu.state.requests.some((r) => r.status === 401)).toBe(true);
          expect(await landedProblems(fx.emu, g, fx.packageId), g.case).toEqual([]);
          await closeAllFiles(page);
        }),
      );
    expect(watch.foreign).toEqual([]);
  });
}

test("a second upload of the same file reuses its channels; failed files can be retried alone; an upload can be cancelled", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto("./");

  await test.step("a second upload of the same file reuses its channels", () =>
    withFixture(async (fx) => {
      const g = golden("intan32_128k");
      await openFiles(page, caseInputs(g));
      const panel = await fillUpload(page, fx, g.input, g.series, g.chunk_mb);
      await panel.getByRole("button", { name: "Upload to Pennsieve" }).click();
      await expect(panel.getByRole("status")).toContainText(/32 created, 0 reused/, { timeout: 60_000 });
      await panel.getByRole("button", { name: "Upload to Pennsieve" }).click();
      await expect(panel.getByRole("status")).toContainText(/0 created, 32 reused/, { timeout: 60_000 });
      expect(fx.emu.state.channels.get(fx.packageId)).toHaveLength(32);
      await closeAllFiles(page);
    }));

  await test.step("failed files can be retried alone, with new upload URLs", () =>
    withFixture(async (fx) => {
      const g = golden("starting_64k");
      await openFiles(page, caseInputs(g));
      const panel = await fillUpload(page, fx, g.input, g.series, g.chunk_mb);
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
      await closeAllFiles(page);
    }));

  await test.step("an upload can be cancelled", () =>
    withFixture(async (fx) => {
      const g = golden("intan32_128k");
      await openFiles(page, caseInputs(g));
      const panel = await fillUpload(page, fx, g.input, g.series, g.chunk_mb);
      fx.emu.faults.latencyMs = 300;
      await panel.getByRole("button", { name: "Upload to Pennsieve" }).click();
      await expect(panel.getByText(/of \d+ files uploaded/)).toBeVisible({ timeout: 30_000 });
      await panel.getByRole("button", { name: "Cancel upload" }).click();
      await expect(panel.getByRole("status")).toContainText("Upload cancelled", { timeout: 30_000 });
      expect((await fx.emu.listObjects()).length).toBeLessThan(Object.keys(g.files).length);
    }));
});
