import { create } from "zustand";
import type { Progress } from "../core/convert/convert";
import type { RemoteEntry } from "../core/remote/remote-entry";
import type { OpenedFile, SeriesOutput } from "../core/session";
import type { UploadReport } from "../core/upload/pennsieve-upload";
import type { UploadProgress } from "../core/upload/upload-sink";
import { call, proxy, setStopHandler, startSetWorker, stopSetWorker, stoppedByPage, type StopReason } from "./bridge";
import type { DownloadPath } from "./download-target";
import { panelsAfterOpen, setsWaitingFor } from "./reopen-with-added";
import { settingsSlice, withSettings, type SettingsSlice } from "./settings-slice";
import { tablesSlice, type TablesSlice } from "./tables/tables-slice";

export type ConversionState =
  | { status: "idle" }
  | { status: "running"; jobId: number; progress: Progress | null; started: number; target: string }
  | {
      status: "done";
      files: number;
      channels: number;
      bytes: number;
      seconds: number;
      path: DownloadPath;
      /** The zip's file name. */
      name: string;
    }
  | { status: "failed"; message: string }
  | { status: "cancelled" };

export type UploadState =
  | { status: "idle" }
  | { status: "running"; jobId: number; stage: string; progress: UploadProgress | null }
  /** `report`: what landed, with the files of earlier tries of the same upload counted in. */
  | { status: "done"; uploadId: number; report: UploadReport }
  | { status: "failed"; message: string }
  | { status: "cancelled" };

/**
 * One opened file. `sessionId` is the number of its set. `chunkMb` and `level`: the shared settings as they apply to
 * this file's series (NaN while the text is wrong for it); see settings-slice.ts.
 */
export interface Panel {
  key: string;
  sessionId: number;
  file: OpenedFile;
  selected: string[];
  chunkMb: number;
  level: number;
  outputs: SeriesOutput[] | null;
  conversion: ConversionState;
  upload: UploadState;
}

/** A file of a set: dropped or picked (a File), or given by URL (a RemoteEntry); each goes by its `name`. */
export type SetSource = File | RemoteEntry;

/**
 * Files opened together (a file with its external-link targets or family members): they share an HDF5 worker,
 * and have a panel each once opened. "opening": the worker reads their structure (a panel for the set shows
 * "Opening…"); "failed": the worker was abandoned (`message` says so in plain words) and the set can only close.
 * `sources` are what the worker is given again when the set is reopened (after Cancel, a crash, a file added).
 */
export interface OpenedSet {
  id: number;
  sources: SetSource[];
  state: "opening" | "open" | "failed";
  message?: string;
}

export interface Notice {
  id: number;
  text: string;
}

interface AppState extends TablesSlice, SettingsSlice {
  panels: Panel[];
  sets: OpenedSet[];
  notices: Notice[];
  openFiles(files: File[]): Promise<void>;
  /**
   * Opens files by URL as one set (family members and external-link targets are looked for beside them, on the
   * same host). A URL that cannot be read gets a panel saying why; the others open. ("Open URL…" and "Open from
   * DANDI" call this.)
   */
  openUrls(entries: RemoteEntry[]): Promise<void>;
  /**
   * Opens the set again with `sources` (the same, or with a file added) in a fresh worker: its panels keep their
   * selections, settings and last results; the worker it had (and anything running there) is stopped.
   */
  reopenSet(setId: number, sources: SetSource[]): Promise<void>;
  /** Closes a set and stops its worker, whatever state it is in. */
  closeSet(setId: number): void;
  closePanel(key: string): void;
  /**
   * Stops a conversion or upload within a second: the worker is asked, and if the job has not ended by then
   * (`running()` still true) the set's worker is stopped and the set reopened in a fresh one.
   */
  cancelJob(setId: number, jobId: number, running: () => boolean): Promise<void>;
  update(key: string, patch: Partial<Panel>): void;
  refreshOutputs(key: string): Promise<void>;
  notify(text: string): void;
  dismiss(id: number): void;
}

/**
 * How long a cancelled job may take to end before its worker is stopped. Half the second Cancel promises: stopping
 * the worker and showing "Cancelled" take the rest (measured 30–60 ms idle with 900 here, too close to the second
 * on a loaded machine; a worker inside one long HDF5 call never answers in time anyway: e2e/cancel.spec.ts).
 */
const CANCEL_MS = 500;

let nextNotice = 1;
let nextJob = 1;
let nextSet = 1;
/** Whether this page has opened files before (its first opening clears zips an earlier visit left). */
let openedBefore = false;
export const newJobId = () => nextJob++;
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** What the panel of an abandoned set says. */
export function stuckMessage(files: SetSource[], kind: "metadata" | "stream"): string {
  const names = files.map((f) => f.name).join(", ");
  const reading = kind === "stream" ? "its samples" : "its structure";
  return (
    `${names} could not be read: the HDF5 library stopped responding while reading ${reading}. ` +
    `The file is probably damaged; close it.`
  );
}

export const useApp = create<AppState>((set, get) => {
  const findSet = (id: number) => get().sets.find((s) => s.id === id);
  const patchSet = (id: number, patch: Partial<OpenedSet>) =>
    set((s) => ({ sets: s.sets.map((x) => (x.id === id ? { ...x, ...patch } : x)) }));

  /** Opens `files` as the set `id` in a fresh worker; the set is in `sets` already. */
  async function openSet(id: number, files: SetSource[]): Promise<void> {
    startSetWorker(id);
    try {
      const firstOpening = !openedBefore;
      openedBefore = true;
      const { files: opened } = await call(id, (api) => api.open(files, id, firstOpening));
      if (findSet(id)?.sources !== files) return; // closed or reopened meanwhile
      set((s) => ({
        panels: panelsAfterOpen(s.panels, id, opened).map((p) => withSettings(p, s.convertText)),
        sets: s.sets.map((x) => (x.id === id ? { ...x, state: "open" as const, message: undefined } : x)),
      }));
      for (const p of get().panels)
        if (p.sessionId === id && p.file.nwb?.series.length) void get().refreshOutputs(p.key);
    } catch (e) {
      const now = findSet(id);
      // Closed, reopened, or abandoned meanwhile (the set's panel says why).
      if (stoppedByPage(e) || now?.sources !== files || now.state === "failed") return;
      stopSetWorker(id, "the files could not be opened");
      set((s) => ({ sets: s.sets.filter((x) => x.id !== id), panels: s.panels.filter((p) => p.sessionId !== id) }));
      get().notify(`Could not open ${files.map((f) => f.name).join(", ")}: ${errorText(e)}`);
    }
  }

  /**
   * Reopens every set that misses some of `files` (by its external links) with them added; returns the files
   * no set was waiting for, to be opened as a set of their own.
   */
  async function joinWaitingSets<T extends SetSource>(files: T[]): Promise<T[]> {
    const { waiting, deferred } = setsWaitingFor(get().panels, get().sets, files);
    for (const name of new Set(deferred))
      get().notify(
        `${name} is opened on its own: a set that links into it is busy; open ${name} again when it is done.`,
      );
    for (const [id, added] of waiting) {
      const s = findSet(id);
      if (s) await get().reopenSet(id, [...s.sources, ...added]);
    }
    const joined = new Set<SetSource>([...waiting.values()].flat());
    return files.filter((f) => !joined.has(f));
  }

  setStopHandler((id: number, reason: StopReason) => {
    const s = findSet(id);
    if (!s) return;
    if ("stuck" in reason) patchSet(id, { state: "failed", message: stuckMessage(s.sources, reason.stuck) });
    else if ("crashed" in reason) {
      // A WebAssembly abort leaves h5wasm unusable, but the files are fine to read again.
      get().notify(`The HDF5 worker stopped (${reason.crashed}); a new one was started and your files reopened.`);
      void get().reopenSet(id, s.sources);
    }
  });

  /** Opens `sources` as a set of their own, after the sets waiting for some of them took theirs. */
  async function openSources(sources: SetSource[]): Promise<void> {
    sources = await joinWaitingSets(sources);
    if (sources.length === 0) return;
    const id = nextSet++;
    set((s) => ({ sets: [...s.sets, { id, sources, state: "opening" }] }));
    await openSet(id, sources);
  }

  return {
    ...tablesSlice(set, get),
    ...settingsSlice(set, get),
    panels: [],
    sets: [],
    notices: [],

    openFiles: openSources,

    async openUrls(entries) {
      // Plain data only (the worker is given them as they are), each URL once.
      const seen = new Set<string>();
      const fresh = entries
        .map((e): RemoteEntry => ({ url: e.url, name: e.name, ...(e.size !== undefined ? { size: e.size } : {}) }))
        .filter((e) => !seen.has(e.url) && seen.add(e.url));
      await openSources(fresh);
    },

    async reopenSet(setId, sources) {
      const s = findSet(setId);
      if (!s) return;
      patchSet(setId, { sources, state: s.state === "open" ? "open" : "opening", message: undefined });
      await openSet(setId, sources);
    },

    closeSet(setId) {
      set((s) => ({
        sets: s.sets.filter((x) => x.id !== setId),
        panels: s.panels.filter((p) => p.sessionId !== setId),
      }));
      stopSetWorker(setId, "the files were closed");
    },

    closePanel(key) {
      const panel = get().panels.find((p) => p.key === key);
      if (!panel) return;
      const panels = get().panels.filter((p) => p.key !== key);
      if (panels.some((p) => p.sessionId === panel.sessionId)) set({ panels });
      else get().closeSet(panel.sessionId);
    },

    async cancelJob(setId, jobId, running) {
      void call(setId, (api) => api.cancel(jobId)).catch(() => undefined);
      const until = performance.now() + CANCEL_MS;
      while (running() && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
      const s = findSet(setId);
      if (!running() || !s) return;
      stopSetWorker(setId, "cancelled"); // the job's call fails with "cancelled"
      void get().reopenSet(setId, s.sources);
    },

    update(key, patch) {
      set((s) => ({ panels: s.panels.map((p) => (p.key === key ? { ...p, ...patch } : p)) }));
    },

    async refreshOutputs(key) {
      const panel = get().panels.find((p) => p.key === key);
      if (!panel || !(panel.chunkMb > 0)) return;
      try {
        const outputs = await call(panel.sessionId, (api) =>
          api.outputs(panel.sessionId, panel.file.name, panel.chunkMb),
        );
        // Counts for a chunk size no longer in the field, or from a set since reopened, would be stale.
        const now = get().panels.find((p) => p.key === key);
        if (now?.chunkMb === panel.chunkMb && now.file === panel.file) get().update(key, { outputs });
      } catch (e) {
        // Closed or reopened meanwhile, or abandoned (the panel says why).
        if (stoppedByPage(e) || findSet(panel.sessionId)?.state !== "open") return;
        get().notify(`${panel.file.name}: ${errorText(e)}`);
      }
    },

    notify(text) {
      set((s) => ({ notices: [...s.notices, { id: nextNotice++, text }] }));
    },

    dismiss(id) {
      set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
    },
  };
});

export { proxy };
