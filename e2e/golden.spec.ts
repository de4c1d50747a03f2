import { expect, test } from "@playwright/test";
import { caseInputs, compareWithGolden, goldenCases } from "../test/golden";
import { convertInPanel, openFiles, watchRequests } from "./helpers";

// Each test stands alone (its own page and files): the parallel project's two workers may share this file's tests.
test.describe.configure({ mode: "parallel" });

// The default level (1: flate2 in the encode pool), then level 0, whose stored blocks the page writes itself:
// by table for 16-bit sources, by the WebAssembly kernel for float64, by the plain loops for the rest. Both from
// one opening of the files: a page load and an opening cost more than a conversion of these small cases.
for (const g of goldenCases()) {
  test(`golden case ${g.case} through the page, at the default gzip level and at level 0`, async ({ page }) => {
    const offOrigin = watchRequests(page);
    await page.goto("./");
    await openFiles(page, caseInputs(g));
    for (const level of [undefined, 0]) {
      const entries = await convertInPanel(page, g.input, g.series, g.chunk_mb, level);
      expect(compareWithGolden(g, entries), `at gzip level ${level ?? "default"}`).toEqual([]);
    }
    expect(offOrigin).toEqual([]);
  });
}
