/**
 * What the CLI's main thread asks of its HDF5 worker thread, and what comes
 * back. Plain data only: it crosses threads by structured clone.
 */
import type { ConvertArgs } from "./convert-command";
import type { TablesArgs } from "./tables-args";
import type { UploadArgs } from "./upload-command";

/** What the worker thread's own hooks (progress, files written, the read watch) are made from, not sent. */
type Hooks = "onProgress" | "onWriting" | "watch" | "readPath" | "baseDelayMs";

export type Job =
  | ({ command: "convert"; progress: boolean } & Omit<ConvertArgs, Hooks>)
  | { command: "inspect"; files: string[]; names?: Record<string, string>; json: boolean }
  | ({ command: "upload"; progress: boolean } & Omit<UploadArgs, Hooks>)
  | ({ command: "tables"; progress: boolean } & TablesArgs);

export type WorkerMessage =
  /** A progress line for stderr (only when the main thread asked for progress). */
  | { kind: "progress"; text: string }
  /** A file is about to be written: removed again if the worker has to be stopped. */
  | { kind: "writing"; path: string }
  /** Bytes for stdout, written as they come (a table may be far bigger than memory); answered by `written`. */
  | { kind: "output"; bytes: Uint8Array }
  /** The file the worker reads from now on: the one named if the HDF5 library stops responding. */
  | { kind: "file"; name: string }
  /** A warning line for stderr. */
  | { kind: "warning"; line: string }
  /** The command ended: what to print on stdout and the exit code. */
  | { kind: "done"; stdout: string; code: number }
  /** The command failed: one line, naming the file where a file is at fault. */
  | { kind: "failed"; line: string };

/**
 * Slots of the shared Int32Array the worker writes and the main thread
 * watches: a beat count (any change is progress), extra seconds granted to
 * the synchronous read under way (a large block of samples), and the phase.
 */
export const BEAT = 0;
export const GRACE = 1;
export const PHASE = 2;
export const SLOTS = 3;

/** PHASE values: what the worker is doing, for the message if it stops responding. */
export const READING_STRUCTURE = 0;
export const READING_SAMPLES = 1;

/** What the main thread tells the worker: the last `output` is out, the next may come (the pipe sets the pace). */
export type MainMessage = { kind: "written" };
