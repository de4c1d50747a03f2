import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { NWB } from "../test/golden";
import { closeAllFiles, convertInPanel, openFiles, watchRequests } from "./helpers";

// One page takes these checks in turn, each a step that first closes the files before it (a browser context, a page
// load and a worker's first start cost more CPU than most checks: see golden.spec.ts).
test("the sample file opens and converts; text from files is rendered as text; the tree is keyboard-navigable", async ({
  page,
}) => {
  test.setTimeout(240000);
  await page.goto("./");
  await test.step("the sample file opens and converts", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const offOrigin = watchRequests(page);
    await closeAllFiles(page);
    await page.getByRole("button", { name: "Try the sample file" }).click();
    const panel = page.getByRole("region", { name: "sample.nwb", exact: true });
    await expect(panel.getByRole("tree")).toBeVisible();
    await expect(panel.getByRole("checkbox", { name: "/acquisition/Raw" })).toBeChecked();
    const entries = await convertInPanel(page, "sample.nwb", ["/acquisition/Raw"], 1);
    expect([...entries.keys()].sort()).toContain("channel-00000.metadata.json");
    expect(entries.size).toBe(8);
    expect(offOrigin).toEqual([]);
  });

  await test.step("text from files is rendered as text: no script runs", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await closeAllFiles(page);
    await openFiles(page, [join(NWB, "hostile.nwb")]);
    const panel = page.getByRole("region", { name: "hostile.nwb", exact: true });
    await expect(panel.getByRole("tree")).toBeVisible();
    await expect(page.getByRole("table")).toContainText("<script>window.__pwned='script'</script>Lab");
    await expect(page.getByRole("table")).toContainText(`<img src=x onerror="window.__pwned='img'">`);
    // Expand /analysis and hover the hostile group name.
    const analysis = panel.getByRole("treeitem", { name: /^analysis/ });
    await analysis.click();
    await page.keyboard.press("ArrowRight");
    const hostile = panel.getByRole("treeitem", { name: /onmouseover/ });
    await expect(hostile).toBeVisible();
    await hostile.hover();
    await expect(panel.getByText(/<img src=x onerror/).first()).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await page.locator("img").count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  await test.step("the tree is keyboard-navigable and shows dataset details", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await closeAllFiles(page);
    await openFiles(page, [join(NWB, "intan32.nwb")]);
    const panel = page.getByRole("region", { name: "intan32.nwb", exact: true });
    const tree = panel.getByRole("tree");
    const focused = tree.locator("[role=treeitem]:focus");
    await expect(tree).toBeVisible();
    await tree.getByRole("treeitem", { name: /^acquisition/ }).focus();
    await expect(focused).toHaveAccessibleName(/^acquisition/);
    if ((await focused.getAttribute("aria-expanded")) !== "true") await page.keyboard.press("ArrowRight");
    await expect(focused).toHaveAttribute("aria-expanded", "true");
    await expect(tree.getByRole("treeitem", { name: /^ElectricalSeriesRaw/ })).toBeVisible(); // children loaded
    await page.keyboard.press("ArrowRight"); // into the first child
    await expect(focused).toHaveAccessibleName(/^ElectricalSeriesRaw/);
    await page.keyboard.press("ArrowRight"); // expand it
    await expect(focused).toHaveAttribute("aria-expanded", "true");
    await expect(tree.getByRole("treeitem", { name: /^electrodes/ })).toBeVisible();
    await page.keyboard.press("ArrowRight"); // its first child
    await expect(focused).toHaveAttribute("aria-level", "3");
    const data = tree.getByRole("treeitem", { name: /^data\b/ });
    for (let i = 0; i < 6 && !(await data.evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press("ArrowDown");
    await expect(focused).toHaveAccessibleName(/^data\b/);
    await page.keyboard.press("Enter");
    await expect(panel.getByText(/stored/i).first()).toBeVisible();
    await expect(panel.getByText(/deflate|gzip/i).first()).toBeVisible();
    await page.keyboard.press("ArrowLeft"); // back to the parent
    await expect(focused).toHaveAccessibleName(/^ElectricalSeriesRaw/);
  });
});
