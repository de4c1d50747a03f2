import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { NWB } from "../test/golden";
import { convertInPanel, openFiles } from "./helpers";

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
test("a set's worker fetches no filter plugin until a dataset needs one, then only that one", async ({ page }) => {
  const plugins = pluginRequests(page);
  await page.goto("./");
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

// h5wasm's WebAssembly is a file of its own (scripts/h5wasm-wasm-file.ts), compiled by streaming, not a 4 MB string
// inside the worker's script that each worker parsed, decoded and compiled again.
test("each set's worker loads a small script and h5wasm's WebAssembly as a file", async ({ page }) => {
  const scripts = new Map<string, number>();
  page.context().on("response", async (r) => {
    const name = new URL(r.url()).pathname.split("/").pop()!;
    if (/^(entry-.*\.js|hdf5_util-.*\.wasm)$/.test(name)) scripts.set(name, (await r.body()).length);
  });
  await page.goto("./");
  await page.getByRole("button", { name: "Try the sample file" }).click();
  await expect(page.getByRole("region", { name: "sample.nwb", exact: true }).getByRole("tree")).toBeVisible();
  await expect.poll(() => [...scripts.keys()].some((n) => n.endsWith(".wasm"))).toBe(true);
  const worker = [...scripts].find(([n]) => n.startsWith("entry-"));
  expect(worker?.[1]).toBeLessThan(1_000_000);
});

test("a host that serves the .wasm without its MIME type still gets the files opened", async ({ page }) => {
  let served = 0;
  await page.context().route("**/*.wasm", async (route) => {
    const response = await route.fetch();
    served++;
    await route.fulfill({ response, headers: { ...response.headers(), "content-type": "application/octet-stream" } });
  });
  await page.goto("./");
  await page.getByRole("button", { name: "Try the sample file" }).click();
  await expect(page.getByRole("region", { name: "sample.nwb", exact: true }).getByRole("tree")).toBeVisible();
  expect(served).toBeGreaterThan(0);
});
