import type { StoreApi } from "zustand";
import type { TableInfo } from "../../core/tables/model";
import { call, startSetWorker, stopSetWorker } from "../bridge";
import type { OpenedSet, Panel } from "../store";

/** A file's tables as listed by its worker. */
export type TableListing =
  | { status: "loading" }
  | { status: "done"; tables: TableInfo[]; warnings: string[] }
  | { status: "failed"; message: string };

/**
 * The table a panel shows. `rows`: the rows a region cell pointed at (its target table opens filtered to them).
 * `n` tells one request from the next (the same target asked twice opens it afresh).
 */
export interface ShownTable {
  path: string;
  rows?: number[];
  n: number;
}

/** An object of a file to show in its tree (a reference cell was clicked). */
export interface Reveal {
  path: string;
  n: number;
}

/**
 * The grid of one table path over every open file ("Combine across files"), shown in place of the table of the
 * panel it was asked from (`panelKey`): one grid of that path on the page, where the user was looking.
 */
export type Combined = { panelKey: string; path: string; n: number } & (
  { status: "opening" } | { status: "open"; files: string[] } | { status: "failed"; message: string }
);

export interface TablesSlice {
  /** By panel key. */
  tableLists: Record<string, TableListing>;
  shownTables: Record<string, ShownTable>;
  reveals: Record<string, Reveal>;
  combined: Combined | null;
  /** Lists the tables of a panel's file (again, when its set was reopened). */
  loadTables(panelKey: string): Promise<void>;
  showTable(panelKey: string, path: string, rows?: number[]): void;
  hideTable(panelKey: string): void;
  /** Shows the object at `path` in the tree of the panel of `fileName` (in the set `setId` when given). */
  revealInTree(fileName: string, path: string, setId?: number): void;
  /** Opens `path` over every open file in a worker of its own, shown in the panel `panelKey`. */
  combine(panelKey: string, path: string): Promise<void>;
  closeCombined(): void;
  /** Forgets a panel's listing, table and combined grid (its panel is gone). */
  forgetPanel(panelKey: string): void;
}

/**
 * The combined view's worker: the set numbers start at 1, so 0 is free. Its own worker because the engine's
 * union (TableView over several files) needs every file in one h5wasm, while the page keeps each set in a worker
 * of its own (so a file the HDF5 library loops on takes only its worker with it). Handing a worker all the page's
 * File objects copies nothing (they are Blobs read on demand), and a combined read that hangs or crashes takes
 * only this worker: the file panels keep theirs. Closing the combined grid stops it.
 */
export const COMBINED_SET = 0;

type Get = () => TablesSlice & { panels: Panel[]; sets: OpenedSet[] };
type Set = StoreApi<TablesSlice>["setState"];
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
let n = 1;

export function tablesSlice(set: Set, get: Get): TablesSlice {
  const patch = <K extends "tableLists" | "shownTables" | "reveals">(
    key: K,
    id: string,
    value: TablesSlice[K][string],
  ) => set((s) => ({ [key]: { ...s[key], [id]: value } }) as Partial<TablesSlice>);
  return {
    tableLists: {},
    shownTables: {},
    reveals: {},
    combined: null,

    async loadTables(panelKey) {
      const panel = get().panels.find((p) => p.key === panelKey);
      if (!panel) return;
      patch("tableLists", panelKey, { status: "loading" });
      let listing: TableListing;
      try {
        const found = await call(panel.sessionId, (api) => api.listTables(panel.sessionId, panel.file.name));
        listing = { status: "done", ...found };
      } catch (e) {
        listing = { status: "failed", message: errorText(e) };
      }
      // A listing for a set since reopened would be stale: the reopened panel asks again.
      if (get().panels.find((p) => p.key === panelKey)?.file === panel.file) patch("tableLists", panelKey, listing);
    },

    showTable(panelKey, path, rows) {
      if (get().combined?.panelKey === panelKey) get().closeCombined();
      patch("shownTables", panelKey, { path, rows, n: n++ });
    },

    hideTable(panelKey) {
      set((s) => {
        const { [panelKey]: _hidden, ...rest } = s.shownTables;
        return { shownTables: rest };
      });
    },

    revealInTree(fileName, path, setId) {
      const panel = get().panels.find(
        (p) => p.file.name === fileName && (setId === undefined || p.sessionId === setId),
      );
      if (panel) patch("reveals", panel.key, { path, n: n++ });
    },

    async combine(panelKey, path) {
      const request = n++;
      set({ combined: { panelKey, path, n: request, status: "opening" } });
      const files = get()
        .sets.filter((s) => s.state === "open")
        .flatMap((s) => s.sources);
      startSetWorker(COMBINED_SET);
      try {
        const opened = await call(COMBINED_SET, (api) => api.open(files, COMBINED_SET));
        const names = opened.files.filter((f) => f.nwb).map((f) => f.name);
        if (get().combined?.n === request)
          set({ combined: { panelKey, path, n: request, status: "open", files: names } });
      } catch (e) {
        if (get().combined?.n === request)
          set({ combined: { panelKey, path, n: request, status: "failed", message: errorText(e) } });
      }
    },

    closeCombined() {
      set({ combined: null });
      stopSetWorker(COMBINED_SET, "the combined table was closed");
    },

    forgetPanel(panelKey) {
      if (get().combined?.panelKey === panelKey) get().closeCombined();
      set((s) => {
        const { [panelKey]: _listing, ...tableLists } = s.tableLists;
        const { [panelKey]: _shown, ...shownTables } = s.shownTables;
        const { [panelKey]: _reveal, ...reveals } = s.reveals;
        return { tableLists, shownTables, reveals };
      });
    },
  };
}
