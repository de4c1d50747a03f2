import { readFileSync } from "node:fs";
import type { Browser, Page } from "@playwright/test";
import { argvOf, childrenOf, processTree } from "../bench/browser-proc";

/** The Chromium this test worker launched: our child that speaks the protocol over a pipe. */
export function browserPid(): number {
  const found = childrenOf(process.pid).filter((pid) => argvOf(pid).includes("--remote-debugging-pipe"));
  if (found.length !== 1) throw new Error(`expected one Chromium child of ${process.pid}, found ${found.length}`);
  return found[0]!;
}

/**
 * The proportional set sizes of all the browser's processes, summed (every page counted once), and the part of
 * it that is memory of their own (anonymous and shared memory, not mapped files). The file part is mostly the
 * Chromium binary, whose pages are shared with every other Chromium on the machine: it moves when another
 * browser starts or exits, whatever this one does.
 */
export function browserPss(): { pss: number; own: number } {
  const sum = { pss: 0, own: 0 };
  for (const pid of processTree(browserPid())) {
    let rollup: string;
    try {
      rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(rollup)?.[1] ?? 0) * 1024;
    sum.pss += kb("Pss");
    sum.own += kb("Pss_Anon") + kb("Pss_Shmem");
  }
  return sum;
}

/** User + system CPU seconds of each of the browser's processes, by pid. */
function cpuSeconds(): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of processTree(browserPid())) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / 100); // utime, stime in clock ticks
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** The largest share of a core any browser process used over `ms` (1 = a core busy all the time). */
export async function busiestProcessShare(ms = 2_000): Promise<number> {
  const before = cpuSeconds();
  await new Promise((resolve) => setTimeout(resolve, ms));
  let most = 0;
  for (const [pid, after] of cpuSeconds()) most = Math.max(most, (after - (before.get(pid) ?? after)) / (ms / 1000));
  return most;
}

/** Dedicated workers alive in the browser (nested ones included), as the DevTools protocol lists them. */
export async function dedicatedWorkers(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = (await cdp.send("Target.getTargets")) as { targetInfos: { type: string }[] };
    return targetInfos.filter((t) => t.type === "worker").length;
  } finally {
    await cdp.detach();
  }
}

/** A full garbage collection in the page, so that what stays measured is what is still held, not garbage. */
export async function collectGarbage(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("HeapProfiler.collectGarbage");
  } finally {
    await cdp.detach();
  }
}
