import { create } from "zustand";
import type { Progress } from "../core/convert/convert";
import type { OpenedFile, SeriesOutput } from "../core/session";
import type { FileResult, UploadProgress } from "../core/upload/upload-sink";
import { call, proxy } from "./bridge";
import { defaultSelection } from "./convert-readiness";
import { addToWaitingSets } from "./reopen-with-added";
import type { DownloadPath } from "./download-target";

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
  | { status: "done"; uploadId: number; uploaded: number; failed: FileResult[]; description: string }
  | { status: "failed"; message: string }
  | { status: "cancelled" };

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

export interface Notice {
  id: number;
  text: string;
}

interface AppState {
  panels: Panel[];
  opening: boolean;
  notices: Notice[];
  /** The File objects of every opened set, so a restarted worker can reopen them. */
  sets: { sessionId: number; files: File[] }[];
  openFiles(files: File[]): Promise<void>;
  closePanel(key: string): void;
  update(key: string, patch: Partial<Panel>): void;
  refreshOutputs(key: string): Promise<void>;
  notify(text: string): void;
  dismiss(id: number): void;
  reopenAll(): Promise<void>;
}

let nextNotice = 1;
let nextJob = 1;
export const newJobId = () => nextJob++;

export const useApp = create<AppState>((set, get) => ({
  panels: [],
  opening: false,
  notices: [],
  sets: [],

  async openFiles(files) {
    if (files.length === 0) return;
    set({ opening: true });
    try {
      files = await addToWaitingSets(files, { get, set });
      if (files.length === 0) return;
      const { sessionId, files: opened } = await call((api) => api.open(files));
      const panels: Panel[] = opened.map((file) => ({
        key: `${sessionId}:${file.name}`,
        sessionId,
        file,
        selected: defaultSelection(file),
        chunkMb: 1,
        level: 1,
        outputs: null,
        conversion: { status: "idle" },
        upload: { status: "idle" },
      }));
      set((s) => ({ panels: [...s.panels, ...panels], sets: [...s.sets, { sessionId, files }] }));
      for (const p of panels) if (p.file.nwb?.series.length) void get().refreshOutputs(p.key);
    } catch (e) {
      get().notify(
        `Could not open ${files.map((f) => f.name).join(", ")}: ${e instanceof Error ? e.message : String(e)}`,
      );
    } finally {
      set({ opening: false });
    }
  },

  closePanel(key) {
    const panel = get().panels.find((p) => p.key === key);
    const panels = get().panels.filter((p) => p.key !== key);
    set({ panels });
    if (panel && !panels.some((p) => p.sessionId === panel.sessionId)) {
      set((s) => ({ sets: s.sets.filter((x) => x.sessionId !== panel.sessionId) }));
      void call((api) => api.close(panel.sessionId)).catch(() => undefined);
    }
  },

  update(key, patch) {
    set((s) => ({ panels: s.panels.map((p) => (p.key === key ? { ...p, ...patch } : p)) }));
  },

  async refreshOutputs(key) {
    const panel = get().panels.find((p) => p.key === key);
    if (!panel || !(panel.chunkMb > 0)) return;
    try {
      const outputs = await call((api) => api.outputs(panel.sessionId, panel.file.name, panel.chunkMb));
      // Counts for a chunk size no longer in the field, or from a set since reopened, would be stale.
      const now = get().panels.find((p) => p.key === key);
      if (now?.chunkMb === panel.chunkMb && now.sessionId === panel.sessionId) get().update(key, { outputs });
    } catch (e) {
      get().notify(`${panel.file.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  },

  notify(text) {
    set((s) => ({ notices: [...s.notices, { id: nextNotice++, text }] }));
  },

  dismiss(id) {
    set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  },

  async reopenAll() {
    const old = get().sets;
    set({ panels: [], sets: [] });
    for (const { files } of old) await get().openFiles(files);
  },
}));

export { proxy };
