import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startStandIn, type StandIn } from "../test/dandi/stand-in";
import { NWB } from "../test/golden";
import { expectNoAxeViolations } from "./a11y";
import { closeAllFiles, convertInPanel, openFiles } from "./helpers";

const TABLES_NWB = join(import.meta.dirname, "..", "test", "fixtures", "tables", "nwb");

// Each test stands alone (its own page and files): the parallel project's workers may share this file's tests
// (one after another, a worker took this file as long as all of another's tests).
test.describe.configure({ mode: "parallel" });

// The DANDI stand-in (test/dandi), started by the state that needs it.
let dandi: Promise<StandIn> | undefined;
test.afterAll(async () => {
  await (await dandi)?.close();
});

/**
 * The main states of the page, each reached as a user would from the landing page, and left back to it (`leave`:
 * dialogs closed, files closed; by default every file is closed). To check a new part of the page, add its state
 * here: every state is checked with axe-core (WCAG 2 A and AA) at each width below.
 */
interface State {
  name: string;
  reach(page: Page): Promise<void>;
  leave?(page: Page): Promise<void>;
}
const STATES: State[] = [
  {
    name: "landing",
    reach: async (page) => {
      await expect(page.getByRole("button", { name: "Try the sample file" })).toBeVisible();
    },
  },
  {
    name: "the Open URL dialog, a bad line said beside the field",
    reach: async (page) => {
      await page.getByRole("button", { name: "Open URL…" }).click();
      const dialog = page.getByRole("dialog", { name: "Open files by URL" });
      await dialog.getByLabel("NWB file URLs").fill("ftp://example.org/a.nwb");
      await dialog.getByRole("button", { name: "Open", exact: true }).click();
      await expect(dialog.getByRole("alert")).toContainText("is not an http or https URL");
    },
    leave: async (page) => {
      const dialog = page.getByRole("dialog", { name: "Open files by URL" });
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await expect(dialog).toBeHidden();
    },
  },
  {
    name: "a file opening",
    reach: async (page) => {
      // A file on which the HDF5 library loops while reading its structure: "Opening…" stays (frozen-file.spec.ts).
      const bytes = Buffer.from(readFileSync(join(NWB, "blosc16.nwb")));
      bytes.fill(0, 196_608, 196_608 + 4096);
      await page.getByLabel("Open NWB files").setInputFiles([{ name: "slow.nwb", mimeType: "", buffer: bytes }]);
      await expect(page.getByRole("region", { name: "slow.nwb" }).getByRole("status")).toContainText("Opening…");
    },
    // Cancelled: its worker loops on a core until it is stopped.
    leave: async (page) => {
      const opening = page.getByRole("region", { name: "slow.nwb" });
      await opening.getByRole("status").getByRole("button", { name: "Cancel" }).click();
      await expect(opening).toHaveCount(0);
    },
  },
  {
    name: "a file open, a node selected",
    reach: async (page) => {
      await openFiles(page, [join(NWB, "intan32.nwb")]);
      const panel = page.getByRole("region", { name: "intan32.nwb", exact: true });
      await panel.getByRole("treeitem", { name: /^acquisition/ }).click();
      await panel.getByRole("treeitem", { name: /^ElectricalSeriesRaw/ }).click();
      await expect(panel.getByRole("region", { name: /^Details of \/acquisition\/ElectricalSeriesRaw/ })).toBeVisible();
      await expect(panel.getByRole("img", { name: /^Plot of/ })).toBeVisible({ timeout: 30_000 });
    },
  },
  {
    name: "a table open",
    reach: async (page) => {
      await openFiles(page, [join(TABLES_NWB, "units_full.nwb")]);
      const tables = page
        .getByRole("region", { name: "units_full.nwb", exact: true })
        .getByRole("region", { name: "Tables", exact: true });
      await tables.getByRole("button", { name: "/units", exact: true }).click();
      await expect(tables.getByRole("status")).toHaveText("6 of 6 rows");
      await expect(tables.locator(".table-cell-loading")).toHaveCount(0);
    },
  },
  {
    name: "a conversion done",
    reach: async (page) => {
      await openFiles(page, [join(NWB, "sine2.nwb")]);
      await convertInPanel(page, "sine2.nwb", ["/acquisition/TestElectricalSeries"], 1);
    },
  },
  {
    name: "the upload form",
    reach: async (page) => {
      await openFiles(page, [join(NWB, "sine2.nwb")]);
      const panel = page.getByRole("region", { name: "sine2.nwb", exact: true });
      // The preview and the receive summary above the form first: drawn late, they move it, and a click on its
      // summary while they do can land beside it (the form then stays closed; seen with two tests at a time).
      await expect(panel.getByRole("img", { name: /^Plot of/ })).toBeVisible({ timeout: 30_000 });
      const receive = panel.getByRole("region", { name: "What Pennsieve will receive" });
      await expect(receive).toHaveAttribute("aria-busy", "false", { timeout: 30_000 });
      await panel.getByText("Pennsieve upload").click();
      await expect(panel.getByRole("button", { name: "Upload to Pennsieve" })).toBeVisible();
    },
  },
  {
    name: "a dataset's values paged, the channel list open",
    reach: async (page) => {
      await openFiles(page, [join(NWB, "intan32.nwb")]);
      const panel = page.getByRole("region", { name: "intan32.nwb", exact: true });
      await panel.getByRole("treeitem", { name: /^session_description/ }).click();
      await expect(panel.getByRole("region", { name: /^Values? of \/session_description/ })).toBeVisible();
      const receive = panel.getByRole("region", { name: "What Pennsieve will receive" });
      await receive.getByText(/^Channel list/).click();
      await expect(receive.getByRole("table")).toBeVisible();
    },
  },
  {
    name: "two files: the metadata columns chosen, all open files",
    reach: async (page) => {
      await openFiles(page, [join(NWB, "sine2.nwb"), join(NWB, "gaps4.nwb")]);
      await expect(page.getByRole("button", { name: "Convert all" })).toBeVisible();
      await page.getByRole("button", { name: "Metadata columns" }).click();
      await expect(page.getByRole("group", { name: "Metadata columns to show" })).toBeVisible();
    },
  },
  {
    name: "the Open from DANDI dialog, assets listed",
    reach: async (page) => {
      dandi ??= startStandIn({
        pageSize: 3,
        dandisets: {
          "000123": {
            published: "0.241207.1200",
            // A Zarr asset among them: its checkbox is disabled, with why beside it.
            assets: ["sine2.nwb", "gaps4.nwb", "intan32.nwb", "blosc16.nwb"].map((f, i) => ({
              path: `sub-0${i % 2}/ses-${i}/sub-0${i % 2}_ses-${i}_ecephys+${f.replace("gaps4.nwb", "image.ome.zarr")}`,
              file: join(NWB, f),
              zarr: i === 1,
            })),
          },
        },
      });
      const { api } = await dandi;
      await page.getByRole("button", { name: "Open from DANDI" }).click();
      const dialog = page.getByRole("dialog", { name: "Open from DANDI" });
      await dialog.getByLabel("Dandiset").fill("000123");
      await dialog.getByLabel("DANDI API").fill(api);
      await dialog.getByRole("button", { name: "List assets" }).click();
      await expect(dialog.getByRole("status")).toContainText("3 of 4 assets listed");
      await dialog.getByRole("checkbox").first().check();
    },
    leave: async (page) => {
      await page.keyboard.press("Escape");
      await expect(page.getByRole("dialog", { name: "Open from DANDI" })).toBeHidden();
    },
  },
];

// Each state is reached once, at the wide viewport, and checked there and again after the viewport narrows: the
// page lays itself out anew for the width (media queries, its own measurements), and reaching a state (a page load,
// files opened, a conversion) costs several times what a check does. One page takes a group of states in turn, each
// left before the next (a browser context, a page load and a worker's first start cost more CPU than most states'
// own work: see golden.spec.ts); the groups spread the states over the parallel project's workers.
const VIEWPORTS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
];
const GROUPS = [
  [
    "landing",
    "the Open URL dialog, a bad line said beside the field",
    "a file opening",
    "the Open from DANDI dialog, assets listed",
  ],
  ["a file open, a node selected", "a dataset's values paged, the channel list open", "a table open"],
  ["a conversion done", "the upload form", "two files: the metadata columns chosen, all open files"],
];
const grouped = GROUPS.flat();
for (const s of STATES) if (!grouped.includes(s.name)) throw new Error(`a11y state "${s.name}" is in no group`);

for (const group of GROUPS)
  test(`axe finds no violations: ${group.join("; ")}; at ${VIEWPORTS.map((v) => v.width).join(" and ")} px`, async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await page.setViewportSize(VIEWPORTS[0]!);
    await page.goto("./");
    for (const state of STATES.filter((s) => group.includes(s.name)))
      await test.step(state.name, async () => {
        await state.reach(page);
        for (const viewport of VIEWPORTS) {
          await page.setViewportSize(viewport);
          await expectNoAxeViolations(page, `${state.name} at ${viewport.width} px`);
        }
        await page.setViewportSize(VIEWPORTS[0]!);
        await (state.leave ?? closeAllFiles)(page);
      });
  });
