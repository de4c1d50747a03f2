import { expect, test } from "@playwright/test";
import { caseInputs, compareWithGolden, goldenCases } from "../test/golden";
import { convertInPanel, openFiles, watchRequests } from "./helpers";

for (const g of goldenCases()) {
  test(`golden case ${g.case} through the page`, async ({ page }) => {
    const offOrigin = watchRequests(page);
    await page.goto("./");
    await openFiles(page, caseInputs(g));
    const entries = await convertInPanel(page, g.input, g.series, g.chunk_mb);
    expect(compareWithGolden(g, entries)).toEqual([]);
    expect(offOrigin).toEqual([]);
  });
}
