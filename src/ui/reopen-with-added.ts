import { missingFiles } from "../core/nwb/missing";
import type { OpenedFile } from "../core/session";
import { call } from "./bridge";
import { defaultSelection } from "./convert-readiness";
import type { Panel } from "./store";

/**
 * A file opened after a set that links into it (linked_raw.nwb after linked_main.nwb) joins that set: the set
 * is opened again with it, and its panels stay where they are, with their settings and ticks, instead of the
 * user having to close them and open everything together.
 */

interface OpenedSet {
  sessionId: number;
  files: File[];
}

interface State {
  panels: Panel[];
  sets: OpenedSet[];
  refreshOutputs(key: string): Promise<void>;
  notify(text: string): void;
}

export interface StoreAccess {
  get(): State;
  set(change: (state: State) => Partial<State>): void;
}

const busy = (p: Panel) => p.conversion.status === "running" || p.upload.status === "running";

/**
 * Of `files`, those each open set misses (by the names its external links give), per set; and the names of
 * files a set misses but cannot take now, because a job runs on it (reopening would cut the job off).
 */
export function setsWaitingFor(
  panels: Panel[],
  sets: OpenedSet[],
  files: File[],
): { waiting: Map<number, File[]>; deferred: string[] } {
  const waiting = new Map<number, File[]>();
  const deferred: string[] = [];
  for (const entry of sets) {
    const own = panels.filter((p) => p.sessionId === entry.sessionId);
    const wanted = new Set(own.flatMap((p) => missingFiles(p.file.nwb).map((m) => m.file)));
    for (const f of entry.files) wanted.delete(f.name);
    const added = files.filter((f) => wanted.has(f.name));
    if (added.length === 0) continue;
    if (own.some(busy)) deferred.push(...added.map((f) => f.name));
    else waiting.set(entry.sessionId, added);
  }
  return { waiting, deferred };
}

/**
 * The panels after a set was reopened as `sessionId`: each keeps its key (so React keeps it, in its place),
 * chunk size, level and ticks; a series that now converts and would have been ticked on opening is ticked;
 * the added files' panels follow the set's last one, with the set's settings.
 */
export function reopenedPanels(panels: Panel[], oldId: number, sessionId: number, opened: OpenedFile[]): Panel[] {
  const own = panels.filter((p) => p.sessionId === oldId);
  if (own.length === 0) return panels;
  const kept = own.map((p): Panel => {
    const file = opened.find((f) => f.name === p.file.name) ?? p.file;
    const before = new Set(defaultSelection(p.file));
    const nowConverts = defaultSelection(file).filter((path) => !before.has(path));
    const paths = new Set(file.nwb?.series.map((s) => s.path));
    return {
      ...p,
      sessionId,
      file,
      selected: [...p.selected.filter((path) => paths.has(path)), ...nowConverts],
      outputs: null,
      // A failure may well have been the missing file; an upload's retry belonged to the closed session.
      conversion: p.conversion.status === "failed" ? { status: "idle" } : p.conversion,
      upload: { status: "idle" },
    };
  });
  const added = opened
    .filter((f) => !own.some((p) => p.file.name === f.name))
    .map((file): Panel => ({
      ...kept[kept.length - 1]!,
      key: `${sessionId}:${file.name}`,
      file,
      selected: defaultSelection(file),
      conversion: { status: "idle" },
    }));
  const last = panels.lastIndexOf(own[own.length - 1]!);
  const rest = panels.map((p) => (p.sessionId === oldId ? kept[own.indexOf(p)]! : p));
  return [...rest.slice(0, last + 1), ...added, ...rest.slice(last + 1)];
}

/**
 * Reopens every set waiting for some of `files` with them added, closing the old sessions; returns the files
 * no set was waiting for, to be opened on their own.
 */
export async function addToWaitingSets(files: File[], store: StoreAccess): Promise<File[]> {
  const { panels, sets } = store.get();
  const { waiting, deferred } = setsWaitingFor(panels, sets, files);
  for (const name of new Set(deferred))
    store
      .get()
      .notify(`${name} is opened on its own: a set that links into it is busy; open ${name} again when it is done.`);
  const joined = new Set<File>();
  for (const [oldId, added] of waiting) {
    const entry = store.get().sets.find((s) => s.sessionId === oldId);
    if (!entry) continue;
    const all = [...entry.files, ...added];
    let opened: { sessionId: number; files: OpenedFile[] };
    try {
      opened = await call((api) => api.open(all));
    } catch (e) {
      const names = all.map((f) => f.name).join(", ");
      store.get().notify(`Could not reopen ${names} together: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    for (const f of added) joined.add(f);
    const { sessionId } = opened;
    // The set's panels may have been closed while it reopened.
    if (!store.get().panels.some((p) => p.sessionId === oldId)) {
      void call((api) => api.close(sessionId)).catch(() => undefined);
      continue;
    }
    store.set((s) => ({
      panels: reopenedPanels(s.panels, oldId, sessionId, opened.files),
      sets: s.sets.map((x) => (x.sessionId === oldId ? { sessionId, files: all } : x)),
    }));
    void call((api) => api.close(oldId)).catch(() => undefined);
    for (const p of store.get().panels)
      if (p.sessionId === sessionId && p.file.nwb?.series.length) void store.get().refreshOutputs(p.key);
  }
  return files.filter((f) => !joined.has(f));
}
