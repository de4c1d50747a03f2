import { expect, test } from "@playwright/test";
import { caseInputs, compareWithGolden, goldenCases } from "../test/golden";
import { convertInPanel, openFiles, watchRequests } from "./helpers";

// Each test stands alone (its own page and files): the parallel project's two workers may share this file's tests.
test.describe.configure({ mode: "parallel" });

// The default level (1: flate2 in the encode pool) and level 0, whose stored blocks the page writes itself:
// by table for 16-bit sources, by the WebAssembly kernel for float64, by the plain loops for the rest.
for (const level of [undefined, 0]) {
  for (const g of goldenCases()) {
    test(`golden case ${g.case} through the page${level === undefined ? "" : ` at gzip level ${level}`}`, async ({
      page,
    }) => {
      const offOrigin = watchRequests(page);
      await page.goto("./");
      await openFiles(page, caseInputs(g));
      const entries = await convertInPanel(page, g.input, g.series, g.chunk_mb, level);
      expect(compareWithGolden(g, entries)).toEqual([]);
      expect(offOrigin).toEqual([]);
    });
  }
}
