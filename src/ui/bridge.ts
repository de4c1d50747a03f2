import { proxy, transfer, wrap, type Remote } from "comlink";
import type { WorkerApi } from "../worker/api";
import { COMPILED, type CompiledMessage } from "../worker/compiled";
import { NETWORK_READ_MS, NETWORK_WAIT, type NetworkWait } from "../worker/network-wait";

/**
 * The page's handles on its HDF5 workers: one per opened set, so that a file on which the HDF5 library loops
 * (it can, on damaged files, and never returns) takes only its own worker with it. Every call is watched: a
 * call that shows no sign of life within the deadline abandons the set's worker (terminated, with its encode
 * pool), and the store is told so it can say which file could not be read.
 */

/** How long a call may go without a sign of life; `?watchdog=<seconds>` changes it (tests). */
export const DEADLINE_MS = deadlineFromAddress() ?? 20_000;
/** How often a worker running a conversion or upload is asked whether its event loop still turns. */
const PING_MS = 1_000;

/**
 * "metadata": opening, children, attributes, outputs, preview; "stream": a conversion or upload, which may run
 * for hours. Either way, while a call is under way the worker must answer a ping within the deadline (a worker
 * stuck inside WebAssembly cannot; one with calls queued, or fetching its WebAssembly, answers between them), and
 * a stream's progress reports (bytes delivered, see `alive`) count as answers too. The kind says what the worker
 * was doing when it stopped answering.
 */
export type CallKind = "metadata" | "stream";

/** Why a set's worker went by itself: the deadline passed during a call of this kind, or it crashed. */
export type StopReason = { stuck: CallKind } | { crashed: string };

interface Call {
  kind: CallKind;
  started: number;
  reject(e: Error): void;
}

interface SetWorker {
  worker: Worker;
  remote: Remote<WorkerApi>;
  calls: Set<Call>;
  /** When the worker last answered a ping or reported progress. */
  lastSign: number;
  /** When the ping not yet answered was sent, or null. */
  pingSent: number | null;
  /** Since when the worker has been blocked in a network read of a file opened by URL (network-wait.ts), or null. */
  networkSince: number | null;
  timer: ReturnType<typeof setInterval> | undefined;
}

const workers = new Map<number, SetWorker>();
/** h5wasm's compiled module, kept for the next workers while no file is open (worker/compiled.ts). */
let compiled: WebAssembly.Module | undefined;
let onStop: (setId: number, reason: StopReason) => void = () => undefined;

/** The store's handler for a worker that went without being asked to (stuck or crashed). */
export function setStopHandler(handler: (setId: number, reason: StopReason) => void): void {
  onStop = handler;
}

/** h5wasm's compiled module as the page keeps it, once a worker has handed it over. */
export const compiledModule = (): WebAssembly.Module | undefined => compiled;

/** Starts a fresh worker for the set (stopping any it had). */
export function startSetWorker(setId: number): void {
  stopSetWorker(setId, "the files were reopened");
  const worker = new Worker(new URL("../worker/entry.ts", import.meta.url), { type: "module", name: `hdf5-${setId}` });
  const w: SetWorker = {
    worker,
    remote: wrap<WorkerApi>(worker),
    calls: new Set(),
    lastSign: performance.now(),
    pingSent: null,
    networkSince: null,
    timer: undefined,
  };
  worker.addEventListener("error", (e) => abandon(setId, w, { crashed: e.message || "the worker stopped" }));
  worker.addEventListener("message", (e: MessageEvent<Partial<NetworkWait & CompiledMessage> | null>) => {
    const module = e.data?.[COMPILED];
    if (module instanceof WebAssembly.Module) compiled ??= module;
    const waiting = e.data?.[NETWORK_WAIT];
    if (waiting === undefined) return;
    w.lastSign = performance.now();
    w.networkSince = waiting ? w.lastSign : null;
  });
  workers.set(setId, w);
}

/** Terminates the set's worker (and its encode pool); its calls under way fail with `reason`. */
export function stopSetWorker(setId: number, reason: string): void {
  const w = workers.get(setId);
  if (w) end(setId, w, Object.assign(new Error(reason), { name: STOPPED }));
}

const STOPPED = "SetWorkerStopped";
/** True for the failure of a call whose worker the page stopped (closed, reopened, cancelled). */
export const stoppedByPage = (e: unknown) => e instanceof Error && e.name === STOPPED;

/** Counts as a sign of life of the set's worker: a progress report of a conversion or upload. */
export function alive(setId: number): void {
  const w = workers.get(setId);
  if (w) w.lastSign = performance.now();
}

/** Runs a call in the set's worker, under the watchdog; a crash of the worker becomes a plain error. */
export function call<T>(
  setId: number,
  fn: (api: Remote<WorkerApi>) => Promise<T>,
  kind: CallKind = "metadata",
): Promise<T> {
  const w = workers.get(setId);
  if (!w) return Promise.reject(new Error("these files are closed; open them again"));
  return new Promise<T>((resolve, reject) => {
    const c: Call = { kind, started: performance.now(), reject };
    w.calls.add(c);
    if (w.calls.size === 1) w.lastSign = c.started;
    watch(setId, w);
    // A throw while comlink prepares the call (before any promise) must end the call too, not leave it watched.
    Promise.resolve()
      .then(() => fn(w.remote))
      .then(resolve, (e: unknown) => {
        const text = e instanceof Error ? e.message : String(e);
        // A WebAssembly trap or abort, not any message that happens to hold such words (a dataset name may).
        if ((e instanceof Error && e.name === "RuntimeError") || /^(Aborted\(|RuntimeError\b)/.test(text)) {
          abandon(setId, w, { crashed: text.split("\n")[0] });
          reject(new Error(`The HDF5 engine crashed (${text.split("\n")[0]}).`, { cause: e }));
        } else reject(e);
      })
      .finally(() => {
        w.calls.delete(c);
        if (w.calls.size === 0) unwatch(w);
      });
  });
}

/** While calls are under way: once a second, checks the deadlines and pings a worker that runs a stream. */
function watch(setId: number, w: SetWorker): void {
  w.timer ??= setInterval(
    () => {
      const now = performance.now();
      // Judged by a ping left unanswered, not by the time since the last answer: in a hidden tab the browser may
      // run this timer once a minute, and a worker that answers every ping it gets must not look stuck.
      if (w.pingSent !== null) {
        // A worker blocked in a network read is waiting on a slow link, not stuck: the read times out on its own.
        const onNetwork = w.networkSince !== null && now - w.networkSince < NETWORK_READ_MS + DEADLINE_MS;
        if (now - w.pingSent > DEADLINE_MS && now - w.lastSign > DEADLINE_MS && !onNetwork) {
          const kind = [...w.calls].some((c) => c.kind === "stream") ? "stream" : "metadata";
          abandon(setId, w, { stuck: kind });
        }
        return;
      }
      w.pingSent = now;
      void w.remote.ping().then(() => {
        w.pingSent = null;
        w.lastSign = performance.now();
      });
    },
    Math.min(PING_MS, DEADLINE_MS / 2),
  );
}

function unwatch(w: SetWorker): void {
  clearInterval(w.timer);
  w.timer = undefined;
}

function abandon(setId: number, w: SetWorker, reason: StopReason): void {
  if (workers.get(setId) !== w) return;
  const text =
    "stuck" in reason ? "the HDF5 library stopped responding" : `the HDF5 engine crashed (${reason.crashed})`;
  end(setId, w, new Error(text));
  onStop(setId, reason);
}

function end(setId: number, w: SetWorker, error: Error): void {
  unwatch(w);
  w.worker.terminate();
  if (workers.get(setId) === w) workers.delete(setId);
  for (const c of w.calls) c.reject(error);
  w.calls.clear();
}

function deadlineFromAddress(): number | undefined {
  const seconds = Number(new URLSearchParams(globalThis.location?.search ?? "").get("watchdog"));
  return seconds > 0 ? seconds * 1000 : undefined;
}

export { proxy, transfer };
