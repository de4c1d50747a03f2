import type { Locator } from "@playwright/test";
import { USER, type Fixture } from "../test/emulator/test-helpers";

/**
 * Opens a panel's "Pennsieve upload" form and fills it for the emulator of `fx`: its hosts, the test user's key and
 * secret, the fixture's dataset and package. (Type-only Playwright import: the upload bench uses it too.)
 */
export async function fillUploadForm(panel: Locator, fx: Fixture): Promise<void> {
  await panel.getByText("Pennsieve upload").click();
  await panel.getByLabel("API host", { exact: true }).fill(fx.emu.apiUrl);
  await panel.getByLabel("API2 host").fill(fx.emu.api2Url);
  await panel.getByLabel("Cognito endpoint (optional)").fill(fx.emu.cognitoUrl);
  await panel.getByLabel("API key", { exact: true }).fill(USER.apiKey);
  await panel.getByLabel("API secret", { exact: true }).fill(USER.apiSecret);
  await panel.getByLabel("Dataset id").fill(fx.datasetId);
  await panel.getByLabel("Package id").fill(fx.packageId);
}
