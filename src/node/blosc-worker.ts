/** A thread of the CLI's Blosc pool (blosc-pool.ts): decodes the chunks it is sent, one at a time. */
import { parentPort } from "node:worker_threads";
import { decodeBloscChunk } from "../core/direct/blosc-codecs";
import type { BloscJob, BloscReply } from "./blosc-pool";

const post = (reply: BloscReply, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(reply, transfer);

parentPort!.on("message", async ({ id, data, into, size }: BloscJob) => {
  try {
    const out = await decodeBloscChunk(data, into, size);
    if (out.buffer === data.buffer) post({ id, out }, [out.buffer as ArrayBuffer]);
    else post({ id, out, data }, [out.buffer as ArrayBuffer, data.buffer as ArrayBuffer]);
  } catch (e) {
    post({ id, message: e instanceof Error ? e.message : String(e) });
  }
});
