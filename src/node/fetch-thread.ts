/**
 * The thread that answers the HDF5 thread's synchronous range reads (sync-fetch.ts): it fetches asynchronously
 * and wakes the caller, which waits on a shared word (Atomics.wait) and takes the reply from its port.
 */
import { parentPort, type MessagePort } from "node:worker_threads";
import { rangeFetcher, type RangeFetcher } from "../core/remote/range-fetcher";

export interface FetchJob {
  url: string;
  start: number;
  end: number;
  /** Int32Array over it: [0] goes 0 → 1 when the reply is on `reply`. */
  signal: SharedArrayBuffer;
  reply: MessagePort;
  retries?: number;
  backoffMs?: number;
}
export type FetchReply = { bytes: Uint8Array } | { message: string };

const fetchers = new Map<string, RangeFetcher>();

parentPort!.on("message", async (job: FetchJob) => {
  let fetcher = fetchers.get(job.url);
  if (!fetcher) {
    fetcher = rangeFetcher(job.url, { fetch, retries: job.retries, backoffMs: job.backoffMs });
    fetchers.set(job.url, fetcher);
  }
  let reply: FetchReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const bytes = await fetcher.fetchRange(job.start, job.end);
    reply = { bytes };
    transfer.push(bytes.buffer as ArrayBuffer);
  } catch (e) {
    reply = { message: e instanceof Error ? e.message : String(e) };
  }
  job.reply.postMessage(reply, transfer);
  job.reply.close();
  const word = new Int32Array(job.signal);
  Atomics.store(word, 0, 1);
  Atomics.notify(word, 0);
});
