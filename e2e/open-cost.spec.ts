import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { NWB } from "../test/golden";
import { closeAllFiles, convertInPanel, openFiles } from "./helpers";

/** The file names of the filter plugins the page and its workers request from now on. */
function pluginRequests(page: Page): string[] {
  const seen: string[] = [];
  page.context().on("request", (r) => {
    const name = new URL(r.url()).pathname.split("/").pop()!;
    if (name.endsWith(".so")) seen.push(name.replace(/-[\w-]+\.so$/, ".so"));
  });
  return seen;
}

// Every opened set has a worker of its own: what each worker loads at its start is paid at every open. The
// filter plugins (3.4 MB) come when a dataset needs one, only that one, and once per worker.
// One page takes these checks in turn, each a step that first closes the files before it (a browser context, a page
// load and a worker's first start cost more CPU than most checks: see golden.spec.ts).
test("what a set's worker loads: no filter plugin until needed; a small script and the WebAssembly as a file; a .wasm without its MIME type", async ({
  page,
}) => {
  test.setTimeout(240000);
  await page.goto("./");
  await test.step("a set's worker fetches no filter plugin until a dataset needs one, then only that one", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const plugins = pluginRequests(page);
    await closeAllFiles(page);
    await page.getByRole("button", { name: "Try the sample file" }).click();
    await expect(page.getByRole("region", { name: "sample.nwb", exact: true }).getByRole("tree")).toBeVisible();
    await openFiles(page, [join(NWB, "sine2.nwb")]);
    await expect(page.getByRole("region", { name: "sine2.nwb", exact: true }).getByRole("tree")).toBeVisible();
    expect(plugins).toEqual([]);

    await openFiles(page, [join(NWB, "blosc16.nwb")]);
    const entries = await convertInPanel(page, "blosc16.nwb", ["/acquisition/ElectricalSeries"], 1);
    expect(entries.size).toBeGreaterThan(0);
    expect(plugins).toEqual(["libH5Zblosc.so"]);
  });

  await test.step("each set's worker loads a small script and h5wasm's WebAssembly as a file", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const scripts = new Map<string, number>();
    page.context().on("response", async (r) => {
      const name = new URL(r.url()).pathname.split("/").pop()!;
      if (/^(entry-.*\.js|hdf5_util-.*\.wasm)$/.test(name)) scripts.set(name, (await r.body()).length);
    });
    await closeAllFiles(page);
    await page.getByRole("button", { name: "Try the sample file" }).click();
    await expect(page.getByRole("region", { name: "sample.nwb", exact: true }).getByRole("tree")).toBeVisible();
    await expect.poll(() => [...scripts.keys()].some((n) => n.endsWith(".wasm"))).toBe(true);
    const worker = [...scripts].find(([n]) => n.startsWith("entry-"));
    expect(worker?.[1]).toBeLessThan(1_000_000);
  });

  await test.step("a host that serves the .wasm without its MIME type still gets the files opened", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    let served = 0;
    await page.context().route("**/*.wasm", async (route) => {
      const response = await route.fetch();
      served++;
      await route.fulfill({ response, headers: { ...response.headers(), "content-type": "application/octet-stream" } });
    });
    await closeAllFiles(page);
    await page.getByRole("button", { name: "Try the sample file" }).click();
    await expect(page.getByRole("region", { name: "sample.nwb", exact: true }).getByRole("tree")).toBeVisible();
    expect(served).toBeGreaterThan(0);
  });
});

// h5wasm's WebAssembly is a file of its own (scripts/h5wasm-wasm-file.ts), compiled by streaming, not a 4 MB string
// inside the worker's script that each worker parsed, decoded and compiled again.
