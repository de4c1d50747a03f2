// Files opened by URL through "Open URL…", read in place from the DANDI stand-in (test/dandi, a process of its own,
// started here): every golden case opened, one of each kind converted exactly, its family members and link targets found beside the URL;
// faults survived; a server without ranges refused; tables, tree and preview of a remote file; and no request to any
// host but the stand-in's file host and the page's own.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { basename } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { caseInputs, compareWithGolden, goldenCases, namedCases, PATH_CASES } from "../test/golden";
import { startStandInProcess, type StandInProcess } from "../test/dandi/process";
import { startFixture } from "../test/emulator/test-helpers";
import { landedProblems } from "../test/landed";
import { closeAllFiles, convertInPanel, pickSeries, streamReady } from "./helpers";
import { fillUploadForm } from "./upload-form-fill";

const cases = goldenCases();
const files = Object.fromEntries([...new Set(cases.flatMap(caseInputs))].map((p) => [basename(p), p]));
const PAGE_HOST = `127.0.0.1:${process.env.E2E_PORT ?? 4180}`;
let standIn: StandInProcess;
let noRanges: StandInProcess;
let slow: StandInProcess;
let far: StandInProcess;

test.beforeAll(async () => {
  [standIn, noRanges, slow, far] = await Promise.all([
    // Signed URLs short-lived enough to expire during a run, and be asked for again.
    startStandInProcess({ files, signedTtlMs: 2000 }),
    startStandInProcess({ files: { "sine2.nwb": files["sine2.nwb"]! }, noRanges: true }),
    // A slow link (1 MB/s): a conversion of intan32.nwb (3.3 MB) waits seconds on its sample reads.
    startStandInProcess({ files: { "intan32.nwb": files["intan32.nwb"]! }, bytesPerSecond: 1e6 }),
    // A far one (1.5 s an answer): each of HDF5's blocking reads takes longer than the watchdog's 1 s below.
    startStandInProcess({ files: { "intan32.nwb": files["intan32.nwb"]! }, latencyMs: 1500 }),
  ]);
});
test.afterAll(() => {
  standIn?.close();
  noRanges?.close();
  slow?.close();
  far?.close();
});

/** The hosts asked by the page, its workers and the service worker (context-wide; blob: and data: are local). */
function hostsAsked(page: Page): Set<string> {
  const hosts = new Set<string>();
  page.context().on("request", (r) => {
    const url = new URL(r.url());
    if (url.protocol !== "blob:" && url.protocol !== "data:") hosts.add(url.host);
  });
  return hosts;
}

async function openUrls(page: Page, urls: string[]): Promise<void> {
  await page.getByRole("button", { name: "Open URL…" }).click();
  const dialog = page.getByRole("dialog", { name: "Open files by URL" });
  await dialog.getByLabel("NWB file URLs").fill(urls.join("\n"));
  await dialog.getByRole("button", { name: "Open", exact: true }).click();
  await expect(dialog).toBeHidden();
}

test("every golden case opens by URL, family members and link targets found beside; one of each kind converted exactly; no other host", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const hosts = hostsAsked(page);
  await standIn.reset();
  await page.goto("./");
  // Only each case's main file: family_1/2.nwb and linked_raw.nwb are to be found beside family_0 and linked_main.
  await openUrls(page, [...new Set(cases.map((g) => standIn.url(g.input)))]);
  const main = page.getByRole("region", { name: "family_0.nwb", exact: true });
  await expect(main.getByText("family of 3 members: family_0.nwb, family_1.nwb, family_2.nwb")).toBeVisible({
    timeout: 60_000,
  });
  await expect(main.getByText(`from ${standIn.url("family_0.nwb")}`)).toBeVisible();
  await expect(page.getByRole("region", { name: "linked_raw.nwb", exact: true })).toBeVisible();
  // Level 0 (stored deflate blocks): the golden comparison is of the inflated bytes, and it takes a third of the time.
  // Every case is opened; one of each kind is converted (every one is by URL in test/dandi/remote-golden.test.ts).
  for (const g of namedCases(PATH_CASES)) {
    const entries = await convertInPanel(page, g.input, g.series, g.chunk_mb, 0);
    expect(compareWithGolden(g, entries)).toEqual([]);
  }
  expect([...hosts].sort()).toEqual([PAGE_HOST, standIn.fileHost].sort());
  expect(Object.keys((await standIn.state()).requests)).toEqual([standIn.fileHost]);
});

test("under 503s, dropped connections, short bodies and expired signed URLs, a redirected URL converts exactly", async ({
  page,
}) => {
  const g = cases.find((c) => c.case === "intan32_128k")!;
  await standIn.reset();
  await page.goto("./");
  // Every other range request fails, each way in turn: the head (size, structure) and sample reads among them.
  await standIn.inject(["503", "drop", "short", "expired"], 2);
  await openUrls(page, [standIn.redirectUrl(g.input)]);
  const entries = await convertInPanel(page, g.input, g.series, g.chunk_mb);
  expect(compareWithGolden(g, entries)).toEqual([]);
  const state = await standIn.state();
  expect(state, JSON.stringify(state)).toMatchObject({ faultsLeft: 0 });
});

// One page takes these checks in turn, each a step that first closes the files before it (a browser context, a page
// load and a worker's first start cost more CPU than most checks: see golden.spec.ts).
test("by URL: a server without ranges refused and bad lines said; CORS named; a remote file's tables, tree and preview; an upload streamed from its host", async ({
  page,
}) => {
  test.setTimeout(300000);
  await page.goto("./");
  await test.step("a server without range support is refused in the panel, bad lines are said in the dialog, other files open", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await closeAllFiles(page);
    await page.getByRole("button", { name: "Open URL…" }).click();
    const dialog = page.getByRole("dialog", { name: "Open files by URL" });
    const field = dialog.getByLabel("NWB file URLs");
    await field.fill(`${standIn.url("twoseries.nwb")}\nftp://example.org/a.nwb\nnot a url`);
    await dialog.getByRole("button", { name: "Open", exact: true }).click();
    await expect(dialog.getByRole("alert")).toHaveText(
      "Line 2: ftp://example.org/a.nwb is not an http or https URL" + "Line 3: not a url is not a URL",
    );
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await field.fill(`${noRanges.url("sine2.nwb")}\n${standIn.url("twoseries.nwb")}`);
    await dialog.getByRole("button", { name: "Open", exact: true }).click();
    const refused = page.getByRole("region", { name: "sine2.nwb", exact: true });
    await expect(refused.getByRole("alert")).toHaveText(
      `sine2.nwb could not be read: ${noRanges.url("sine2.nwb")}: the server does not support range requests ` +
        "(it answered 200 to a Range request)",
    );
    const other = page.getByRole("region", { name: "twoseries.nwb", exact: true });
    await expect(other.getByRole("group", { name: "Electrical series" }).getByRole("checkbox").first()).toBeVisible();
  });

  await test.step("a server that does not allow the page by CORS is named as the likely reason", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    // Answers ranges, but without Access-Control-Allow-Origin: the browser gives the page nothing of the answer.
    const server = createServer((_req, res) => {
      res.writeHead(206, { "Content-Range": "bytes 0-9/10", "Content-Length": 10 });
      res.end(Buffer.alloc(10));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/closed.nwb`;
      await closeAllFiles(page);
      await openUrls(page, [url]);
      // Retried as a dropped connection would be (six tries over 6 s) before it is given up.
      await expect(page.getByRole("region", { name: "closed.nwb", exact: true }).getByRole("alert")).toHaveText(
        `closed.nwb could not be read: ${url}: the connection failed (Failed to fetch), 6 tries. If the server is up, ` +
          "it may not allow this page to read it: it must answer with Access-Control-Allow-Origin (this page's " +
          "origin, or *)",
        { timeout: 20_000 },
      );
    } finally {
      server.close();
    }
  });

  await test.step("a remote file's tables, tree and preview", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await closeAllFiles(page);
    await openUrls(page, [standIn.url("tables.nwb"), standIn.url("intan32.nwb")]);
    const panel = page.getByRole("region", { name: "tables.nwb", exact: true });
    const tables = panel.getByRole("region", { name: "Tables", exact: true });
    await tables.getByRole("button", { name: "/units", exact: true }).click();
    await expect(tables.getByRole("status")).toHaveText("25 of 25 rows");
    const tree = panel.getByRole("tree");
    const acquisition = tree.getByRole("treeitem", { name: /^acquisition/ });
    await acquisition.click();
    await expect(acquisition).toHaveAttribute("aria-expanded", "true");
    await expect(tree.getByRole("treeitem").nth(3)).toBeVisible();
    const intan = page.getByRole("region", { name: "intan32.nwb", exact: true });
    await expect(intan.getByRole("img", { name: /^Plot of / })).toHaveAccessibleName(
      /^Plot of the first 2 s of channels 1–16 of 32 of ElectricalSeriesRaw in intan32\.nwb/,
    );
  });

  await test.step("a file by URL uploads to Pennsieve exactly, streamed from its host (its link target found beside)", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const g = cases.find((c) => c.case === "linked_main_64k")!;
    const fx = await startFixture({ seed: 11, corsOrigins: [`http://${PAGE_HOST}`] });
    try {
      const hosts = hostsAsked(page);
      await closeAllFiles(page);
      await openUrls(page, [standIn.url(g.input)]);
      const panel = page.getByRole("region", { name: g.input, exact: true });
      await pickSeries(panel, g.series, g.chunk_mb);
      await fillUploadForm(panel, fx);
      await panel.getByRole("button", { name: "Upload to Pennsieve" }).click();
      const files = Object.keys(g.files).length;
      await expect(panel.getByRole("status")).toContainText(`${files} files uploaded, 0 failed`, { timeout: 60_000 });
      expect(await landedProblems(fx.emu, g, fx.packageId)).toEqual([]);
      const emulator = [fx.emu.apiUrl, fx.emu.api2Url, fx.emu.cognitoUrl, fx.emu.s3Url].map((u) => new URL(u).host);
      expect([...hosts].filter((h) => h !== PAGE_HOST && h !== standIn.fileHost && !emulator.includes(h))).toEqual([]);
    } finally {
      await fx.emu.stop();
    }
  });
});

test("Cancel while a sample read waits on a slow link: the worker is stopped, the set reopens by URL and converts @timed", async ({
  page,
}) => {
  const g = cases.find((c) => c.case === "intan32_128k")!;
  await page.goto("./");
  await openUrls(page, [slow.url(g.input)]);
  const panel = page.getByRole("region", { name: g.input, exact: true });
  await expect(panel.getByRole("group", { name: "Electrical series" })).toBeVisible({ timeout: 30_000 });
  await pickSeries(panel, g.series, g.chunk_mb, 0);
  expect(page.workers()).toHaveLength(1);
  const first = page.workers()[0]!;
  const firstClosed = new Promise((resolve) => first.once("close", resolve));
  await streamReady(page);
  await panel.getByRole("button", { name: "Download zip" }).click();
  await panel.getByRole("button", { name: "Cancel" }).click();
  await expect(panel.getByRole("status")).toContainText("Cancelled", { timeout: 2_000 });
  await firstClosed; // the job was still waiting on the link after half a second: its worker was stopped
  await expect(panel.getByText(`from ${slow.url(g.input)}`)).toBeVisible();
  expect(compareWithGolden(g, await convertInPanel(page, g.input, g.series, g.chunk_mb, 0))).toEqual([]);
});

test("a worker blocked on a slow link is not taken for one stuck in a damaged file @timed", async ({ page }) => {
  // The watchdog abandons a worker silent for 1 s; every read from `far` takes 1.5 s, HDF5's blocking ones included.
  await page.goto("./?watchdog=1");
  await openUrls(page, [far.url("intan32.nwb")]);
  const panel = page.getByRole("region", { name: "intan32.nwb", exact: true });
  // Past the file's first MiB (read on opening, asynchronously): the preview's and the estimate's blocking reads.
  await expect(panel.getByRole("img", { name: /^Plot of / })).toBeVisible({ timeout: 60_000 });
  await expect(panel.getByText(/estimated from \d+ sampled chunk file/)).toBeVisible({ timeout: 30_000 });
  await expect(panel.getByRole("alert")).toHaveCount(0);
});
