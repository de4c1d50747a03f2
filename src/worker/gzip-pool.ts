import { pageGzip, type Gzip } from "../core/convert/gzip";
import { crc32 } from "../core/sink/crc32";

/**
 * Gzip at level ≥ 1 costs about 4× level 0's CPU, so it runs in a small
 * pool of workers sized to the machine; level 0 is stored framing, done
 * in place (a copy and a CRC).
 */
export function gzipPool(size = Math.max(1, (navigator.hardwareConcurrency || 2) - 1)): Gzip & { close(): void } {
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const waiting: ((w: Worker) => void)[] = [];
  const pending = new Map<number, (out: Uint8Array) => void>();
  let nextId = 0;
  const inPlace = pageGzip(crc32);

  const spawn = () => {
    const w = new Worker(new URL("./gzip-worker.ts", import.meta.url), { type: "module" });
    w.onmessage = (e: MessageEvent<{ id: number; out: Uint8Array }>) => {
      pending.get(e.data.id)?.(e.data.out);
      pending.delete(e.data.id);
      const next = waiting.shift();
      if (next) next(w);
      else idle.push(w);
    };
    workers.push(w);
    return w;
  };
  const acquire = (): Promise<Worker> => {
    const w = idle.pop() ?? (workers.length < size ? spawn() : null);
    return w ? Promise.resolve(w) : new Promise((resolve) => waiting.push(resolve));
  };

  const gzip = (async (data: Uint8Array, level: number) => {
    if (level === 0) return inPlace(data, 0);
    const w = await acquire();
    const id = nextId++;
    return new Promise<Uint8Array>((resolve) => {
      pending.set(id, resolve);
      w.postMessage({ id, data, level }, [data.buffer]);
    });
  }) as Gzip & { close(): void };
  gzip.close = () => {
    for (const w of workers) w.terminate();
  };
  return gzip;
}
