import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import h5wasm from "h5wasm/node";
import { NWB } from "../test/golden";
import { memorySource } from "../src/core/hdf5/byte-source";
import { readDatasetLayout } from "../src/core/hdf5/layout";
import { getDataset, objectAddress, openWithH5wasm } from "../src/core/hdf5/layout/layout.test-helpers";
import { closeAllFiles, convertInPanel, openFiles, watchRequests } from "./helpers";

const work = mkdtempSync(join(tmpdir(), "e2e-bad-"));

async function h5File(name: string, nwb: boolean): Promise<string> {
  await h5wasm.ready;
  const path = join(work, name);
  const f = new h5wasm.File(path, "w");
  if (nwb) {
    f.create_attribute("nwb_version", "2.6.0");
    f.create_dataset({ name: "identifier", data: "no-series" });
    f.create_dataset({ name: "session_start_time", data: "2024-01-01T00:00:00+00:00" });
  } else f.create_dataset({ name: "values", data: new Float64Array([1, 2, 3]) });
  f.close();
  return path;
}

// One page takes these checks in turn, each a step that first closes the files before it (a browser context, a page
// load and a worker's first start cost more CPU than most checks: see golden.spec.ts).
test("bad inputs, a damaged deflate chunk and a missing filter plugin are each named; the app stays usable", async ({
  page,
}) => {
  test.setTimeout(240000);
  await page.goto("./");
  await test.step("bad inputs each get an alert naming the file and the reason; the app stays usable", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const offOrigin = watchRequests(page);
    await closeAllFiles(page);
    const sine = readFileSync(join(NWB, "sine2.nwb"));
    await page.getByLabel("Open NWB files").setInputFiles([
      { name: "notes.nwb", mimeType: "application/octet-stream", buffer: Buffer.from("not HDF5 at all\n".repeat(64)) },
      { name: "empty.nwb", mimeType: "application/octet-stream", buffer: Buffer.alloc(0) },
      { name: "cut.nwb", mimeType: "application/octet-stream", buffer: sine.subarray(0, 200_000) },
    ]);
    const alert = (name: string) => page.getByRole("region", { name, exact: true }).getByRole("alert");
    await expect(alert("notes.nwb")).toContainText("notes.nwb: not an HDF5 file");
    await expect(alert("empty.nwb")).toContainText("empty.nwb: the file is empty");
    await expect(alert("cut.nwb")).toContainText("cut.nwb: the file is truncated");

    await openFiles(page, [await h5File("plain.h5", false), await h5File("noseries.nwb", true)]);
    await expect(alert("plain.h5")).toContainText("plain.h5: this is an HDF5 file but not an NWB file");
    // A non-NWB HDF5 file still shows its tree.
    await expect(
      page.getByRole("region", { name: "plain.h5", exact: true }).getByRole("treeitem", { name: /values/ }),
    ).toBeVisible();
    // A valid NWB file with nothing to convert is not an error: a calm note (see traps.spec.ts).
    const noSeries = page.getByRole("region", { name: "noseries.nwb", exact: true });
    await expect(noSeries.getByRole("note")).toContainText("No ElectricalSeries to convert in this file");
    await expect(noSeries.getByRole("alert")).toHaveCount(0);

    // A missing external-link target is named, and the link is flagged in the tree.
    await openFiles(page, [join(NWB, "linked_main.nwb")]);
    const linked = page.getByRole("region", { name: "linked_main.nwb", exact: true });
    await expect(linked.getByText(/linked_raw\.nwb, which was not opened with it/).first()).toBeVisible();

    // After all that, a good file still converts.
    await openFiles(page, [join(NWB, "starting.nwb")]);
    const entries = await convertInPanel(page, "starting.nwb", ["/acquisition/Late"], 0.0625);
    expect(entries.size).toBeGreaterThan(0);
    expect(offOrigin).toEqual([]);
  });

  await test.step("a damaged deflate chunk is named with its file, and the app stays usable", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    // intan32's samples are deflate chunks read through the direct path: garble the middle of its third chunk.
    const bytes = new Uint8Array(readFileSync(join(NWB, "intan32.nwb")));
    const file = await openWithH5wasm(bytes);
    const data = getDataset(file, "/acquisition/ElectricalSeriesRaw/data");
    const info = readDatasetLayout(memorySource("intan32.nwb", bytes), objectAddress(data));
    file.close();
    if (info.layout.kind !== "chunked" || !info.layout.chunks) throw new Error("intan32's data should be chunked");
    const chunk = [...info.layout.chunks].sort((a, b) => a.offset[0]! - b.offset[0]!)[2]!;
    const damaged = bytes.slice();
    for (let i = 0; i < 64; i++) damaged[chunk.address + (chunk.size >> 1) + i] = 0xa5;

    await closeAllFiles(page);
    await page
      .getByLabel("Open NWB files")
      .setInputFiles([{ name: "damaged.nwb", mimeType: "application/octet-stream", buffer: Buffer.from(damaged) }]);
    const panel = page.getByRole("region", { name: "damaged.nwb", exact: true });
    await panel.getByRole("checkbox", { name: "/acquisition/ElectricalSeriesRaw", exact: true }).waitFor();
    await panel.getByLabel("Chunk size (MiB)").fill("0.0625");
    await panel.getByRole("button", { name: "Download zip" }).click();
    await expect(panel.getByRole("alert").filter({ hasText: /^damaged\.nwb: the chunk/ })).toContainText(
      `damaged.nwb: the chunk at byte ${chunk.address} cannot be decoded`,
    );
    // The next file converts as usual.
    await openFiles(page, [join(NWB, "starting.nwb")]);
    const entries = await convertInPanel(page, "starting.nwb", ["/acquisition/Late"], 0.0625);
    expect(entries.size).toBeGreaterThan(0);
  });

  await test.step("a missing filter plugin is named, not turned into garbage", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    // Blocking the LZ4 plugin file simulates a build without it (Blosc's samples no longer need theirs: blosc.spec.ts).
    await page.route("**/libH5Zlz4-*.so", (route) => route.fulfill({ status: 404, body: "" }));
    await page.route("**/libH5Zlz4.so*", (route) => route.fulfill({ status: 404, body: "" }));
    const downloads: string[] = [];
    page.on("download", (d) => downloads.push(d.suggestedFilename()));
    await closeAllFiles(page);
    await openFiles(page, [join(NWB, "lz4_16.nwb")]);
    const panel = page.getByRole("region", { name: "lz4_16.nwb", exact: true });
    await expect(panel.getByRole("group", { name: "Electrical series" })).toBeVisible();
    await panel.getByLabel("Chunk size (MiB)").fill("0.125");
    await panel.getByRole("button", { name: "Download zip" }).click();
    await expect(panel.getByRole("alert").filter({ hasText: /^lz4_16\.nwb/ })).toContainText(
      /lz4_16\.nwb: .*needs the HDF5 filter "HDF5 lz4 filter; .*" \(id 32004\), which is not available/,
    );
    // The preview names the missing filter too, and no zip was offered.
    await expect(panel.getByRole("alert").filter({ hasText: /Preview/ })).toContainText(/filter/);
    expect(downloads).toEqual([]);
  });
});
