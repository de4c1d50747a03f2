import { expect, test, type Locator, type Page } from "@playwright/test";
import { startFixture, USER, type Fixture } from "../test/emulator/test-helpers";
import { caseInputs, goldenCases } from "../test/golden";
import { openFiles, pickSeries } from "./helpers";

const golden = (name: string) => goldenCases().find((g) => g.case === name)!;
let fx: Fixture | undefined;

test.afterEach(async () => {
  await fx?.emu.stop();
  fx = undefined;
});

/** The panel of `fileName` with its upload form open. */
async function uploadPanel(page: Page, fileName: string): Promise<Locator> {
  const panel = page.getByRole("region", { name: fileName, exact: true });
  await panel.getByText("Pennsieve upload").click();
  return panel;
}

const storedKeys = (page: Page) =>
  page.evaluate(() => ({
    local: Object.entries(localStorage).filter(([k]) => k.startsWith("nwb2pennsieve")),
    session: Object.entries(sessionStorage),
  }));

test("the form is grouped as Credentials and Target, explains the alternatives, and says what is missing", async ({
  page,
}) => {
  await page.goto("./");
  await openFiles(page, caseInputs(golden("sine2_256k")));
  const panel = await uploadPanel(page, "sine2.nwb");
  const credentials = panel.getByRole("group", { name: "Credentials" });
  const target = panel.getByRole("group", { name: "Target" });
  await expect(credentials).toHaveAccessibleDescription(/Either an API key and its secret .* or a session token/);
  await expect(target).toHaveAccessibleDescription(
    /Either the dataset and the time-series package .* or a workflow run/,
  );
  await expect(credentials.getByLabel("API key", { exact: true })).toBeVisible();
  await expect(credentials.getByLabel("API secret", { exact: true })).toBeVisible();
  await expect(credentials.getByLabel("Session token")).toBeVisible();
  await expect(target.getByLabel("Dataset id")).toBeVisible();
  await expect(target.getByLabel("Package id")).toBeVisible();
  await expect(target.getByLabel("Workflow run id")).toBeVisible();

  const upload = panel.getByRole("button", { name: "Upload to Pennsieve" });
  await expect(upload).toBeDisabled();
  await expect(upload).toHaveAccessibleDescription(
    "Needs: API key and secret, or a session token, dataset and package, or a workflow run.",
  );
  await credentials.getByLabel("API key", { exact: true }).fill("key");
  await target.getByLabel("Package id").fill("N:package:1");
  await expect(upload).toHaveAccessibleDescription("Needs: API secret, dataset.");
  await expect(panel.getByText("Needs: API secret, dataset.")).toBeVisible();
  await credentials.getByLabel("Session token").fill("token");
  await target.getByLabel("Workflow run id").fill("run");
  await expect(upload).toBeEnabled();
  await expect(upload).not.toHaveAttribute("aria-describedby");
  // The conversion's own reason is said there too.
  await panel.getByRole("checkbox", { name: "/acquisition/TestElectricalSeries", exact: true }).uncheck();
  await expect(upload).toHaveAccessibleDescription("Tick a series to convert.");
});

test("settings typed in one panel are in every panel, and nothing is stored unless Remember is ticked", async ({
  page,
}) => {
  await page.goto("./");
  await openFiles(page, [...caseInputs(golden("sine2_256k")), ...caseInputs(golden("starting_64k"))]);
  const first = await uploadPanel(page, "sine2.nwb");
  const second = await uploadPanel(page, "starting.nwb");
  await first.getByLabel("API host", { exact: true }).fill("https://proxy.example/api");
  await first.getByLabel("API key", { exact: true }).fill("my-key");
  await first.getByLabel("API secret", { exact: true }).fill("my-secret");
  await first.getByLabel("Dataset id").fill("N:dataset:1");
  await first.getByLabel("Chunk size (MiB)").fill("0.25");
  await first.getByLabel("Gzip level").fill("3");
  await expect(second.getByLabel("API host", { exact: true })).toHaveValue("https://proxy.example/api");
  await expect(second.getByLabel("API key", { exact: true })).toHaveValue("my-key");
  await expect(second.getByLabel("API secret", { exact: true })).toHaveValue("my-secret");
  await expect(second.getByLabel("Dataset id")).toHaveValue("N:dataset:1");
  await expect(second.getByLabel("Chunk size (MiB)")).toHaveValue("0.25");
  await expect(second.getByLabel("Gzip level")).toHaveValue("3");
  await expect(second.getByText("Chunk size and gzip level apply to every open file.")).toBeVisible();
  // Per-panel selection stays per panel.
  await pickSeries(second, [], 0.25);
  await expect(first.getByRole("checkbox", { name: "/acquisition/TestElectricalSeries", exact: true })).toBeChecked();

  expect(await storedKeys(page)).toEqual({ local: [], session: [] });
  await second.getByLabel(/^Remember/).check();
  await expect(first.getByLabel(/^Remember/)).toBeChecked();
  const kept = await storedKeys(page);
  expect(kept.session).toEqual([]);
  expect(kept.local).toHaveLength(1);
  expect(kept.local[0]![1]).toContain("https://proxy.example/api");
  expect(kept.local[0]![1]).toContain("my-key");
  expect(kept.local[0]![1]).not.toContain("my-secret");

  await page.reload();
  await openFiles(page, caseInputs(golden("sine2_256k")));
  const again = await uploadPanel(page, "sine2.nwb");
  await expect(again.getByLabel("API host", { exact: true })).toHaveValue("https://proxy.example/api");
  await expect(again.getByLabel("API key", { exact: true })).toHaveValue("my-key");
  await expect(again.getByLabel("API secret", { exact: true })).toHaveValue("");
  await again.getByLabel(/^Remember/).uncheck();
  expect(await storedKeys(page)).toEqual({ local: [], session: [] });
  await again.getByLabel("API2 host").fill("https://proxy.example/api2");
  expect(await storedKeys(page)).toEqual({ local: [], session: [] });
});

test("a failure names the step and the host, and a report says each thing once", async ({ page }) => {
  fx = await startFixture({ seed: 5, corsOrigins: [`http://127.0.0.1:${process.env.E2E_PORT ?? 4180}`] });
  const g = golden("starting_64k");
  await page.goto("./");
  await openFiles(page, caseInputs(g));
  const panel = await uploadPanel(page, g.input);
  await pickSeries(panel, g.series, g.chunk_mb);
  await panel.getByLabel("API host", { exact: true }).fill(fx.emu.apiUrl);
  await panel.getByLabel("API2 host").fill(fx.emu.api2Url);
  await panel.getByLabel("Cognito endpoint (optional)").fill(fx.emu.cognitoUrl);
  await panel.getByLabel("API key", { exact: true }).fill(USER.apiKey);
  await panel.getByLabel("API secret", { exact: true }).fill("wrong secret");
  await panel.getByLabel("Dataset id").fill(fx.datasetId);
  await panel.getByLabel("Package id").fill(fx.packageId);
  await panel.getByRole("button", { name: "Upload to Pennsieve" }).click();
  const alert = panel.getByRole("alert");
  await expect(alert).toContainText(`Upload failed: Login at ${new URL(fx.emu.cognitoUrl).origin} failed: `);
  await expect(alert).not.toContainText("wrong secret");

  await panel.getByLabel("API secret", { exact: true }).fill(USER.apiSecret);
  await panel.getByRole("button", { name: "Upload to Pennsieve" }).click();
  const files = Object.keys(g.files).length;
  const report = panel.getByRole("status");
  await expect(report).toContainText(`${files} files uploaded, 0 failed;`, { timeout: 60_000 });
  const text = (await report.textContent())!;
  expect(text.match(/files uploaded/g)).toHaveLength(1);
  expect(text.match(/failed/g)).toHaveLength(1);
  expect(text).toMatch(/to package N:package:\S+ \(import \S+; channels: 2 created, 0 reused\)\.$/);
});
