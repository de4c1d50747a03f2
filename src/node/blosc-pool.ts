import { Worker } from "node:worker_threads";
import type { ChunkDecode } from "../core/direct/direct-reader";

/** A stored Blosc chunk (transferred), with a buffer for the output if the caller has one (transferred too). */
export interface BloscJob {
  id: number;
  data: Uint8Array;
  into?: Uint8Array;
  size?: number;
}
/** The decoded chunk, and the stored one's buffer handed back for the next read (when it is not the output's). */
export type BloscReply = { id: number; out: Uint8Array; data?: Uint8Array } | { id: number; message: string };

/** Where the thread's code is: beside the bundle, or (running the sources through tsx) a bootstrap that registers tsx. */
function workerUrl(): URL {
  const fromSources = import.meta.url.endsWith(".ts");
  return new URL(fromSources ? "./blosc-worker-tsx.mjs" : "./blosc-worker.mjs", import.meta.url);
}

/**
 * Blosc chunks decoded in worker threads, so that decoding (WebAssembly zstd, ~600 MB/s a thread) runs beside
 * the HDF5 thread's encoding and writing instead of taking turns with it. Threads start with the first chunk and
 * hold the process open only while they have work. A thread that fails fails its chunks (their conversion names
 * the chunk) and is replaced for the next ones.
 */
export function bloscPool(threadsMost: number): ChunkDecode {
  const threads: { worker: Worker; pending: Map<number, (r: BloscReply | Error) => void> }[] = [];
  let nextId = 0;
  const start = () => {
    const worker = new Worker(workerUrl());
    const thread = { worker, pending: new Map<number, (r: BloscReply | Error) => void>() };
    worker.unref();
    const fail = (e: Error) => {
      const at = threads.indexOf(thread);
      if (at < 0) return; // failed already (an error, then its exit)
      threads.splice(at, 1);
      for (const settle of thread.pending.values()) settle(e);
      thread.pending.clear();
      void worker.terminate();
    };
    worker.on("message", (r: BloscReply) => {
      thread.pending.get(r.id)?.(r);
      thread.pending.delete(r.id);
      if (thread.pending.size === 0) worker.unref();
    });
    worker.on("error", (e: Error) => fail(new Error(`a Blosc thread failed: ${e.message}`)));
    worker.on("exit", (code) => {
      if (threads.includes(thread)) fail(new Error(`a Blosc thread stopped (exit code ${code})`));
    });
    threads.push(thread);
    return thread;
  };
  return (data, into, size, _wanted, spent) => {
    // The least busy thread, or a new one while there are fewer than `threadsMost`.
    let thread = threads.reduce<(typeof threads)[number] | undefined>(
      (best, t) => (!best || t.pending.size < best.pending.size ? t : best),
      undefined,
    );
    if (!thread || (thread.pending.size > 0 && threads.length < threadsMost)) thread = start();
    const id = nextId++;
    const job: BloscJob = { id, data, into, size };
    const transfer = [data.buffer as ArrayBuffer];
    if (into && into.buffer !== data.buffer) transfer.push(into.buffer as ArrayBuffer);
    const { worker, pending } = thread;
    return new Promise<Uint8Array>((resolve, reject) => {
      pending.set(id, (r) => {
        if (r instanceof Error) reject(r);
        else if ("message" in r) reject(new Error(r.message));
        else {
          if (r.data && spent) spent(r.data.buffer as ArrayBuffer);
          resolve(r.out);
        }
      });
      worker.ref();
      try {
        worker.postMessage(job, transfer);
      } catch (e) {
        // Not sent (e.g. a buffer already moved elsewhere): nothing will answer, so the thread must not wait for it.
        pending.delete(id);
        if (pending.size === 0) worker.unref();
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  };
}

/**
 * Threads for the CLI's Blosc chunks. One decodes ~600 MB/s, several times what the encoding and writing after it
 * take in; on two cores a second measured no faster (NeuroConv + Blosc layout, 600,000 × 384 int16: medians 11.4 s
 * with one, 13.8 s with two, loaded machine) and held ~45 MB more (its own WebAssembly memory).
 */
export const BLOSC_THREADS = Number(process.env.NWB2PENNSIEVE_BLOSC_THREADS) || 1;

/** The CLI's Blosc decoder. */
export const nodeBlosc: ChunkDecode = bloscPool(BLOSC_THREADS);
