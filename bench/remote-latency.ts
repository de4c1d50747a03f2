// Time to the series list of files read over a shaped link (50 ms per answer, 100 MB/s), and the requests it
// takes: `inspect` (tree, metadata, series) through the real CLI against the DANDI stand-in.
//   node --import tsx bench/remote-latency.ts [file.nwb …]   (default: a few of test/fixtures/nwb)
import { spawnSync } from "node:child_process";
import { basename, join } from "node:path";
import { startStandInProcess } from "../test/dandi/process";

const ROOT = join(import.meta.dirname, "..");
const files = process.argv.slice(2);
if (!files.length)
  for (const f of ["sine2.nwb", "intan32.nwb", "subset6.nwb"]) files.push(join(ROOT, "test/fixtures/nwb", f));
const standIn = await startStandInProcess({
  files: Object.fromEntries(files.map((f) => [basename(f), f])),
  latencyMs: 50,
  bytesPerSecond: 100e6,
});
for (const file of files) {
  await standIn.reset();
  const t = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, "bin/nwb2pennsieve.mjs"), "inspect", standIn.url(basename(file))]);
  const s = (performance.now() - t) / 1000;
  const { rangeRequests } = await standIn.state();
  // The same on disk: start-up and HDF5's own work, which the link adds to.
  const t0 = performance.now();
  spawnSync(process.execPath, [join(ROOT, "bin/nwb2pennsieve.mjs"), "inspect", file]);
  const local = (performance.now() - t0) / 1000;
  const line = `${basename(file).padEnd(20)} exit ${r.status}  ${s.toFixed(2)} s (on disk ${local.toFixed(2)} s)`;
  process.stdout.write(`${line}  ${rangeRequests} range requests\n`);
}
standIn.close();
