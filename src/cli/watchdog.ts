/**
 * Runs a command in the HDF5 worker thread and watches it: when its heartbeat
 * stops for longer than the deadline (plus the grace a large sample read
 * asked for), HDF5 is stuck in a call that will not return. The thread is
 * terminated, the files it was writing are removed, and one line names the file.
 */
import { rmSync } from "node:fs";
import { inputName } from "./remote-inputs";
import { Worker } from "node:worker_threads";
import { BEAT, GRACE, PHASE, READING_SAMPLES, SLOTS, type Job, type MainMessage, type WorkerMessage } from "./job";

export interface Outcome {
  stdout: string;
  code: number;
  /** One line for stderr when the command failed. */
  error?: string;
}

/** Seconds without progress before the HDF5 library is given up on; NWB2PENNSIEVE_DEADLINE_S overrides it. */
export const DEFAULT_DEADLINE_S = 20;

export function deadlineFromEnv(env: NodeJS.ProcessEnv): number {
  const text = env["NWB2PENNSIEVE_DEADLINE_S"];
  if (text === undefined || text === "") return DEFAULT_DEADLINE_S;
  const seconds = Number(text);
  if (!(seconds > 0)) throw new Error(`NWB2PENNSIEVE_DEADLINE_S must be a positive number of seconds, got "${text}"`);
  return seconds;
}

/** Where the worker's code is: beside the bundle, or (running the sources through tsx) a bootstrap that registers tsx. */
function workerUrl(): URL {
  const fromSources = import.meta.url.endsWith(".ts");
  return new URL(fromSources ? "./worker-tsx.mjs" : "./worker.mjs", import.meta.url);
}

export function runWatched(
  job: Job,
  options: {
    deadlineS: number;
    onProgress?: (text: string) => void;
    /** Stdout bytes the command streams (tables): the worker sends the next once this resolves. */
    onOutput?: (bytes: Uint8Array) => Promise<void>;
    onWarning?: (line: string) => void;
    checkEveryMs?: number;
  },
): Promise<Outcome> {
  const beats = new SharedArrayBuffer(SLOTS * 4);
  const slots = new Int32Array(beats);
  // The worker's own stdout and stderr are not passed on: Emscripten and filter plugins print there ("HDF5-DIAG…",
  // "decompressed size not the same…"), and the CLI's output is only what the command returns.
  const worker = new Worker(workerUrl(), { workerData: { job, beats }, stdout: true, stderr: true });
  worker.stdout.resume();
  worker.stderr.resume();
  const writing = new Set<string>();
  // The file being read, as the worker last told (tables reads several, one after the other).
  let file = inputName(job.files[0]!, job.names);

  return new Promise<Outcome>((resolve) => {
    let lastBeat = Atomics.load(slots, BEAT);
    let lastProgress = Date.now();
    let settled = false;
    let abandoned: string | null = null;
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearInterval(watch);
      resolve(outcome);
    };

    const watch = setInterval(() => {
      const now = Date.now();
      const beat = Atomics.load(slots, BEAT);
      // The clock starts at the first beat: loading the worker's code (slow on a busy machine) reads no file.
      if (beat !== lastBeat || beat === 0) {
        lastBeat = beat;
        lastProgress = now;
        return;
      }
      const allowed = (options.deadlineS + Atomics.load(slots, GRACE)) * 1000;
      if (now - lastProgress < allowed) return;
      const what = Atomics.load(slots, PHASE) === READING_SAMPLES ? "its samples" : "its structure";
      const quiet = Math.round((now - lastProgress) / 1000);
      // Told on "exit", once the thread is gone and can write no more.
      abandoned =
        `${file}: could not be read: the HDF5 library stopped responding while reading ${what} ` +
        `(no progress in ${quiet} s); the file is probably damaged`;
      clearInterval(watch);
      void worker.terminate();
    }, options.checkEveryMs ?? 1000);

    worker.on("message", (m: WorkerMessage) => {
      if (m.kind === "progress") options.onProgress?.(m.text);
      else if (m.kind === "writing") writing.add(m.path);
      else if (m.kind === "file") file = m.name;
      else if (m.kind === "output") {
        void (options.onOutput?.(m.bytes) ?? Promise.resolve()).then(() => {
          if (!settled) worker.postMessage({ kind: "written" } satisfies MainMessage);
        });
      } else if (m.kind === "warning") options.onWarning?.(m.line);
      else if (m.kind === "done") finish({ stdout: m.stdout, code: m.code });
      else finish({ stdout: "", code: 1, error: m.line });
    });
    worker.on("error", (e: Error) => {
      // An uncaught error or a crash of the thread (out of memory): the command cannot have finished its output.
      if (settled) return;
      removeAll(writing);
      finish({ stdout: "", code: 1, error: `${file}: could not be read: ${e.message.split("\n")[0]}` });
    });
    worker.on("exit", (code) => {
      if (settled) return;
      removeAll(writing);
      finish({
        stdout: "",
        code: 1,
        error: abandoned ?? `${file}: could not be read: the HDF5 thread stopped (exit code ${code})`,
      });
    });
  });
}

function removeAll(paths: Set<string>): void {
  for (const path of paths) rmSync(path, { force: true });
  paths.clear();
}
