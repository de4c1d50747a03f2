// Where the page's time goes during an export (BENCH_PAGE_PROFILE=1): V8's sampling profiler in the page and in
// every dedicated worker it runs (the HDF5 worker, the encode pool), through a browser-level DevTools session, since
// Playwright's own sessions are per page. Prints each thread's busiest functions and scripts.
import type { BrowserContext, CDPSession, Page } from "playwright-core";

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time (ms) by function and by script, busiest first. */
export function selfTimes(p: CpuProfile): {
  total: number;
  functions: [string, number][];
  scripts: [string, number][];
} {
  const ticks = new Map<number, number>();
  p.samples.forEach((id, i) => ticks.set(id, (ticks.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));
  const functions = new Map<string, number>();
  const scripts = new Map<string, number>();
  let total = 0;
  for (const n of p.nodes) {
    const ms = ticks.get(n.id) ?? 0;
    if (!ms) continue;
    total += ms;
    const file = n.callFrame.url.split("/").pop() || n.callFrame.functionName;
    const f = `${n.callFrame.functionName || "(anonymous)"} ${file}:${n.callFrame.lineNumber}`;
    functions.set(f, (functions.get(f) ?? 0) + ms);
    scripts.set(file, (scripts.get(file) ?? 0) + ms);
  }
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { total, functions: top(functions), scripts: top(scripts) };
}

/** Starts the profiler in the page and in each worker there now; `stop` gives each thread's profile. */
export async function profileThreads(
  context: BrowserContext,
  page: Page,
): Promise<{ stop(): Promise<Map<string, CpuProfile>> }> {
  const browser = context.browser();
  if (!browser) throw new Error("profiling needs a launched browser");
  const cdp: CDPSession = await browser.newBrowserCDPSession();
  let next = 1;
  const pending = new Map<number, (r: unknown) => void>();
  cdp.on("Target.receivedMessageFromTarget", (e: { message: string }) => {
    const m = JSON.parse(e.message) as { id?: number; result?: unknown };
    if (m.id !== undefined) pending.get(m.id)?.(m.result);
  });
  const call = (sessionId: string, method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      void cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id, method, params }) });
    });
  const workers: { name: string; sessionId: string }[] = [];
  const attached = new Set<string>();
  const attach = async (t: { targetId: string; type: string; url: string }) => {
    if (t.type !== "worker" || attached.has(t.targetId)) return;
    attached.add(t.targetId);
    const { sessionId } = (await cdp.send("Target.attachToTarget", { targetId: t.targetId, flatten: false })) as {
      sessionId: string;
    };
    await call(sessionId, "Profiler.enable");
    await call(sessionId, "Profiler.setSamplingInterval", { interval: 500 });
    await call(sessionId, "Profiler.start");
    workers.push({ name: `worker ${t.url.split("/").pop()} ${workers.length + 1}`, sessionId });
  };
  // Workers started during the export (the encode pool's) are profiled from their start.
  cdp.on("Target.targetCreated", (e: { targetInfo: { targetId: string; type: string; url: string } }) => {
    void attach(e.targetInfo);
  });
  await cdp.send("Target.setDiscoverTargets", { discover: true });
  const { targetInfos } = (await cdp.send("Target.getTargets")) as {
    targetInfos: { targetId: string; type: string; url: string }[];
  };
  for (const t of targetInfos) await attach(t);
  const own = await context.newCDPSession(page);
  await own.send("Profiler.enable");
  await own.send("Profiler.start");
  return {
    async stop() {
      const out = new Map<string, CpuProfile>();
      out.set("page", ((await own.send("Profiler.stop")) as { profile: CpuProfile }).profile);
      for (const w of workers) {
        // A worker that ended meanwhile never answers: wait a little, not forever.
        const stopped = call(w.sessionId, "Profiler.stop") as Promise<{ profile: CpuProfile }>;
        const r = await Promise.race([stopped, new Promise<null>((ok) => setTimeout(() => ok(null), 3000))]);
        if (r) out.set(w.name, r.profile);
      }
      await own.detach();
      await cdp.detach();
      return out;
    },
  };
}

export function printProfiles(title: string, profiles: Map<string, CpuProfile>): void {
  console.log(`\n${title}: self time by thread (ms; V8 sampling profiler, 0.5 ms)`);
  for (const [name, p] of profiles) {
    const t = selfTimes(p);
    const fmt = (xs: [string, number][]) =>
      xs
        .slice(0, 8)
        .map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join("; ");
    console.log(
      `  ${name}: ${t.total.toFixed(0)} ms\n    scripts: ${fmt(t.scripts)}\n    functions: ${fmt(t.functions)}`,
    );
  }
}
