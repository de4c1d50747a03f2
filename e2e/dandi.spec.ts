// "Open from DANDI" in Chromium against the DANDI stand-in (test/dandi): a dandiset whose assets are the golden
// cases in folders, listed a few at a time, filtered, every one ticked and opened through the download redirect as
// one set (family members and link targets found among the assets ticked together, by name), one of each kind
// converted exactly; the default version, a DANDI URL, a wrong dandiset; a family member or a linking file ticked
// alone, two files of one name; faults on the file host; and no request to any host but the stand-in's and the
// page's own.
import { basename } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startStandIn, type StandIn } from "../test/dandi/stand-in";
import { caseInputs, compareWithGolden, goldenCases, namedCases, PATH_CASES, type GoldenCase } from "../test/golden";
import { convertInPanel, watchRequests } from "./helpers";

const cases = goldenCases();
const golden = (name: string) => cases.find((c) => c.case === name)!;
/** Every golden case's files, each an asset in a folder: a family's members, and a file and its link target, together. */
const FOLDERS: Record<string, string[]> = {
  "sub-01": ["sine2_256k", "twoseries_64k", "starting_64k"],
  "sub-02": ["blosc16_128k", "blosc_zstd_128k", "bloscz16_128k", "lz4_16_128k"],
  "sub-03": ["family_64k"],
  "sub-04": ["linked_main_64k"],
  "sub-05": ["gaps4_256k", "intan32_128k", "subset6_all_512k", "tables_1mb"],
};
const ASSETS = Object.entries(FOLDERS).flatMap(([folder, names]) =>
  names.flatMap((n) => caseInputs(golden(n))).map((file) => ({ path: `${folder}/${basename(file)}`, file })),
);
/** A second sine2.nwb in another folder: listed, and opened beside the first (not among the golden cases' ticks). */
const TWIN = { path: "sub-06/sine2.nwb", file: caseInputs(golden("sine2_256k"))[0]! };
const LISTED = [...ASSETS, TWIN];
const PAGE_SIZE = 6;
const PUBLISHED = "0.241207.1200";

let standIn: StandIn;
test.beforeAll(async () => {
  standIn = await startStandIn({
    pageSize: PAGE_SIZE,
    dandisets: { "000123": { published: PUBLISHED, assets: LISTED } },
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

/** Converts each case in its panel (named by the asset path's last segment) at `level` and compares with golden. */
async function expectExact(page: Page, picked: GoldenCase[], level?: number) {
  for (const g of picked) {
    const entries = await convertInPanel(page, g.input, g.series, g.chunk_mb, level);
    expect(compareWithGolden(g, entries), g.case).toEqual([]);
  }
}

const standInHosts = () => [new URL(standIn.api).host, new URL(standIn.files).host];

test("lists a dandiset page by page, filters, opens every asset ticked together as one set and converts one golden case of each kind exactly", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const offOrigin = watchRequests(page);
  await page.goto("./");
  const d = await listAssets(page, "000123");
  const status = d.getByRole("status");
  await expect(status).toHaveText(
    `Dandiset 000123, version ${PUBLISHED} (the most recent published): ${PAGE_SIZE} of ${LISTED.length} assets listed`,
  );
  await expect(d.getByRole("checkbox")).toHaveCount(PAGE_SIZE);
  await d.getByRole("button", { name: "More assets" }).click();
  await expect(status).toContainText(`${2 * PAGE_SIZE} of ${LISTED.length} assets listed`);
  await d.getByRole("button", { name: "More assets" }).click();
  await expect(status).toContainText(`${LISTED.length} of ${LISTED.length} assets listed`);
  await expect(d.getByRole("button", { name: "More assets" })).toHaveCount(0);
  // Focus went to the first asset of the page added (the button is gone with the last page).
  await expect(d.getByRole("checkbox", { name: LISTED[2 * PAGE_SIZE]!.path })).toBeFocused();
  const size = (path: string) => d.getByRole("listitem").filter({ has: page.getByRole("checkbox", { name: path }) });
  await expect(size("sub-01/sine2.nwb")).toContainText("3.40 MB");

  // Ticks kept while the filter hides them: a folder, then a family, then the rest.
  await d.getByLabel("Filter assets").fill("SUB-01/");
  await expect(d.getByRole("checkbox")).toHaveCount(FOLDERS["sub-01"]!.length);
  for (const box of await d.getByRole("checkbox").all()) await box.check();
  await d.getByLabel("Filter assets").fill("family_");
  await expect(d.getByRole("checkbox")).toHaveCount(3);
  for (const box of await d.getByRole("checkbox").all()) await box.check();
  await d.getByLabel("Filter assets").fill("");
  await expect(d.getByRole("checkbox", { checked: true })).toHaveCount(FOLDERS["sub-01"]!.length + 3);
  for (const a of ASSETS) await d.getByRole("checkbox", { name: a.path, exact: true }).check(); // (the ticked stay)
  await expect(d.getByRole("checkbox", { checked: true })).toHaveCount(ASSETS.length);
  await d.getByRole("button", { name: "Open selected" }).click();
  await expect(d).toBeHidden();

  // Each asset read by its download URL: the family's members joined and the link target found by name among the
  // assets ticked with them, as local files chosen together are.
  const family = page.getByRole("region", { name: "family_0.nwb", exact: true });
  await expect(family.getByText("family of 3 members: family_0.nwb, family_1.nwb, family_2.nwb")).toBeVisible({
    timeout: 60_000,
  });
  await expect(family.getByText(`from ${standIn.api}/assets/`)).toBeVisible();
  await expect(page.getByRole("region", { name: "family_1.nwb", exact: true })).toHaveCount(0);
  const linked = page.getByRole("region", { name: "linked_main.nwb", exact: true });
  await expect(linked.getByRole("group", { name: "Electrical series" }).getByRole("checkbox").first()).toBeVisible();
  await expect(linked.getByRole("note")).toHaveCount(0); // no missing link target
  // Level 0 (stored deflate blocks): the golden comparison is of the inflated bytes, and it takes a third of the time.
  // One case of each kind (every case comes through the DANDI API in test/dandi/remote-golden.test.ts).
  await expectExact(page, namedCases(PATH_CASES), 0);
  expect(offOrigin.filter((u) => !standInHosts().includes(new URL(u).host))).toEqual([]);
  expect(offOrigin.some((u) => u.startsWith(standIn.api))).toBe(true);
});

test("a DANDI URL names the version; a wrong dandiset is said plainly; a new listing replaces the old", async ({
  page,
}) => {
  await page.goto("./");
  const d = await listAssets(page, "https://dandiarchive.org/dandiset/000123/draft");
  await expect(d.getByRole("status")).toHaveText(
    `Dandiset 000123, version draft: ${PAGE_SIZE} of ${LISTED.length} assets listed`,
  );
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
  await expect(d.getByRole("status")).toHaveText(
    `Dandiset 000123, version draft: ${PAGE_SIZE} of ${LISTED.length} assets listed`,
  );
  release();
  await page.unroute(`${standIn.api}/dandisets/000123/`);
  await page.waitForTimeout(300); // where a stale answer would land
  await expect(d.getByRole("status")).toHaveText(
    `Dandiset 000123, version draft: ${PAGE_SIZE} of ${LISTED.length} assets listed`,
  );

  await page.keyboard.press("Escape");
  await expect(d).toBeHidden();
  await expect(page.getByRole("button", { name: "Open from DANDI" })).toBeFocused();
});

test("ticked alone, a family member and a linking file say what to tick (the target ticked later joins); two files of one name open side by side", async ({
  page,
}) => {
  await page.goto("./");
  const d = await listAssets(page, "000123");
  await d.getByRole("button", { name: "More assets" }).click();
  await d.getByRole("button", { name: "More assets" }).click();
  for (const path of ["sub-03/family_0.nwb", "sub-04/linked_main.nwb", "sub-01/sine2.nwb", TWIN.path])
    await d.getByRole("checkbox", { name: path, exact: true }).check();
  await d.getByRole("button", { name: "Open selected" }).click();
  // As for family_0.nwb chosen alone from disk: a download URL has no folder to look for the others in.
  await expect(page.getByRole("region", { name: "family_0.nwb", exact: true }).getByRole("alert")).toHaveText(
    "family_0.nwb: family members family_1.nwb and family_2.nwb are missing: open the 3 files of this HDF5 family together",
  );
  const linked = page.getByRole("region", { name: "linked_main.nwb", exact: true });
  await expect(linked.getByRole("note")).toContainText("linked_raw.nwb is missing");
  await expect(linked.getByRole("note")).toContainText("Open from DANDI");
  // A set cannot hold two files of one name: each folder opened as a set of its own.
  const twins = page.getByRole("region", { name: "sine2.nwb", exact: true });
  await expect(twins).toHaveCount(2);
  for (const twin of await twins.all())
    await expect(twin.getByRole("group", { name: "Electrical series" }).getByRole("checkbox")).toBeEnabled();
  await expect(page.getByRole("alert").filter({ hasText: "Could not open" })).toHaveCount(0);

  await page.getByRole("button", { name: "Open from DANDI" }).click();
  await d.getByLabel("Filter assets").fill("linked_raw");
  await d.getByRole("checkbox", { name: "sub-04/linked_raw.nwb" }).check();
  await d.getByRole("button", { name: "Open selected" }).click();
  await expect(linked.getByRole("note")).toHaveCount(0);
  await expect(page.getByRole("region", { name: "linked_raw.nwb", exact: true })).toHaveCount(1);
  await expect(linked.getByRole("group", { name: "Electrical series" }).getByRole("checkbox")).toBeEnabled();
});

test("faults on the file host (expired signatures, a 503, a dropped connection, a short body) and a family and a linked pair still exact", async ({
  page,
}) => {
  const offOrigin = watchRequests(page);
  await page.goto("./");
  const picked = [golden("family_64k"), golden("linked_main_64k")];
  const d = await listAssets(page, "000123", "draft");
  await d.getByRole("button", { name: "More assets" }).click();
  for (const folder of ["sub-03/", "sub-04/"]) {
    await d.getByLabel("Filter assets").fill(folder);
    for (const box of await d.getByRole("checkbox").all()) await box.check();
  }
  const ticked = picked.flatMap(caseInputs).length;
  await expect(d.getByText(`${ticked} selected`)).toBeVisible();
  standIn.host.rangeRequests = 0; // every other request from here, whatever the tests before asked
  standIn.host.faultEvery = 2;
  // Each asset's head read is one range request (measured: 5 without faults): every other one fails, each a
  // different way, so that each fault meets another asset.
  standIn.inject("expired", "503", "drop", "short");
  standIn.requests.clear();
  try {
    await d.getByRole("button", { name: "Open selected" }).click();
    // Opening waits out a back-off after each failure (measured 2.5-4 s in all).
    const family = page.getByRole("region", { name: "family_0.nwb", exact: true });
    await expect(family.getByText("family of 3 members")).toBeVisible({ timeout: 30_000 });
    await expectExact(page, picked, 0);
    expect(standIn.host.faults).toEqual([]);
    // Each asset's download URL asked once (measured: once without faults), then again after the expired signature,
    // and at most once more for each other failure (measured: 7, the 503 also sent back to the download URL).
    expect(standIn.requests.get(new URL(standIn.api).host)).toBeGreaterThanOrEqual(ticked + 1);
    expect(standIn.requests.get(new URL(standIn.api).host)).toBeLessThanOrEqual(ticked + 4);
  } finally {
    standIn.host.faultEvery = 1;
    standIn.host.faults.length = 0;
  }
  expect(offOrigin.filter((u) => !standInHosts().includes(new URL(u).host))).toEqual([]);
});
