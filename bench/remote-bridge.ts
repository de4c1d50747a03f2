// How HDF5's synchronous reads of a remote file can be answered in Node, measured on 64 KiB range reads from the
// DANDI stand-in on this machine (no latency added: what each way adds per read, on top of the network):
//   node --import tsx bench/remote-bridge.ts
// - async fetch alone (the floor; HDF5 cannot use it: its reads must return synchronously);
// - the fetch thread behind SharedArrayBuffer + Atomics.wait (src/node/sync-fetch.ts, the one chosen);
// - a process per read (curl through execFileSync), the other way to block on a network read.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { syncRangeReader } from "../src/node/sync-fetch";
import { startStandInProcess } from "../test/dandi/process";

const FILE = join(import.meta.dirname, "..", "test", "fixtures", "nwb", "sine2.nwb");
const READ = 64 * 1024;
const standIn = await startStandInProcess({ files: { "sine2.nwb": FILE } });
const url = standIn.url("sine2.nwb");

async function time(label: string, n: number, read: (at: number) => unknown) {
  await read(0); // warm: the thread started, the connection open
  const t = performance.now();
  for (let i = 0; i < n; i++) await read((i * READ * 7) % (3_000_000 - READ));
  const ms = (performance.now() - t) / n;
  process.stdout.write(`${label.padEnd(44)} ${ms.toFixed(2)} ms a read (${n} reads)\n`);
}

await time("async fetch (floor)", 200, async (at) => {
  const r = await fetch(url, { headers: { Range: `bytes=${at}-${at + READ - 1}` } });
  return new Uint8Array(await r.arrayBuffer());
});
const bridge = syncRangeReader(url);
await time("fetch thread + Atomics.wait (chosen)", 200, (at) => bridge(at, at + READ));
await time("a process per read (curl, execFileSync)", 20, (at) =>
  execFileSync("curl", ["-s", "-r", `${at}-${at + READ - 1}`, url], { encoding: "buffer" }),
);
standIn.close();
process.exit(0);
