import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { NWB } from "../test/golden";
import { browserPss, collectGarbage, dedicatedWorkers } from "./browser-processes";
import { convertInPanel, openFiles, streamReady } from "./helpers";

const FILES = ["sine2.nwb", "intan32.nwb", "blosc16.nwb", "lz4_16.nwb", "twoseries.nwb", "subset6.nwb", "gaps4.nwb"];
const MB = 1e6;
/**
 * Sets opened and closed one after another. A set's worker not let go of shows in the worker counts after one; a
 * set's memory kept shows in the bound below: 20 sets put any leak of 5 MB a set past it by itself. (50 took 47 s
 * of the timed project, a second a set.)
 */
const OPENINGS = 20;

test(`opening and closing ${OPENINGS} files, then 10 conversions, leaves no worker and no memory behind @timed`, async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await page.goto("./");
  await streamReady(page);
  const openAndClose = async (name: string) => {
    await openFiles(page, [join(NWB, name)]);
    const panel = page.getByRole("region", { name, exact: true });
    await expect(panel.getByRole("tree")).toBeVisible();
    await panel.getByRole("button", { name: `Close ${name}` }).click();
    await expect(panel).toHaveCount(0);
  };
  // Measured from after a first set: what the first opening leaves once for all is not a set's leak (the page keeps
  // h5wasm's compiled code for the next sets: src/worker/compiled.ts).
  await openAndClose(FILES[0]!);
  await expect.poll(() => page.workers().length).toBe(0);
  await collectGarbage(page);
  const start = browserPss();

  for (let i = 0; i < OPENINGS; i++) await openAndClose(FILES[i % FILES.length]!);
  await expect.poll(() => page.workers().length).toBe(0);

  await page.getByRole("button", { name: "Try the sample file" }).click();
  await expect(page.getByRole("region", { name: "sample.nwb", exact: true }).getByRole("tree")).toBeVisible();
  // An opened set that converts nothing holds its HDF5 worker only: the encode pool starts with a conversion.
  expect(await dedicatedWorkers(browser)).toBe(1);
  for (let i = 0; i < 10; i++) {
    const entries = await convertInPanel(page, "sample.nwb", ["/acquisition/Raw"], 1);
    expect(entries.size).toBe(8);
  }
  await page.getByRole("button", { name: "Close sample.nwb" }).click();

  // Every set's worker went with its set, and each encode pool with its worker.
  await expect.poll(() => page.workers().length).toBe(0);
  await expect.poll(() => dedicatedWorkers(browser)).toBe(0);
  // Memory comes back: the terminated workers' heaps are released, and what the page let go of is collected.
  await collectGarbage(page);
  let end = browserPss();
  // Up to 15 s: a finished download's frame stays 10 s (src/ui/stream-download.ts).
  for (let i = 0; i < 30 && end.own - start.own >= 100 * MB; i++) {
    await page.waitForTimeout(500);
    await collectGarbage(page);
    end = browserPss();
  }
  const mb = (x: number) => (x / MB).toFixed(0);
  console.log(
    `PSS of the browser: ${mb(start.pss)} MB at the start (${mb(start.own)} MB its own), ` +
      `${mb(end.pss)} MB after (${mb(end.own)} MB its own)`,
  );
  expect(end.own - start.own).toBeLessThan(100 * MB);
});
