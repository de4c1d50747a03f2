import { proxy, transfer, wrap, type Remote } from "comlink";
import type { WorkerApi } from "../worker/api";

/**
 * The page's handle on the HDF5 worker: started lazily, replaced when it
 * dies (a WebAssembly abort leaves h5wasm unusable), with a callback so
 * the app can tell the user and reopen the files.
 */
let worker: Worker | null = null;
let remote: Remote<WorkerApi> | null = null;
let onRestart: ((reason: string) => void) | null = null;

export function setRestartHandler(handler: (reason: string) => void): void {
  onRestart = handler;
}

export function hdf5(): Remote<WorkerApi> {
  if (!remote) {
    worker = new Worker(new URL("../worker/entry.ts", import.meta.url), { type: "module", name: "hdf5" });
    worker.addEventListener("error", (e) => restart(e.message || "the worker stopped"));
    remote = wrap<WorkerApi>(worker);
  }
  return remote;
}

function restart(reason: string): void {
  worker?.terminate();
  worker = null;
  remote = null;
  onRestart?.(reason);
}

/** Runs a worker call; a crash of the worker replaces it and rethrows a plain error. */
export async function call<T>(fn: (api: Remote<WorkerApi>) => Promise<T>): Promise<T> {
  try {
    return await fn(hdf5());
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    if ((e instanceof Error && e.name === "RuntimeError") || /Aborted\(|RuntimeError|unreachable/.test(text)) {
      restart(text);
      throw new Error(`The HDF5 engine crashed (${text.split("\n")[0]}) and was restarted.`, { cause: e });
    }
    throw e;
  }
}

export { proxy, transfer };
