import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { compareWithGolden, goldenCases, NWB } from "../test/golden";
import { fixtureInfo } from "../test/fuzz/chunks";
import { applyCorruption, corruptions, describeCase, type CorruptionCase } from "../test/fuzz/corrupt";
import { convertInPanel, openFiles } from "./helpers";

/**
 * Seeded corruptions of the fixtures through the page, each opened beside a good file: within the watchdog's
 * deadline the damaged file gets a panel (its tree, a note, or an alert naming it in plain words) or a notice
 * naming it, and the good file still converts exactly afterwards. E2E_FUZZ_SEED (7), E2E_FUZZ_COUNT (20),
 * E2E_FUZZ_FIRST (0) and E2E_FUZZ_DEADLINE_S (5, the page's ?watchdog=) make longer runs; a failure names
 * "seed S case I", the same cases as the CLI's fuzz suite (test/fuzz) draws for that seed.
 */

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SEED = env("E2E_FUZZ_SEED", 7);
const COUNT = env("E2E_FUZZ_COUNT", 20);
const FIRST = env("E2E_FUZZ_FIRST", 0);
const DEADLINE_S = env("E2E_FUZZ_DEADLINE_S", 5);
/** Reading the file, starting a worker and the watchdog's checks, on a loaded 2-core machine. */
const SLACK_S = 15;

const FIXTURES = ["blosc16.nwb", "bloscz16.nwb", "lz4_16.nwb", "sine2.nwb", "starting.nwb", "twoseries.nwb"];
const GOOD = goldenCases().find((g) => g.case === "starting_64k")!;

type Outcome = "pending" | "opened" | "refused" | "notice";

/** Where the damaged file stands: still opening, opened (its tree shows), refused in its panel, or a notice. */
async function outcome(page: Page, name: string): Promise<Outcome> {
  if (await page.locator(".notice").filter({ hasText: name }).count()) return "notice";
  const region = page.getByRole("region", { name, exact: true });
  if (await region.getByRole("status").filter({ hasText: "Opening…" }).count()) return "pending";
  if (await region.getByRole("alert").count()) return "refused";
  if (await region.getByRole("tree").count()) return "opened";
  return "pending";
}

/** A refusal is one plain line that names the file: no HDF5 diagnostic, no stack. */
function expectPlain(text: string, name: string, c: CorruptionCase) {
  const what = describeCase(c);
  expect(text, what).toContain(name);
  expect(text, what).not.toMatch(/HDF5-DIAG|#0\d\d:|\n\s+at /);
}

test("damaged files each get a panel or a notice in time, and the good file beside them still converts exactly @timed", async ({
  page,
}) => {
  test.setTimeout((COUNT * (DEADLINE_S + 10) + 60) * 1000);
  const originals = new Map(FIXTURES.map((f) => [f, new Uint8Array(readFileSync(join(NWB, f)))]));
  const infos = await Promise.all([...originals].map(([name, bytes]) => fixtureInfo(name, bytes)));
  const cases = corruptions({ seed: SEED, count: COUNT, fixtures: infos, first: FIRST });

  await page.goto(`./?watchdog=${DEADLINE_S}`);
  await openFiles(page, [join(NWB, GOOD.input)]);
  const tally: Record<Outcome, number> = { pending: 0, opened: 0, refused: 0, notice: 0 };
  for (const c of cases) {
    const name = `s${c.seed}-c${c.index}-${c.fixture}`;
    const buffer = Buffer.from(applyCorruption(originals.get(c.fixture)!, c));
    await page.getByLabel("Open NWB files").setInputFiles([{ name, mimeType: "application/octet-stream", buffer }]);
    await expect
      .poll(() => outcome(page, name), { message: describeCase(c), timeout: (DEADLINE_S + SLACK_S) * 1000 })
      .not.toBe("pending");
    const result = await outcome(page, name);
    tally[result]++;
    const region = page.getByRole("region", { name, exact: true });
    if (result === "notice") {
      const notice = page.locator(".notice").filter({ hasText: name });
      expectPlain(await notice.innerText(), name, c);
      await notice.getByRole("button", { name: "Dismiss" }).click();
    } else {
      for (const alert of await region.getByRole("alert").all()) expectPlain(await alert.innerText(), name, c);
      await region
        .getByRole("button", { name: `Close ${name}` })
        .first()
        .click();
    }
    await expect(region, describeCase(c)).toHaveCount(0);
    const files = await convertInPanel(page, GOOD.input, GOOD.series, GOOD.chunk_mb);
    expect(compareWithGolden(GOOD, files), describeCase(c)).toEqual([]);
  }
  console.log(`page fuzz seed ${SEED}: ${JSON.stringify(tally)}`);
});
