import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";
import { unzipSync } from "fflate";

/** Records every request that leaves the page's origin (blob: and data: URLs are local). */
export function watchRequests(page: Page): string[] {
  const offOrigin: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.protocol === "blob:" || url.protocol === "data:") return;
    if (url.host !== `127.0.0.1:${process.env.E2E_PORT ?? 4180}`) offOrigin.push(r.url());
  });
  return offOrigin;
}

export async function openFiles(page: Page, paths: string[]): Promise<void> {
  await page.getByLabel("Open NWB files").setInputFiles(paths);
}

/** Picks exactly these series in a panel, sets the chunk size, downloads the zip and returns its entries. */
export async function convertInPanel(
  page: Page,
  fileName: string,
  series: string[],
  chunkMb: number,
  level?: number,
): Promise<Map<string, Uint8Array>> {
  const panel = page.getByRole("region", { name: fileName, exact: true });
  const picker = panel.getByRole("group", { name: "Electrical series" });
  await expect(picker.getByRole("checkbox").first()).toBeVisible();
  for (const box of await picker.getByRole("checkbox").all()) {
    const name = await box.getAttribute("aria-label");
    if (series.includes(name!)) await box.check();
    else if (await box.isEnabled()) await box.uncheck();
  }
  await panel.getByLabel("Chunk size (MB)").fill(String(chunkMb));
  if (level !== undefined) await panel.getByLabel("Gzip level").fill(String(level));
  const download = page.waitForEvent("download");
  await panel.getByRole("button", { name: "Download zip" }).click();
  const file = await (await download).path();
  await expect(panel.getByRole("status")).toContainText("Done");
  return new Map(Object.entries(unzipSync(new Uint8Array(readFileSync(file)))));
}
