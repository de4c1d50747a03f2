import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { memorySource } from "../src/core/hdf5/byte-source";
import { readDatasetLayout } from "../src/core/hdf5/layout";
import { getDataset, objectAddress, openWithH5wasm } from "../src/core/hdf5/layout/layout.test-helpers";
import { compareWithGolden, goldenCases, NWB } from "../test/golden";
import { convertInPanel, openFiles, watchRequests } from "./helpers";

// NeuroConv's Blosc(zstd 5, shuffle): decoded by our own Blosc decoder in the encode pool's workers (or the HDF5
// worker), so h5wasm's Blosc plugin is not needed for the samples; blocking it proves the direct path read them.
const blockBloscPlugin = async (page: Page) => {
  await page.route("**/libH5Zblosc-*.so", (route) => route.fulfill({ status: 404, body: "" }));
  await page.route("**/libH5Zblosc.so*", (route) => route.fulfill({ status: 404, body: "" }));
};

test("Blosc(zstd) samples convert in the page without h5wasm's Blosc plugin, exactly as the h5wasm path", async ({
  page,
}) => {
  const g = goldenCases().find((c) => c.input === "blosc_zstd.nwb")!;
  await blockBloscPlugin(page);
  const offOrigin = watchRequests(page);
  await page.goto("./");
  await openFiles(page, [join(NWB, g.input)]);
  const entries = await convertInPanel(page, g.input, g.series, g.chunk_mb, 0);
  expect(compareWithGolden(g, entries)).toEqual([]);
  expect(offOrigin).toEqual([]);
});

test("a damaged Blosc frame is named with its file and chunk in one line", async ({ page }) => {
  const bytes = new Uint8Array(readFileSync(join(NWB, "blosc_zstd.nwb")));
  const file = await openWithH5wasm(bytes);
  const data = getDataset(file, "/acquisition/ElectricalSeriesAP/data");
  const info = readDatasetLayout(memorySource("blosc_zstd.nwb", bytes), objectAddress(data));
  file.close();
  if (info.layout.kind !== "chunked" || !info.layout.chunks) throw new Error("the data should be chunked");
  const chunk = [...info.layout.chunks].sort((a, b) => a.address - b.address)[1]!;
  const damaged = bytes.slice();
  // The first block's zstd stream (after the 16-byte header, two block starts and its length) loses its magic.
  damaged.fill(0, chunk.address + 28, chunk.address + 32);

  await page.goto("./");
  await page
    .getByLabel("Open NWB files")
    .setInputFiles([{ name: "damaged.nwb", mimeType: "application/octet-stream", buffer: Buffer.from(damaged) }]);
  const panel = page.getByRole("region", { name: "damaged.nwb", exact: true });
  await panel.getByRole("checkbox", { name: "/acquisition/ElectricalSeriesAP", exact: true }).waitFor();
  await panel.getByLabel("Chunk size (MiB)").fill("0.125");
  await panel.getByRole("button", { name: "Download zip" }).click();
  const alert = panel.getByRole("alert").filter({ hasText: /^damaged\.nwb: the chunk/ });
  await expect(alert).toHaveText(
    new RegExp(`^damaged\\.nwb: the chunk at byte ${chunk.address} cannot be decoded \\(block 0 .*zstd.*\\)$`),
  );
});
