import { expect, test } from "@playwright/test";
import { caseInputs, compareWithGolden, goldenCases } from "../test/golden";
import { closeAllFiles, convertInPanel, openFiles, watchRequests } from "./helpers";

// Each test stands alone (its own page and files): the parallel project's workers may share this file's tests.
test.describe.configure({ mode: "parallel" });

// The default level (1: flate2 in the encode pool), then level 0, whose stored blocks the page writes itself:
// by table for 16-bit sources, by the WebAssembly kernel for float64, by the plain loops for the rest. Both from
// one opening of the files. One page takes its share of the cases in turn, each closed before the next: a browser
// context, a page load and a worker's first start cost more CPU than these small cases' conversions (measured
// ~2 CPU-s a test before any file, ~3 for the first opening in a page, ~1.6 for each later one). The level is set
// each time: the settings are shared by every file, and outlive a closed one.
const cases = goldenCases();
const SHARES = 2;
for (let share = 0; share < SHARES; share++) {
  const part = cases.filter((_, i) => i % SHARES === share);
  test(`golden cases ${part.map((g) => g.case).join(", ")} through the page, at the default gzip level and at level 0`, async ({
    page,
  }) => {
    test.setTimeout(60_000 + part.length * 30_000);
    const offOrigin = watchRequests(page);
    await page.goto("./");
    for (const g of part)
      await test.step(g.case, async () => {
        await openFiles(page, caseInputs(g));
        for (const level of [1, 0]) {
          const entries = await convertInPanel(page, g.input, g.series, g.chunk_mb, level);
          expect(compareWithGolden(g, entries), `${g.case} at gzip level ${level}`).toEqual([]);
        }
        await closeAllFiles(page);
      });
    expect(offOrigin).toEqual([]);
  });
}
