import { missingFiles } from "../core/nwb/missing";
import type { OpenedFile } from "../core/session";
import { defaultSelection } from "./convert-readiness";
import type { Panel } from "./store";

/**
 * A file opened after a set that links into it (linked_raw.nwb after linked_main.nwb) joins that set: the set
 * is opened again with it (store.reopenSet), and its panels stay where they are, with their settings and
 * ticks, instead of the user having to close them and open everything together.
 */

interface SetFiles {
  id: number;
  sources: { name: string }[];
}

const busy = (p: Panel) => p.conversion.status === "running" || p.upload.status === "running";

/**
 * Of `files`, those each open set misses (by the names its external links give), per set; and the names of
 * files a set misses but cannot take now, because a job runs on it (reopening would cut the job off).
 */
export function setsWaitingFor<T extends { name: string }>(
  panels: Panel[],
  sets: SetFiles[],
  files: T[],
): { waiting: Map<number, T[]>; deferred: string[] } {
  const waiting = new Map<number, T[]>();
  const deferred: string[] = [];
  for (const entry of sets) {
    const own = panels.filter((p) => p.sessionId === entry.id);
    const wanted = new Set(own.flatMap((p) => missingFiles(p.file.nwb).map((m) => m.file)));
    for (const f of entry.sources) wanted.delete(f.name);
    const added = files.filter((f) => wanted.has(f.name));
    if (added.length === 0) continue;
    if (own.some(busy)) deferred.push(...added.map((f) => f.name));
    else waiting.set(entry.id, added);
  }
  return { waiting, deferred };
}

/** A new file's panel: the series that convert as they stand under /acquisition ticked. */
export function newPanel(setId: number, file: OpenedFile): Panel {
  return {
    key: `${setId}:${file.name}`,
    sessionId: setId,
    file,
    selected: defaultSelection(file),
    chunkMb: 1,
    level: 1,
    outputs: null,
    conversion: { status: "idle" },
    upload: { status: "idle" },
  };
}

/**
 * The panels once set `setId` has opened (`opened`, its files as read now). A first opening appends them. A
 * reopening keeps each panel's key (so React keeps it, in its place), chunk size, level, ticks and last results;
 * a series that now converts and would have been ticked on opening is ticked; a failure is forgotten (it may
 * well have been the missing file); the added files' panels follow the set's last one, with its settings.
 */
export function panelsAfterOpen(panels: Panel[], setId: number, opened: OpenedFile[]): Panel[] {
  const own = panels.filter((p) => p.sessionId === setId);
  if (own.length === 0) return [...panels, ...opened.map((file) => newPanel(setId, file))];
  const kept = own.map((p): Panel => {
    const file = opened.find((f) => f.name === p.file.name) ?? p.file;
    const before = new Set(defaultSelection(p.file));
    const nowConverts = defaultSelection(file).filter((path) => !before.has(path) && !p.selected.includes(path));
    const paths = new Set(file.nwb?.series.map((s) => s.path));
    return {
      ...p,
      file,
      selected: [...p.selected.filter((path) => paths.has(path)), ...nowConverts],
      outputs: null,
      conversion: p.conversion.status === "failed" ? { status: "idle" } : p.conversion,
    };
  });
  const last = kept[kept.length - 1]!;
  const added = opened
    .filter((f) => !own.some((p) => p.file.name === f.name))
    .map((file): Panel => ({ ...newPanel(setId, file), chunkMb: last.chunkMb, level: last.level }));
  const at = panels.lastIndexOf(own[own.length - 1]!);
  const rest = panels.map((p) => (p.sessionId === setId ? kept[own.indexOf(p)]! : p));
  return [...rest.slice(0, at + 1), ...added, ...rest.slice(at + 1)];
}
