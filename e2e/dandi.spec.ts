// "Open from DANDI" in Chromium against the DANDI stand-in (test/dandi): a dandiset whose assets are the golden
// cases in folders, listed a few at a time, filtered, picked, opened through the download redirect and converted
// exactly; the default version, a DANDI URL, a wrong dandiset, faults on the file host; and no request to any
// host but the stand-in's and the page's own.
import { basename } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startStandIn, type StandIn } from "../test/dandi/stand-in";
import { caseInputs, compareWithGolden, goldenCases, type GoldenCase } from "../test/golden";
import { convertInPanel, watchRequests } from "./helpers";

const golden = (name: string) => goldenCases().find((c) => c.case === name)!;
const PICKED = [golden("sine2_256k"), golden("blosc16_128k"), golden("twoseries_64k")];
// Single-file cases only: a DANDI asset is read by its download URL, beside which no other file can be named.
const ASSETS = [
  ["sub-01", "sine2_256k"],
  ["sub-01", "twoseries_64k"],
  ["sub-02", "blosc16_128k"],
  ["sub-02", "gaps4_256k"],
  ["sub-03", "intan32_128k"],
  ["sub-03", "starting_64k"],
  ["sub-04", "lz4_16_128k"],
].map(([folder, name]) => ({ path: `${folder}/${golden(name!).input}`, file: caseInputs(golden(name!))[0]! }));
const PUBLISHED = "0.241207.1200";

let standIn: StandIn;
test.beforeAll(async () => {
  standIn = await startStandIn({
    pageSize: 3,
    dandisets: { "000123": { published: PUBLISHED, assets: ASSETS } },
  });
});
test.afterAll(async () => {
  await standIn.close();
});

const dialog = (page: Page) => page.getByRole("dialog", { name: "Open from DANDI" });

/** Opens the dialog, points it at the stand-in and lists the first page of `dandiset`. */
async function listAssets(page: Page, dandiset: string, version = "") {
  await page.getByRole("button", { name: "Open from DANDI" }).click();
  const d = dialog(page);
  await d.getByLabel("Dandiset").fill(dandiset);
  await d.getByLabel("Version").fill(version);
  await d.getByLabel("DANDI API").fill(standIn.api);
  await d.getByRole("button", { name: "List assets" }).click();
  return d;
}

/** Converts each picked case in its panel (named by the asset path's last segment) and compares with golden. */
async function expectExact(page: Page, cases: GoldenCase[]) {
  for (const g of cases) {
    const entries = await convertInPanel(page, g.input, g.series, g.chunk_mb);
    expect(compareWithGolden(g, entries), g.case).toEqual([]);
  }
}

const standInHosts = () => [new URL(standIn.api).host, new URL(standIn.files).host];

test("lists a dandiset page by page, filters, opens the picked assets and converts them exactly", async ({ page }) => {
  const offOrigin = watchRequests(page);
  await page.goto("./");
  const d = await listAssets(page, "000123");
  const status = d.getByRole("status");
  await expect(status).toHaveText(
    `Dandiset 000123, version ${PUBLISHED} (the most recent published): 3 of ${ASSETS.length} assets listed`,
  );
  await expect(d.getByRole("checkbox")).toHaveCount(3);
  await d.getByRole("button", { name: "More assets" }).click();
  await expect(status).toContainText(`6 of ${ASSETS.length} assets listed`);
  await d.getByRole("button", { name: "More assets" }).click();
  await expect(status).toContainText(`${ASSETS.length} of ${ASSETS.length} assets listed`);
  await expect(d.getByRole("button", { name: "More assets" })).toHaveCount(0);
  // Focus went to the first asset of the page added (the button is gone with the last page).
  await expect(d.getByRole("checkbox", { name: ASSETS[6]!.path })).toBeFocused();
  const size = (path: string) => d.getByRole("listitem").filter({ has: page.getByRole("checkbox", { name: path }) });
  await expect(size("sub-01/sine2.nwb")).toContainText("3.40 MB");

  await d.getByLabel("Filter assets").fill("SUB-01");
  await expect(d.getByRole("checkbox")).toHaveCount(2);
  await d.getByRole("checkbox", { name: "sub-01/sine2.nwb" }).check();
  await d.getByRole("checkbox", { name: "sub-01/twoseries.nwb" }).check();
  await d.getByLabel("Filter assets").fill("blosc16");
  await d.getByRole("checkbox", { name: "sub-02/blosc16.nwb" }).check();
  await d.getByLabel("Filter assets").fill("");
  await expect(d.getByRole("checkbox", { checked: true })).toHaveCount(3);
  await d.getByRole("button", { name: "Open selected" }).click();
  await expect(d).toBeHidden();

  await expectExact(page, PICKED);
  expect(offOrigin.filter((u) => !standInHosts().includes(new URL(u).host))).toEqual([]);
  expect(offOrigin.some((u) => u.startsWith(standIn.api))).toBe(true);
});

test("a DANDI URL names the version; a wrong dandiset is said plainly; a new listing replaces the old", async ({
  page,
}) => {
  await page.goto("./");
  const d = await listAssets(page, "https://dandiarchive.org/dandiset/000123/draft");
  await expect(d.getByRole("status")).toHaveText(`Dandiset 000123, version draft: 3 of ${ASSETS.length} assets listed`);
  await d.getByLabel("Dandiset").fill("000999");
  await d.getByRole("button", { name: "List assets" }).click();
  await expect(d.getByRole("alert")).toHaveText(`Dandiset 000999 was not found at ${standIn.api}.`);
  await expect(d.getByRole("checkbox")).toHaveCount(0);
  await d.getByLabel("Dandiset").fill("000123");
  await d.getByLabel("Version").fill("9.9.9");
  await d.getByRole("button", { name: "List assets" }).click();
  await expect(d.getByRole("alert")).toHaveText(
    `Dandiset 000123 has no version 9.9.9 at ${standIn.api} (or there is no such dandiset).`,
  );
  await d.getByLabel("Version").fill("");
  await d.getByLabel("Dandiset").fill("DANDI:000123");
  await d.getByRole("button", { name: "List assets" }).click();
  await expect(d.getByRole("status")).toContainText(`version ${PUBLISHED} (the most recent published)`);
  await expect(d.getByRole("alert")).toHaveCount(0);

  // A listing held up at the API: "Stop listing" stops it; a new "List assets" replaces it, and its late answer
  // (the published version) never shows over the draft listed after it.
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  await page.route(`${standIn.api}/dandisets/000123/`, async (route) => {
    await held;
    await route.continue().catch(() => {}); // aborted by the page meanwhile
  });
  await d.getByRole("button", { name: "List assets" }).click();
  await expect(d.getByRole("status")).toHaveText("Listing assets…");
  await d.getByRole("button", { name: "Stop listing" }).click();
  await expect(d.getByRole("status")).toHaveText("Listing stopped.");
  await expect(d.getByRole("checkbox")).toHaveCount(0);
  await d.getByRole("button", { name: "List assets" }).click();
  await expect(d.getByRole("status")).toHaveText("Listing assets…");
  await d.getByLabel("Dandiset").fill("000123/draft");
  await d.getByRole("button", { name: "List assets" }).click();
  await expect(d.getByRole("status")).toHaveText(`Dandiset 000123, version draft: 3 of ${ASSETS.length} assets listed`);
  release();
  await page.unroute(`${standIn.api}/dandisets/000123/`);
  await page.waitForTimeout(300); // where a stale answer would land
  await expect(d.getByRole("status")).toHaveText(`Dandiset 000123, version draft: 3 of ${ASSETS.length} assets listed`);

  await page.keyboard.press("Escape");
  await expect(d).toBeHidden();
  await expect(page.getByRole("button", { name: "Open from DANDI" })).toBeFocused();
});

test("faults on the file host (an expired signature, a 503, a dropped connection) and still exact", async ({
  page,
}) => {
  const offOrigin = watchRequests(page);
  await page.goto("./");
  const g = golden("gaps4_256k");
  const d = await listAssets(page, "000123", "draft");
  await d.getByRole("button", { name: "More assets" }).click();
  await d.getByLabel("Filter assets").fill(basename(g.input));
  await d.getByRole("checkbox", { name: `sub-02/${g.input}` }).check();
  standIn.host.rangeRequests = 0; // every other request from here, whatever the tests before asked
  standIn.host.faultEvery = 2;
  standIn.inject("expired", "503", "drop", "short", "expired");
  standIn.requests.clear();
  try {
    await d.getByRole("button", { name: "Open selected" }).click();
    await expectExact(page, [g]);
    expect(standIn.host.faults).toEqual([]);
    // The download URL asked once (measured: once without faults), then again after an expired signature (two
    // expiries met by reads in flight together may share one renewal).
    expect(standIn.requests.get(new URL(standIn.api).host)).toBeGreaterThanOrEqual(2);
    expect(standIn.requests.get(new URL(standIn.api).host)).toBeLessThanOrEqual(3);
  } finally {
    standIn.host.faultEvery = 1;
    standIn.host.faults.length = 0;
  }
  expect(offOrigin.filter((u) => !standInHosts().includes(new URL(u).host))).toEqual([]);
});
