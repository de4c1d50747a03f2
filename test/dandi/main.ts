// The stand-in in a process of its own (process.ts starts it): a test that reads synchronously blocks its own
// thread, which must not be the one serving the bytes. Options come as JSON in argv; the parent sends
// { id, inject } or { id, requests } and gets { id, … } back.
import { startStandIn, type StandInOptions } from "./stand-in";
import type { Fault } from "./file-host";

const options = JSON.parse(process.argv[2] ?? "{}") as StandInOptions;
const standIn = await startStandIn(options);
process.on("message", (m: { id: number; inject?: Fault[]; every?: number; requests?: true; reset?: true }) => {
  if (m.inject) standIn.inject(...m.inject);
  if (m.every) standIn.host.faultEvery = m.every;
  if (m.reset) {
    standIn.requests.clear();
    standIn.host.rangeRequests = 0;
  }
  process.send!({
    id: m.id,
    requests: Object.fromEntries(standIn.requests),
    rangeRequests: standIn.host.rangeRequests,
    faultsLeft: standIn.host.faults.length,
  });
});
process.send!({ ready: { api: standIn.api, files: standIn.files } });
