import type { EncodeChunk, Encoded } from "../core/convert/convert";
import type { EncodeJob } from "./gzip-worker";

/**
 * Encoding and gzip are the CPU-heavy stage, so they run in a pool of
 * workers sized to the machine, beside the HDF5 worker that reads, decodes
 * and writes the zip: on two cores, two threads busy instead of one.
 */
export function encodePool(size: number): EncodeChunk & { close(): void } {
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const waiting: ((w: Worker) => void)[] = [];
  const pending = new Map<number, { resolve: (r: Encoded) => void; reject: (e: Error) => void }>();
  let nextId = 0;

  const release = (w: Worker) => {
    const next = waiting.shift();
    if (next) next(w);
    else idle.push(w);
  };
  const spawn = () => {
    const w = new Worker(new URL("./gzip-worker.ts", import.meta.url), { type: "module", name: "encode" });
    w.onmessage = (e: MessageEvent<{ id: number; gz: Uint8Array; memberCrc?: number }>) => {
      pending.get(e.data.id)?.resolve({ gz: e.data.gz, crc: e.data.memberCrc });
      pending.delete(e.data.id);
      release(w);
    };
    w.onerror = (e) => {
      for (const p of pending.values()) p.reject(new Error(`an encoding worker failed: ${e.message}`));
      pending.clear();
    };
    workers.push(w);
    return w;
  };
  const acquire = (): Promise<Worker> => {
    const w = idle.pop() ?? (workers.length < size ? spawn() : null);
    return w ? Promise.resolve(w) : new Promise((resolve) => waiting.push(resolve));
  };

  const encode = (async (spec, level) => {
    const w = await acquire();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      const job: EncodeJob = { id, src: spec.src, scale: spec.scale, offset: spec.offset, unit: spec.unit, level };
      w.postMessage(job, [spec.src.buffer as ArrayBuffer]);
    });
  }) as EncodeChunk & { close(): void };
  encode.close = () => {
    for (const w of workers) w.terminate();
  };
  return encode;
}

/**
 * Workers for a conversion at this gzip level: at level 0 encoding is light and the HDF5 worker has its own
 * share of the cores; at level 1 and up compression is nearly all the work, so every core compresses.
 */
export function poolSize(level: number): number {
  const cores = navigator.hardwareConcurrency || 2;
  return level > 0 ? Math.max(1, cores) : Math.max(1, cores - 1);
}
