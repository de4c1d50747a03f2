import { join } from "node:path";
import { expect, test, type Locator } from "@playwright/test";
import { FIXTURES, NWB } from "../test/golden";
import { closeAllFiles, openFiles } from "./helpers";

/** The pixels of the panel's preview canvas, to tell a redraw from the same picture. */
const pixels = (plot: Locator) => plot.evaluate((c) => (c as HTMLCanvasElement).toDataURL());

// One page takes these checks in turn, each a step that first closes the files before it (a browser context, a page
// load and a worker's first start cost more CPU than most checks: see golden.spec.ts).
test("the preview: window, channel pages, zoom, pan and scaling; any TimeSeries in its own unit; at 390 px; 384 channels", async ({
  page,
}) => {
  test.setTimeout(300000);
  await page.goto("./");
  await test.step("the preview's window, channel pages, zoom, pan and scaling redraw the plot and say what it shows", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await closeAllFiles(page);
    await openFiles(page, [join(NWB, "intan32.nwb")]);
    const panel = page.getByRole("region", { name: "intan32.nwb", exact: true });
    const plot = panel.getByRole("img", { name: /^Plot of / });
    const caption = panel.locator("figcaption");
    await expect(plot).toHaveAccessibleName(
      /^Plot of the first 2 s of channels 1–16 of 32 of ElectricalSeriesRaw in intan32\.nwb/,
    );
    await expect(caption).toContainText(/One scale for all channels: scale bar \d+ µV\./);
    let before = await pixels(plot);

    // Channel pages.
    await panel.getByRole("button", { name: "Next channels" }).click();
    await expect(panel.getByText("channels 17–32 of 32", { exact: true })).toBeVisible();
    await expect(plot).toHaveAccessibleName(/^Plot of the first 2 s of channels 17–32 of 32 /);
    await expect(panel.getByRole("button", { name: "Next channels" })).toBeDisabled();
    expect(await pixels(plot)).not.toBe(before);
    await panel.getByRole("button", { name: "Previous channels" }).click();
    await expect(plot).toHaveAccessibleName(/channels 1–16 of 32 /);

    // The window by its fields.
    before = await pixels(plot);
    await panel.getByLabel("Preview start (s)").fill("0.5");
    await panel.getByLabel("Preview start (s)").press("Enter");
    await panel.getByLabel("Preview length (s)").fill("0.5");
    await panel.getByLabel("Preview length (s)").press("Enter");
    await expect(plot).toHaveAccessibleName(/^Plot of 0\.5–1 s of channels 1–16 of 32 /);
    await expect(caption).toContainText("0.5–1 s, channels 1–16 of 32 of ElectricalSeriesRaw.");
    expect(await pixels(plot)).not.toBe(before);
    await panel.getByLabel("Preview length (s)").fill("-1");
    await panel.getByLabel("Preview length (s)").press("Enter");
    await expect(panel.getByRole("alert")).toHaveText("The preview length must be a number of seconds above 0.");
    await panel.getByLabel("Preview length (s)").fill("0.5");
    await panel.getByLabel("Preview length (s)").press("Enter");
    await expect(panel.getByRole("alert")).toHaveCount(0);

    // Zoom keeps the middle; pan moves by half a window.
    await panel.getByRole("button", { name: "Zoom in" }).click();
    await expect(plot).toHaveAccessibleName(/^Plot of 0\.625–0\.875 s /);
    await expect(panel.getByLabel("Preview length (s)")).toHaveValue("0.25");
    await panel.getByRole("button", { name: "Earlier" }).click();
    await expect(plot).toHaveAccessibleName(/^Plot of 0\.5–0\.75 s /);
    await panel.getByRole("button", { name: "Later" }).click();
    await panel.getByRole("button", { name: "Later" }).click();
    await expect(plot).toHaveAccessibleName(/^Plot of 0\.75–1 s /);
    await expect(panel.getByLabel("Preview start (s)")).toHaveValue("0.75");
    await panel.getByRole("button", { name: "Zoom out" }).click();
    await expect(plot).toHaveAccessibleName(/^Plot of 0\.625–1\.125 s /);

    // One scale for all, or each channel its own.
    before = await pixels(plot);
    await panel.getByRole("checkbox", { name: "Scale each channel to its own range" }).check();
    await expect(caption).toContainText("Each channel scaled to its own range.");
    await expect(caption).not.toContainText("scale bar");
    await expect(plot).toHaveAccessibleName(/each channel scaled to its own range/);
    expect(await pixels(plot)).not.toBe(before);
    await panel.getByRole("checkbox", { name: "Scale each channel to its own range" }).uncheck();
    await expect(caption).toContainText(/scale bar \d+ µV/);

    // Drag to pan (a quarter of the plot's width to the right: a quarter of the window earlier); Ctrl + wheel zooms
    // around the pointer, left at three quarters of the plot.
    const box = (await plot.boundingBox())!;
    const columns = Math.floor(box.width) - 120 - 84;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + 120 + columns / 2, y);
    await page.mouse.down();
    await page.mouse.move(box.x + 120 + columns / 2 + columns / 4, y, { steps: 4 });
    await page.mouse.up();
    await expect(plot).toHaveAccessibleName(/^Plot of 0\.5\d*–1(\.\d+)? s /);
    expect(Number(await panel.getByLabel("Preview start (s)").inputValue())).toBeCloseTo(0.5, 2);
    await page.keyboard.down("Control");
    await page.mouse.wheel(0, -300);
    await page.keyboard.up("Control");
    await expect(panel.getByLabel("Preview length (s)")).toHaveValue("0.25");
    await expect(plot).toHaveAccessibleName(/^Plot of 0\.68\d*–0\.93\d* s /);
    await panel.getByLabel("Preview start (s)").fill("0.625");
    await panel.getByLabel("Preview start (s)").press("Enter");
    await panel.getByLabel("Preview length (s)").fill("0.5");
    await panel.getByLabel("Preview length (s)").press("Enter");
    await expect(plot).toHaveAccessibleName(/^Plot of 0\.625–1\.125 s /);

    // All channels at once.
    await panel.getByRole("checkbox", { name: "Overview of all channels" }).check();
    await expect(plot).toHaveAccessibleName(/^Plot of 0\.625–1\.125 s of 32 channels /);
    await expect(panel.getByRole("button", { name: "Next channels" })).toHaveCount(0);
  });

  await test.step("any TimeSeries previews in its own unit, by rate or by timestamps", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await closeAllFiles(page);
    await openFiles(page, [join(NWB, "starting.nwb"), join(FIXTURES, "tables/nwb/trials_epochs.nwb")]);
    const starting = page.getByRole("region", { name: "starting.nwb", exact: true });
    await expect(starting.getByRole("img", { name: /^Plot of the first .* of Late / })).toBeVisible();
    await starting.getByLabel("Series to preview").selectOption("/acquisition/running_speed");
    const speed = starting.getByRole("img", {
      name: /^Plot of the first 2 s of 1 channel of running_speed in starting\.nwb/,
    });
    await expect(speed).toHaveAccessibleName(
      /one scale for all channels, scale bar [\d.,]+ cm\/s; values from .* cm\/s\./,
    );
    await expect(starting.locator("figcaption")).toContainText("cm/s");
    // The conversion's selection is unchanged: the picker lists ElectricalSeries only.
    await expect(starting.getByRole("group", { name: "Electrical series" }).getByRole("checkbox")).toHaveCount(1);

    // A file with nothing to convert previews its TimeSeries too: running_speed there has timestamps.
    const trials = page.getByRole("region", { name: "trials_epochs.nwb", exact: true });
    await expect(trials.getByText("No series selected")).toBeVisible();
    await trials.getByLabel("Series to preview").selectOption("/acquisition/running_speed");
    const plot = trials.getByRole("img", { name: /^Plot of / });
    await expect(plot).toHaveAccessibleName(
      /^Plot of the first 2 s of 1 channel of running_speed in trials_epochs\.nwb/,
    );
    await trials.getByLabel("Preview length (s)").fill("30");
    await trials.getByLabel("Preview length (s)").press("Enter");
    await expect(plot).toHaveAccessibleName(/^Plot of the first 30 s of 1 channel/);
    await trials.getByLabel("Series to preview").selectOption("/acquisition/lick");
    await expect(trials.getByRole("img", { name: /of lick in trials_epochs\.nwb, .* V\.$/ })).toBeVisible();
  });

  await test.step("at 390 px the preview fits the screen and its controls still work", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await closeAllFiles(page);
    await openFiles(page, [join(NWB, "intan32.nwb")]);
    const panel = page.getByRole("region", { name: "intan32.nwb", exact: true });
    const plot = panel.getByRole("img", { name: /^Plot of / });
    await expect(plot).toHaveAccessibleName(/channels 1–16 of 32 /);
    const figure = panel.locator("figure.previewplot");
    const fits = () =>
      figure.evaluate((f) =>
        [f, ...f.querySelectorAll("*")].every((e) => e.getBoundingClientRect().right <= window.innerWidth + 0.5),
      );
    expect(await fits()).toBe(true);
    await panel.getByRole("button", { name: "Next channels" }).click();
    await expect(plot).toHaveAccessibleName(/channels 17–32 of 32 /);
    await panel.getByRole("button", { name: "Zoom in" }).click();
    await expect(plot).toHaveAccessibleName(/^Plot of 0\.5–1\.5 s /);
    expect(await fits()).toBe(true);
    // The plot keeps most of its width for the traces: the time axis spans it.
    const box = (await plot.boundingBox())!;
    expect(box.width).toBeGreaterThan(250);
  });

  await test.step("384 channels page by 16 or show all at once", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await closeAllFiles(page);
    await openFiles(page, [join(FIXTURES, "perf/template384.nwb")]);
    const panel = page.getByRole("region", { name: "template384.nwb", exact: true });
    const plot = panel.getByRole("img", { name: /^Plot of / });
    await expect(plot).toHaveAccessibleName(/ of channels 1–16 of 384 of ElectricalSeriesAP /);
    await panel.getByRole("button", { name: "Next channels" }).click();
    await expect(panel.getByText("channels 17–32 of 384", { exact: true })).toBeVisible();
    await expect(plot).toHaveAccessibleName(/ of channels 17–32 of 384 of ElectricalSeriesAP /);
    const paged = (await plot.boundingBox())!.height;
    await panel.getByRole("checkbox", { name: "Overview of all channels" }).check();
    await expect(plot).toHaveAccessibleName(/ of 384 channels of ElectricalSeriesAP /);
    await expect(panel.getByText("channels 1–384 of 384", { exact: true })).toBeVisible();
    // Rows shrink so that all 384 fit in a few screens, not 384 rows of 28 px.
    const all = (await plot.boundingBox())!.height;
    expect(all).toBeGreaterThan(paged);
    expect(all).toBeLessThan(384 * 28);
  });
});
