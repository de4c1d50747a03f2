import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import h5wasm from "h5wasm/node";
import { NWB } from "../test/golden";
import { HOSTILE_DIR, HUGE_TEXT, writeHostileFiles } from "../test/hostile-structure";
import { closeAllFiles, openFiles } from "./helpers";

/** What the file says, read with h5wasm directly (not through the app's reader): the truth the page must show. */
async function truthOf(name: string): Promise<Record<string, string | string[]>> {
  await h5wasm.ready;
  const file = new h5wasm.File(join(NWB, name), "r");
  try {
    const value = (path: string) => {
      const d = file.get(path) as { value?: unknown } | null;
      return d && "value" in d ? (d.value as string | string[]) : "";
    };
    const age = file.get("/general/subject/age") as { attrs: Record<string, { value: unknown }> } | null;
    return {
      identifier: value("/identifier"),
      description: value("/session_description"),
      start: value("/session_start_time"),
      experimenter: value("/general/experimenter"),
      lab: value("/general/lab"),
      institution: value("/general/institution"),
      keywords: value("/general/keywords"),
      protocol: value("/general/protocol"),
      notes: value("/general/notes"),
      publications: value("/general/related_publications"),
      subjectId: value("/general/subject/subject_id"),
      species: value("/general/subject/species"),
      weight: value("/general/subject/weight"),
      dateOfBirth: value("/general/subject/date_of_birth"),
      age: value("/general/subject/age"),
      ageReference: String(age?.attrs["reference"]?.value ?? ""),
    };
  } finally {
    file.close();
  }
}

const panelOf = (page: Page, name: string) => page.getByRole("region", { name, exact: true });
const summaryOf = (page: Page, name: string) =>
  panelOf(page, name).getByRole("region", { name: "Session at a glance" });
/** The value beside a label in the summary's description lists. */
const field = (summary: Locator, label: string) =>
  summary
    .locator(".session-field")
    .filter({ has: summary.page().locator("dt", { hasText: new RegExp(`^${label}$`) }) })
    .locator("dd");
const metadataTable = (page: Page) => page.getByRole("region", { name: "Metadata" }).getByRole("table");

// One page takes these checks in turn, each a step that first closes the files before it (a browser context, a page
// load and a worker's first start cost more CPU than most checks: see golden.spec.ts).
test("each file's session summary, at 1280 and 390 px; texts as text, a long one on request; an error column beside a good file; the metadata table's columns", async ({
  page,
}) => {
  test.setTimeout(480000);
  await page.goto("./");
  await test.step("each file's panel shows its session, subject, devices and electrode groups as the file has them", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const full = await truthOf("session_full.nwb");
    const intan = await truthOf("intan32.nwb");
    await closeAllFiles(page);
    await openFiles(page, [join(NWB, "session_full.nwb")]);
    await openFiles(page, [join(NWB, "intan32.nwb")]);

    const s = summaryOf(page, "session_full.nwb");
    await expect(field(s, "Identifier")).toHaveText(full.identifier as string);
    await expect(field(s, "Session description")).toHaveText(full.description as string);
    await expect(field(s, "Start time")).toContainText(`(as written: ${full.start as string})`);
    await expect(field(s, "Start time").locator("time")).toHaveAttribute("datetime", full.start as string);
    await expect(field(s, "Session ID")).toHaveText("S-0042");
    await expect(field(s, "Experimenters").getByRole("listitem")).toHaveText(full.experimenter as string[]);
    await expect(field(s, "Institution")).toHaveText(full.institution as string);
    await expect(field(s, "Lab")).toHaveText(full.lab as string);
    await expect(field(s, "Experiment description")).toHaveText("Head-fixed mice running on a wheel");
    await expect(field(s, "Protocol")).toHaveText(full.protocol as string);
    // Line breaks are kept, not escaped, in long texts.
    await expect(field(s, "Notes")).toHaveText(full.notes as string);
    await expect(field(s, "Keywords").getByRole("listitem")).toHaveText(full.keywords as string[]);
    await expect(field(s, "Related publications").getByRole("listitem")).toHaveText(full.publications as string[]);
    await expect(field(s, "Subject ID")).toHaveText(full.subjectId as string);
    await expect(field(s, "Species")).toHaveText(full.species as string);
    await expect(field(s, "Sex")).toHaveText("M");
    await expect(field(s, "Age")).toHaveText(`${full.age as string} (from ${full.ageReference as string})`);
    await expect(field(s, "Date of birth")).toHaveText(
      `2023-10-02 08:15:00 \u221204:00 (as written: ${full.dateOfBirth as string})`,
    );
    await expect(field(s, "Weight")).toHaveText(full.weight as string);
    await expect(field(s, "Genotype")).toHaveText("Ai32/+");
    await expect(field(s, "Strain")).toHaveText("C57BL/6J");
    await expect(field(s, "Description")).toHaveText("Healthy adult, implanted at P10W");
    await expect(s.getByRole("heading", { name: "Devices (2)" })).toBeVisible();
    await expect(s.getByRole("listitem").filter({ hasText: /^Amplifier/ })).toHaveText(
      "Amplifier — 32-channel headstage · manufacturer: Intan",
    );
    await expect(s.getByRole("listitem").filter({ hasText: /^Probe/ })).toHaveText(
      "Probe — test probe · manufacturer: Acme",
    );
    await expect(s.getByRole("heading", { name: "Electrode groups (1)" })).toBeVisible();
    await expect(s.getByRole("listitem").filter({ hasText: /^shank0/ })).toHaveText(
      "shank0 — shank 0 · location: CA1 · device: Probe",
    );

    // The start time in the zone it was written in (−07:00), not the viewer's; fields the file lacks are left out.
    const i = summaryOf(page, "intan32.nwb");
    expect(intan.start).toBe("2023-05-17T09:30:12-07:00");
    await expect(field(i, "Start time").locator("time")).toHaveText("2023-05-17 09:30:12 \u221207:00");
    await expect(field(i, "Identifier")).toHaveText(intan.identifier as string);
    await expect(field(i, "Age")).toHaveText(`${intan.age as string} (from ${intan.ageReference as string})`);
    await expect(i.locator("dt", { hasText: /^Weight$/ })).toHaveCount(0);
    await expect(i.locator("dt", { hasText: /^Lab$/ })).toHaveCount(0);
    await expect(i.getByRole("heading", { name: "Electrode groups (2)" })).toBeVisible();
  });

  await test.step("at 390 px the summary fits the panel's width: no sideways scrolling from it", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await closeAllFiles(page);
    await openFiles(page, [join(NWB, "session_full.nwb")]);
    const s = summaryOf(page, "session_full.nwb");
    await expect(field(s, "Notes")).toBeVisible();
    expect(await s.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect((await s.boundingBox())!.x + (await s.boundingBox())!.width).toBeLessThanOrEqual(390);
    // Labels above values on a phone: a value starts where its label starts.
    const label = (await s.locator("dt", { hasText: /^Session ID$/ }).boundingBox())!;
    const value = (await field(s, "Session ID").boundingBox())!;
    expect(value.x).toBeCloseTo(label.x, 0);
    expect(value.y).toBeGreaterThan(label.y);
  });

  await test.step("texts in the summary are text, and a long one opens on request", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await closeAllFiles(page);
    await openFiles(page, [join(NWB, "hostile.nwb")]);
    const s = summaryOf(page, "hostile.nwb");
    await expect(field(s, "Lab")).toHaveText("<script>window.__pwned='script'</script>Lab");
    await expect(field(s, "Institution")).toHaveText(`<img src=x onerror="window.__pwned='img'">`);
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();

    // A 10 MB session description: its beginning, and on request all the metadata keeps of it (10,000 characters).
    const files = await writeHostileFiles(HOSTILE_DIR);
    await openFiles(page, [files.hostile]);
    const description = field(summaryOf(page, "hostile-structure.nwb"), "Session description");
    const kept = `${HUGE_TEXT.slice(0, 10_000)}… (${HUGE_TEXT.length - 10_000} more characters)`;
    const more = description.getByRole("button", {
      name: `Show all of Session description (${kept.length.toLocaleString("en")} characters)`,
    });
    await expect(more).toHaveAttribute("aria-expanded", "false", { timeout: 60_000 });
    expect(await description.textContent()).toContain(`${HUGE_TEXT.slice(0, 400)}…`);
    expect((await description.textContent())!.length).toBeLessThan(600);
    await more.click();
    await expect(description).toContainText(kept);
    await description.getByRole("button", { name: "Show less of Session description" }).click();
    expect((await description.textContent())!.length).toBeLessThan(600);
  });

  await test.step("errors have a column of their own: a damaged file beside a good one", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    // blosc16.nwb with its 4 KiB block 47 zeroed: the global heap holding its strings is gone.
    const bytes = new Uint8Array(readFileSync(join(NWB, "blosc16.nwb")));
    bytes.fill(0, 47 * 4096, 48 * 4096);
    await closeAllFiles(page);
    await openFiles(page, [join(NWB, "session_full.nwb")]);
    await page
      .getByLabel("Open NWB files")
      .setInputFiles([{ name: "damaged.nwb", mimeType: "application/octet-stream", buffer: Buffer.from(bytes) }]);
    const table = metadataTable(page);
    await expect(table.locator("tbody tr")).toHaveCount(2);
    await expect(table.getByRole("columnheader", { name: "Error", exact: true })).toBeVisible();
    const headers = (await table.getByRole("columnheader").allTextContents()).map((t) => t.replace(/[▲▼↕]/g, ""));
    const errorColumn = headers.indexOf("Error");
    expect(errorColumn).toBe(1);
    const row = (name: string) =>
      table.locator("tbody tr").filter({ has: page.getByRole("cell", { name, exact: true }) });
    await expect(row("damaged.nwb").getByRole("cell").nth(errorColumn)).toHaveText(
      "damaged.nwb: damaged: the global heap (where variable-length strings are kept) has a wrong signature",
    );
    await expect(row("session_full.nwb").getByRole("cell").nth(errorColumn)).toHaveText("");
    // The file name cell holds the name only.
    await expect(row("damaged.nwb").getByRole("cell").first()).toHaveText("damaged.nwb");
    // The good file's summary is there; the damaged one has none.
    await expect(summaryOf(page, "session_full.nwb")).toBeVisible();
    await expect(panelOf(page, "damaged.nwb").getByRole("region", { name: "Session at a glance" })).toHaveCount(0);
  });

  await test.step("the metadata table: columns to choose, empty ones hidden, the file name kept in view", async () => {
    await page.setViewportSize({ width: 800, height: 900 });
    await closeAllFiles(page);
    await openFiles(page, [join(NWB, "session_full.nwb")]);
    await openFiles(page, [join(NWB, "intan32.nwb")]);
    const table = metadataTable(page);
    await expect(table.locator("tbody tr")).toHaveCount(2);
    const header = (name: string) => table.getByRole("columnheader", { name, exact: true });
    // Columns with a value in some file are shown; those empty in every file (and Error, with no errors) are not.
    for (const name of ["File", "Identifier", "Weight", "Date of birth", "Devices", "Electrode groups"])
      await expect(header(name)).toBeVisible();
    await expect(header("Error")).toHaveCount(0);

    const chooser = page.getByRole("button", { name: "Metadata columns", exact: true });
    await expect(chooser).toHaveAttribute("aria-expanded", "false");
    await chooser.click();
    const boxes = page.getByRole("group", { name: "Metadata columns to show" });
    await expect(boxes.getByRole("checkbox", { name: "File", exact: true })).toBeDisabled();
    await expect(boxes.getByRole("checkbox", { name: "File", exact: true })).toBeChecked();
    await expect(boxes.getByRole("checkbox", { name: "Error", exact: true })).not.toBeChecked();
    await boxes.getByRole("checkbox", { name: "Weight", exact: true }).uncheck();
    await expect(header("Weight")).toHaveCount(0);
    await boxes.getByRole("checkbox", { name: "Error", exact: true }).check();
    await expect(header("Error")).toBeVisible();
    await boxes.getByRole("button", { name: "Show all" }).click();
    await expect(table.getByRole("columnheader")).toHaveCount(30);
    await boxes.getByRole("button", { name: "Only columns with values" }).click();
    await expect(header("Error")).toHaveCount(0);
    await expect(header("Weight")).toBeVisible();
    await boxes.getByRole("checkbox", { name: "Lab", exact: true }).uncheck();

    // The export writes the columns shown, in their order.
    const shownHeaders = (await table.getByRole("columnheader").allTextContents()).map((t) => t.replace(/[▲▼↕]/g, ""));
    expect(shownHeaders).not.toContain("Lab");
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const csv = readFileSync(await (await download).path(), "utf8").replace(/^\ufeff/, "");
    const [csvHeader, ...records] = csv.split("\r\n");
    expect(csvHeader!.split(",")).toEqual(shownHeaders);
    // One record a file (in the order the sets finished opening), each ended by CRLF.
    expect(records.map((r) => r.split(",")[0]).sort()).toEqual(["", "intan32.nwb", "session_full.nwb"]);
    // The table reads the start time as a date in the file's zone; the CSV keeps the ISO text.
    const intanRow = table.locator("tbody tr").filter({ hasText: "intan32.nwb" });
    await expect(intanRow.locator(".metadata-cell-sessionStart")).toHaveText("2023-05-17 09:30:12 \u221207:00");
    expect(records.find((r) => r.startsWith("intan32.nwb,"))).toContain(",2023-05-17T09:30:12-07:00,");

    // The file name stays at the left edge while the table scrolls sideways.
    const firstCell = table.locator("tbody tr").first().locator("td").first();
    expect(await firstCell.evaluate((el) => getComputedStyle(el).position)).toBe("sticky");
    expect(await header("File").evaluate((el) => getComputedStyle(el).position)).toBe("sticky");
    const scroller = page.getByRole("group", { name: "Metadata table, scrolls sideways" });
    const before = (await firstCell.boundingBox())!;
    const scrolled = await scroller.evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
      return el.scrollLeft;
    });
    expect(scrolled).toBeGreaterThan(200);
    await expect.poll(async () => (await firstCell.boundingBox())!.x).toBeCloseTo(before.x, 0);
    // …while the cells after it did move.
    const second = table.locator("tbody tr").first().locator("td").nth(1);
    expect((await second.boundingBox())!.x).toBeLessThan(before.x + before.width);
  });
});
