/// <reference lib="webworker" />
import { gzipSync } from "fflate";

/** One gzip job per message; the input buffer comes in transferred and the output goes back transferred. */
self.onmessage = (event: MessageEvent<{ id: number; data: Uint8Array; level: number }>) => {
  const { id, data, level } = event.data;
  const out = gzipSync(data, { level: level as 1, mtime: 0 });
  (self as unknown as Worker).postMessage({ id, out }, [out.buffer]);
};
