import type { EncodeChunk, Encoded } from "../core/convert/convert";
import type { FromPoolWorker, InflateJob, EncodeJob } from "./gzip-worker";

/**
 * Encoding and gzip are the CPU-heavy stage, so they run in a pool of workers sized to the machine, beside the
 * HDF5 worker that reads, decodes and writes the zip: on two cores, two threads busy instead of one. The pool
 * starts with a conversion (a worker takes ~0.3–0.7 s to start, as long as the first block takes to decode,
 * which is when the pool has nothing else to do) and stops when conversions are over, so an opened set that
 * converts nothing costs no encoding workers; it goes with the HDF5 worker that owns it.
 */
export interface EncodePool {
  /** Encodes with at most `size` workers at once. */
  encoder(size: number): EncodeChunk;
  /**
   * Inflates (or Blosc-decodes) a chunk in a pool worker while no chunk file waits for one and the worker has fewer
   * than a few chunks queued; otherwise returns null and the caller decodes it itself.
   */
  decodeOrNull(
    kind: InflateJob["kind"],
    data: Uint8Array,
    into?: Uint8Array,
    size?: number,
    wanted?: number,
  ): Promise<Uint8Array> | null;
  /** Starts workers up to `size` now, so they are ready when work comes. */
  warm(size: number): void;
  /** Stops every worker unless one has work; the next `encoder` or `warm` starts them again. */
  stopIdle(): void;
}

/**
 * Inflates queued per worker. The HDF5 worker takes in the pool's answers only between its own reads and
 * inflates (seen: answers 20–60 ms after a 5 ms inflate), so a worker gets several at a time to stay busy.
 */
const INFLATES_QUEUED = 6;

export function encodePool(): EncodePool {
  const workers: Worker[] = [];
  /** Started workers with no encode job (a worker joins when it says it is ready). */
  const idle: Worker[] = [];
  const waiting: { resolve: (w: Worker) => void; reject: (e: Error) => void }[] = [];
  const pending = new Map<number, { resolve: (r: FromPoolWorker) => void; reject: (e: Error) => void }>();
  /** Inflates queued in each worker that said it is ready. */
  const inflates = new Map<Worker, number>();
  let nextId = 0;
  let encoding = 0;
  const slots: (() => void)[] = [];
  /** Set when a worker fails before it is ready (its script cannot load here): no worker will do better. */
  let broken: Error | null = null;

  const release = (w: Worker) => {
    const next = waiting.shift();
    if (next) next.resolve(w);
    else idle.push(w);
  };
  const spawn = () => {
    const w = new Worker(new URL("./gzip-worker.ts", import.meta.url), { type: "module", name: "encode" });
    w.onmessage = (e: MessageEvent<FromPoolWorker>) => {
      const m = e.data;
      if (m.kind === "ready") {
        inflates.set(w, 0);
        return release(w);
      }
      pending.get(m.id)?.resolve(m);
      pending.delete(m.id);
      if (m.kind === "inflated" || (m.kind === "failed" && m.inflate)) inflates.set(w, inflates.get(w)! - 1);
      else release(w);
    };
    w.onerror = (e) => {
      // The jobs under way fail (and with them their conversion). A worker that was running is replaced for the
      // next ones; one that never started means none will, and whoever waits for a worker is told so.
      const failure = new Error(`an encoding worker failed: ${e.message || "it could not start"}`);
      for (const p of pending.values()) p.reject(failure);
      pending.clear();
      w.terminate();
      workers.splice(workers.indexOf(w), 1);
      if (idle.includes(w)) idle.splice(idle.indexOf(w), 1);
      if (inflates.delete(w)) return spawn();
      broken = failure;
      for (const x of waiting.splice(0)) x.reject(failure);
    };
    workers.push(w);
  };
  const warm = (size: number) => {
    while (!broken && workers.length < size) spawn();
  };
  const acquire = (): Promise<Worker> => {
    if (broken) return Promise.reject(broken);
    const w = idle.pop();
    return w ? Promise.resolve(w) : new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
  const run = (w: Worker, job: EncodeJob | InflateJob, transfer: Transferable[]): Promise<FromPoolWorker> => {
    return new Promise((resolve, reject) => {
      pending.set(job.id, { resolve, reject });
      w.postMessage(job, transfer);
    });
  };

  return {
    warm,
    stopIdle() {
      if (pending.size || encoding || waiting.length) return;
      for (const w of workers) w.terminate();
      workers.length = 0;
      idle.length = 0;
      inflates.clear();
    },
    encoder(size) {
      warm(size);
      return async (spec, level, room = 0, into): Promise<Encoded> => {
        // At most `size` at once, whatever the pool holds (a level-1 conversion may have started more).
        while (encoding >= size) await new Promise<void>((resolve) => slots.push(resolve));
        encoding++;
        try {
          const w = await acquire();
          const job: EncodeJob = {
            kind: "encode",
            id: nextId++,
            src: spec.src,
            scale: spec.scale,
            offset: spec.offset,
            unit: spec.unit,
            level,
            room,
            into,
          };
          const transfer = [spec.src.buffer as ArrayBuffer];
          if (into) transfer.push(into);
          const done = answer(await run(w, job, transfer), "encoded");
          return { gz: done.gz, crc: done.memberCrc, src: done.src, room };
        } finally {
          encoding--;
          slots.shift()?.();
        }
      };
    },
    decodeOrNull(kind, data, into, size, wanted) {
      if (waiting.length) return null;
      let w: Worker | undefined;
      for (const [worker, queued] of inflates)
        if (queued < INFLATES_QUEUED && (!w || queued < inflates.get(w)!)) w = worker;
      if (!w) return null;
      inflates.set(w, inflates.get(w)! + 1);
      // The chunk's bytes move to the worker and its output comes back in `into`'s buffer (or a new one).
      const job: InflateJob = { kind, id: nextId++, data, into, size, wanted };
      const transfer: Transferable[] = [data.buffer as ArrayBuffer];
      if (into && into.buffer !== data.buffer) transfer.push(into.buffer as ArrayBuffer);
      return run(w, job, transfer).then((done) => answer(done, "inflated").out);
    },
  };
}

/** A worker's answer of the kind asked for; its failure, or any other answer, as an error. */
function answer<K extends FromPoolWorker["kind"]>(done: FromPoolWorker, kind: K): Extract<FromPoolWorker, { kind: K }> {
  if (done.kind === "failed") throw new Error(done.message);
  if (done.kind !== kind) throw new Error("an encoding worker gave an unexpected answer");
  return done as Extract<FromPoolWorker, { kind: K }>;
}

/**
 * Workers for a conversion: one core is left to the HDF5 worker, the service worker and the browser's download.
 * At levels 1–9 a worker per core was the rule while fflate compressed; flate2 (deflate-wasm.ts) compresses 3–5×
 * faster, and on 2 cores a second worker bought A384 at level 1 8.2–9.1 s instead of 11.0–11.7 s but raised the
 * browser's peak PSS sum from 894–945 to 940–1,000 MB, against a 1 GB budget (bench/README.md).
 */
export function poolSize(): number {
  const cores = navigator.hardwareConcurrency || 2;
  return Math.max(1, cores - 1);
}
