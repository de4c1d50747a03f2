/**
 * The CLI's HDF5 thread: runs one command and reports back. HDF5 can loop
 * forever inside a synchronous call on a damaged file, which no JavaScript
 * can interrupt, so the main thread watches a heartbeat (watchdog.ts) and
 * terminates this thread when it stops.
 */
import { parentPort, workerData } from "node:worker_threads";
import { describeFailure, isHdf5Stack, plainMessage } from "../core/hdf5/hdf5-error";
import { convertCommand, describeSummary } from "./convert-command";
import { inspectCommand } from "./inspect-command";
import { inputName } from "./remote-inputs";
import { tablesCommand } from "./tables-command";
import {
  BEAT,
  GRACE,
  PHASE,
  READING_SAMPLES,
  READING_STRUCTURE,
  type Job,
  type MainMessage,
  type WorkerMessage,
} from "./job";
import type { ReadWatch } from "./reading";
import { describeUploadLine, uploadCommand } from "./upload-command";
import { whileWaiting } from "../node/sync-fetch";

const { job, beats } = workerData as { job: Job; beats: SharedArrayBuffer };
const slots = new Int32Array(beats);
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

/** Ticks while the event loop turns: it stops exactly when a synchronous call (HDF5 in WebAssembly) does not return. */
const beat = () => Atomics.add(slots, BEAT, 1);
beat();
const heartbeat = setInterval(beat, 100);
// A synchronous read of a remote file waiting for the network is progress too (sync-fetch.ts).
whileWaiting(beat);

/**
 * A synchronous read of many samples may rightly take a while: it is granted
 * a second per 4 MB on top of the deadline (h5wasm decodes well over
 * 50 MB/s; a read slower than this is not making progress).
 */
const MIN_READ_RATE = 4e6;
const watch: ReadWatch = {
  reading(bytes) {
    Atomics.store(slots, PHASE, READING_SAMPLES);
    Atomics.store(slots, GRACE, Math.ceil(bytes / MIN_READ_RATE));
    beat();
  },
  done() {
    Atomics.store(slots, GRACE, 0);
    Atomics.store(slots, PHASE, READING_STRUCTURE);
    beat();
  },
};

/** Stdout bytes go to the main thread one block at a time: the next waits until the last is written. */
const waiting: (() => void)[] = [];
function writeOut(bytes: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (!waiting.length) parentPort!.on("message", written);
    waiting.push(resolve);
    post({ kind: "output", bytes });
  });
}
function written(m: MainMessage) {
  if (m.kind !== "written") return;
  waiting.shift()?.();
  if (!waiting.length) parentPort!.off("message", written);
}

/** The file a `tables` job reads now (its base name): a failure that does not name its file is put on this one. */
let reading = "";

async function run(job: Job): Promise<{ stdout: string; code: number }> {
  const onProgress = "progress" in job && job.progress ? (text: string) => post({ kind: "progress", text }) : undefined;
  if (job.command === "inspect") return { stdout: await inspectCommand(job.files, job.json, job.names), code: 0 };
  if (job.command === "tables") {
    await tablesCommand(job, {
      onFile: (name) => {
        if (name !== reading) post({ kind: "file", name: (reading = name) });
      },
      write: writeOut,
      warn: (line) => post({ kind: "warning", line }),
      onProgress,
      onWriting: (path) => post({ kind: "writing", path }),
      watch,
    });
    return { stdout: "", code: 0 };
  }
  if (job.command === "convert") {
    const summary = await convertCommand({
      ...job,
      onProgress,
      onWriting: (path) => post({ kind: "writing", path }),
      watch,
    });
    return { stdout: describeSummary(summary, inputName(job.files[0]!, job.names)) + "\n", code: 0 };
  }
  const report = await uploadCommand({ ...job, onProgress, watch });
  return {
    stdout: describeUploadLine(inputName(job.files[0]!, job.names), report) + "\n",
    code: report.failed.length ? 1 : 0,
  };
}

/**
 * The commands name the file at fault; an HDF5 stack that got past them still becomes one line naming the file
 * being read (a `tables` job reads several), or the main file.
 */
function failureLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return isHdf5Stack(text) ? describeFailure(e, reading || inputName(job.files[0]!, job.names)) : plainMessage(e);
}

run(job)
  .then(
    (r) => post({ kind: "done", ...r }),
    (e: unknown) => post({ kind: "failed", line: failureLine(e) }),
  )
  .finally(() => clearInterval(heartbeat));
