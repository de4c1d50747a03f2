import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { FetchJob, FetchReply } from "./fetch-thread";

/** Where the thread's code is: beside the bundle, or (running the sources through tsx) a bootstrap that registers tsx. */
function threadUrl(): URL {
  const fromSources = import.meta.url.endsWith(".ts");
  return new URL(fromSources ? "./fetch-thread-tsx.mjs" : "./fetch-thread.mjs", import.meta.url);
}

let thread: Worker | null = null;
let onWaiting: (() => void) | null = null;

/**
 * Called four times a second while a read waits for the network. The CLI's watchdog takes it as progress: a slow
 * link (or a server being retried) is not HDF5 stuck in a damaged file, and each try has its own timeout.
 */
export function whileWaiting(hook: (() => void) | null): void {
  onWaiting = hook;
}

/**
 * Starts the fetch thread (once; it takes a few hundred ms to load) without waiting for it: a remote file's opening
 * calls it before its first read, so that the start overlaps that request rather than follows it.
 */
export function startFetchThread(): void {
  if (thread) return;
  thread = new Worker(threadUrl());
  thread.unref(); // the caller is blocked while it works, which keeps the process alive anyway
}

/** A synchronous read that waits longer than this (every retry included) is an error rather than a hang. */
const WAIT_MS = 10 * 60 * 1000;

/**
 * Blocking range reads for HDF5, which reads synchronously: the request goes to a fetch thread (started on first
 * use, shared by every remote file of the process) and this thread sleeps in Atomics.wait until the reply is on its
 * port. Chosen over the alternatives measured (bench/README.md, "Remote files"): this adds nothing measurable to a
 * read, a process per read (curl through execFileSync) ~70 ms; reading the file whole first defeats the point.
 */
export function syncRangeReader(url: string, tries?: { retries?: number; backoffMs?: number }) {
  return (start: number, end: number): Uint8Array => syncRangeReaderMany(url, tries)([[start, end]])[0]!;
}

/**
 * The same for several ranges at once: all are posted to the fetch thread, which fetches them in parallel, before
 * this thread waits for each in turn (scattered B-tree nodes in one round trip: RemoteSource.gather).
 */
export function syncRangeReaderMany(url: string, tries?: { retries?: number; backoffMs?: number }) {
  return (ranges: ReadonlyArray<readonly [start: number, end: number]>): Uint8Array[] => {
    startFetchThread();
    const posted = ranges.map(([start, end]) => {
      const signal = new SharedArrayBuffer(4);
      const { port1, port2 } = new MessageChannel();
      const job: FetchJob = { url, start, end, signal, reply: port2, ...tries };
      thread!.postMessage(job, [port2]);
      return { word: new Int32Array(signal), port: port1 };
    });
    const until = Date.now() + WAIT_MS;
    const replies = posted.map(({ word, port }) => {
      let outcome = Atomics.wait(word, 0, 0, 250);
      while (outcome === "timed-out" && Date.now() < until) {
        onWaiting?.();
        outcome = Atomics.wait(word, 0, 0, 250);
      }
      const message = receiveMessageOnPort(port)?.message as FetchReply | undefined;
      port.close();
      return message ?? { message: `${url}: no answer in ${WAIT_MS / 60000} minutes (${outcome})` };
    });
    return replies.map((reply) => {
      if ("message" in reply) throw new Error(reply.message);
      return reply.bytes;
    });
  };
}
