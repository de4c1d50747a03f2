// How a page's worker can answer HDF5's synchronous reads of a remote file, measured in Chromium on 64 KiB range
// reads from the DANDI stand-in (a process of its own), cross-origin as the page reads a URL it is given:
//   node --import tsx bench/remote-page-reads.ts          (env: READS, default 200; LATENCY_MS, default 0)
// - async fetch in the worker (the floor: HDF5 cannot use it, its reads must return synchronously);
// - synchronous XMLHttpRequest in the worker (src/worker/xhr-range.ts, the one chosen).
// The third way, an Atomics bridge to a fetching worker, needs SharedArrayBuffer, which a page only has when
// cross-origin isolated (COOP/COEP response headers): this page is not, so it is not measured here.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../e2e/chromium";
import { startStandInProcess } from "../test/dandi/process";

const FILE = join(import.meta.dirname, "..", "test", "fixtures", "nwb", "sine2.nwb");
const READS = Number(process.env.READS ?? 200);
const latencyMs = Number(process.env.LATENCY_MS ?? 0);
const standIn = await startStandInProcess({ files: { "sine2.nwb": FILE }, latencyMs });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const page = await browser.newPage();
// A page of another origin than the file host's, as the app is (served here: Playwright's request interception would
// stand between the worker and the network).
const server = createServer((_req, res) => res.end("<!doctype html><title>bench</title>"));
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);

const worker = `
const READ = 64 * 1024, SPAN = 3_000_000 - READ;
const at = (i) => (i * READ * 7) % SPAN;
onmessage = async ({ data: { url, reads } }) => {
  const out = {};
  const sync = (i) => {
    const x = new XMLHttpRequest();
    x.open("GET", url, false);
    x.responseType = "arraybuffer";
    x.setRequestHeader("Range", "bytes=" + at(i) + "-" + (at(i) + READ - 1));
    x.send();
    if (x.status !== 206 || x.response.byteLength !== READ) throw new Error("bad answer " + x.status);
  };
  const async_ = async (i) => {
    const r = await fetch(url, { headers: { Range: "bytes=" + at(i) + "-" + (at(i) + READ - 1) }, credentials: "omit" });
    if (r.status !== 206 || (await r.arrayBuffer()).byteLength !== READ) throw new Error("bad answer " + r.status);
  };
  for (const round of [0, 1]) {
    sync(0); await async_(0);
    let t = performance.now();
    for (let i = 0; i < reads; i++) await async_(i);
    out["async fetch (floor) " + round] = (performance.now() - t) / reads;
    t = performance.now();
    for (let i = 0; i < reads; i++) sync(i);
    out["sync XHR (chosen) " + round] = (performance.now() - t) / reads;
  }
  postMessage(out);
};`;

const result = await page.evaluate(
  ({ code, url, reads }) =>
    new Promise<Record<string, number>>((resolve, reject) => {
      const w = new Worker(URL.createObjectURL(new Blob([code], { type: "text/javascript" })));
      w.onmessage = (e) => resolve(e.data as Record<string, number>);
      w.onerror = (e) => reject(new Error(e.message));
      w.postMessage({ url, reads });
    }),
  { code: worker, url: standIn.url("sine2.nwb"), reads: READS },
);
process.stdout.write(`64 KiB range reads in a Chromium worker, ${READS} each, latency ${latencyMs} ms (two rounds):\n`);
for (const [way, ms] of Object.entries(result)) process.stdout.write(`${way.padEnd(28)} ${ms.toFixed(2)} ms a read\n`);
await browser.close();
server.close();
standIn.close();
process.exit(0);
