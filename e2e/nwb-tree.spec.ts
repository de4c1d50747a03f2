import { expect, test, type Locator, type Page } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXTENSION_DOC, EXTENSION_NAMESPACE, EXTENSION_TYPE, writeExtensionFile } from "../test/extension-file";
import { NWB } from "../test/golden";
import { closeAllFiles, openFiles } from "./helpers";

// Issue 17, point 1: neurodata types in the tree, a search over paths and types, and the NWB overview.
let extension: string;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  extension = await writeExtensionFile();
});

/** Opens the page (or, when it is open, closes its files) and opens `path` alone; returns its panel. */
async function openPanel(page: Page, path: string): Promise<Locator> {
  if (page.url() === "about:blank") await page.goto("./");
  else await closeAllFiles(page);
  await openFiles(page, [path]);
  const panel = page.getByRole("region", { name: path.split("/").pop()!, exact: true });
  await expect(panel.getByRole("tree")).toBeVisible({ timeout: 60_000 });
  return panel;
}

async function expand(row: Locator): Promise<void> {
  await row.locator(".tree-twisty").click();
  await expect(row).toHaveAttribute("aria-expanded", "true");
  await expect(row).not.toHaveAttribute("aria-busy", "true", { timeout: 30_000 });
}

// One page takes these checks in turn, each a step that first closes the files before it (a browser context, a page
// load and a worker's first start cost more CPU than most checks: see golden.spec.ts).
test("the tree: neurodata types, an extension's types, search, the NWB overview, the tabs by keyboard, a plain HDF5 file", async ({
  page,
}) => {
  test.setTimeout(420000);
  await page.goto("./");
  await test.step("each typed object shows its neurodata type beside its name, described on hover and to screen readers", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const panel = await openPanel(page, join(NWB, "tables.nwb"));
    const tree = panel.getByRole("tree");
    await expand(tree.getByRole("treeitem", { name: /^acquisition/ }));
    const raw = tree.getByRole("treeitem", { name: /^Raw ElectricalSeries/ });
    await expect(raw).toBeVisible();
    const badge = raw.locator(".nwb-type");
    await expect(badge).toHaveText("ElectricalSeries");
    await expect(badge).toHaveAttribute(
      "title",
      /^A time series of acquired voltage data from extracellular recordings/,
    );
    await expect(raw).toHaveAttribute("aria-description", /^A time series of acquired voltage data/);
    await badge.hover();
    // Selecting it shows the type and its description in the details too.
    await raw.click();
    const details = page.getByRole("region", { name: "Details of /acquisition/Raw" });
    await expect(details).toContainText("Neurodata type");
    await expect(details).toContainText("ElectricalSeries: A time series of acquired voltage data");
  });

  await test.step("an extension's type is named with its namespace; its description is shown as text", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const panel = await openPanel(page, extension);
    const tree = panel.getByRole("tree");
    await expand(tree.getByRole("treeitem", { name: /^general/ }));
    await expand(tree.getByRole("treeitem", { name: /^devices/ }));
    const probe = tree.getByRole("treeitem", { name: /^test_probe/ });
    await expect(probe.locator(".nwb-type")).toHaveText(`${EXTENSION_NAMESPACE}:${EXTENSION_TYPE}`);
    await expect(probe.locator(".nwb-type")).toHaveAttribute("title", EXTENSION_DOC);
    await expect(tree.getByRole("treeitem", { name: /^Probe/ }).locator(".nwb-type")).toHaveText("Device");
    await probe.click();
    await expect(page.getByRole("region", { name: "Details of /general/devices/test_probe" })).toContainText(
      EXTENSION_DOC,
    );
    await expect(page.locator("b")).toHaveCount(0); // the description's markup stayed text
  });

  await test.step("searching the tree lists matches by path or type; choosing one reveals and selects it", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const panel = await openPanel(page, extension);
    const search = panel.getByRole("searchbox", { name: "Search the tree" });
    await search.fill("testprobe");
    await expect(panel.getByRole("status").filter({ hasText: "match" })).toHaveText(
      /^1 match \(\d+ entries searched\)\.$/,
    );
    const hits = panel.getByRole("list", { name: "Matches for testprobe" });
    await hits.getByRole("button", { name: "/general/devices/test_probe" }).click();
    const tree = panel.getByRole("tree");
    const probe = tree.getByRole("treeitem", { name: /^test_probe/ });
    await expect(probe).toHaveAttribute("aria-selected", "true");
    await expect(probe).toBeFocused();
    await expect(tree.getByRole("treeitem", { name: /^devices/ })).toHaveAttribute("aria-expanded", "true");
    await expect(page.getByRole("region", { name: "Details of /general/devices/test_probe" })).toBeVisible();

    // By a part of a path, several matches.
    await search.fill("shank0");
    await expect(hits).toHaveCount(0);
    await expect(panel.getByRole("list", { name: "Matches for shank0" }).getByRole("button")).toHaveText([
      "/general/extracellular_ephys/shank0",
      "/general/extracellular_ephys/shank0/device",
    ]);
    await search.fill("no such object");
    await expect(panel.getByRole("status").filter({ hasText: "match" })).toHaveText(/^0 matches/);
  });

  await test.step("the NWB overview lists the file's parts, each leading to its node, table or series", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const panel = await openPanel(page, extension);
    await panel.getByRole("tab", { name: "NWB" }).click();
    await expect(panel.getByRole("tab", { name: "NWB" })).toHaveAttribute("aria-selected", "true");
    const overview = panel.getByRole("tabpanel", { name: "NWB" });
    for (const part of ["Acquisition", "Processing modules", "Intervals", "Units", "Electrodes", "Electrode groups"])
      await expect(overview.getByRole("region", { name: new RegExp(`^${part} \\(1\\)$`) })).toBeVisible();
    await expect(overview.getByRole("region", { name: "Devices (2)" })).toContainText(
      `test_probe ${EXTENSION_NAMESPACE}:${EXTENSION_TYPE}`,
    );
    await expect(overview.getByRole("region", { name: "Stimulus (1)" })).toContainText("tones TimeSeries");
    await expect(
      overview.getByRole("button", { name: "Show /general/devices/test_probe in the tree" }),
    ).toHaveAttribute("aria-description", EXTENSION_DOC);
    await expect(overview.getByRole("region", { name: "Processing modules (1)" })).toContainText(
      "behavior ProcessingModule",
    );
    await expect(overview.getByRole("region", { name: "Processing modules (1)" })).toContainText("Position Position");

    // To its node: the HDF5 view comes forward with the object selected.
    await overview.getByRole("button", { name: "Show /processing/behavior/Position in the tree" }).click();
    await expect(panel.getByRole("tab", { name: "HDF5" })).toHaveAttribute("aria-selected", "true");
    await expect(overview).toBeHidden();
    const position = panel.getByRole("tree").getByRole("treeitem", { name: /^Position Position/ });
    await expect(position).toHaveAttribute("aria-selected", "true");

    // To its table: the Tables section opens it.
    await panel.getByRole("tab", { name: "NWB" }).click();
    await overview.getByRole("button", { name: "Open the table /intervals/trials" }).click();
    await expect(
      panel.getByRole("region", { name: "Tables" }).getByRole("grid", { name: "/intervals/trials" }),
    ).toBeVisible();

    // To its series: the series' checkbox, ready to tick.
    await overview.getByRole("button", { name: "Go to the series /acquisition/Raw to convert" }).click();
    await expect(panel.getByRole("checkbox", { name: "/acquisition/Raw" })).toBeFocused();
  });

  await test.step("the tabs follow the keyboard", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const panel = await openPanel(page, join(NWB, "sine2.nwb"));
    const hdf5 = panel.getByRole("tab", { name: "HDF5" });
    await hdf5.focus();
    await page.keyboard.press("ArrowRight");
    await expect(panel.getByRole("tab", { name: "NWB" })).toBeFocused();
    await expect(panel.getByRole("tabpanel", { name: "NWB" })).toContainText("TestElectricalSeries ElectricalSeries");
    await page.keyboard.press("ArrowLeft");
    await expect(hdf5).toHaveAttribute("aria-selected", "true");
  });

  await test.step("a plain HDF5 file has its tree and search, and no NWB view", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const h5wasm = (await import("h5wasm/node")).default;
    await h5wasm.ready;
    const path = join(mkdtempSync(join(tmpdir(), "nwb-tree-")), "plain.h5");
    const f = new h5wasm.File(path, "w");
    f.create_group("inside").create_dataset({ name: "values", data: new Float64Array([1, 2, 3]) });
    f.close();
    const panel = await openPanel(page, path);
    await expect(panel.getByRole("tab")).toHaveCount(0);
    await panel.getByRole("searchbox", { name: "Search the tree" }).fill("values");
    await panel
      .getByRole("list", { name: "Matches for values" })
      .getByRole("button", { name: "/inside/values" })
      .click();
    await expect(panel.getByRole("treeitem", { name: /^values/ })).toHaveAttribute("aria-selected", "true");
  });
});

// Searching a file of 100,000 entries: in hostile-structure.spec.ts, on the opening of wide.nwb that its test of the
// tree's paging makes (the opening and the walk for tables behind it take most of either test's time).
