import { useCallback, useEffect, useRef, useState } from "react";
import type { Row, TableQuery } from "../../core/tables/model";
import type { ViewSummary } from "../../worker/table-views";
import { call } from "../bridge";

/** Where a view's rows come from: a worker (a set's, or the combined view's) and the files in it. */
export interface ViewSource {
  setId: number;
  files: string[];
  /** Changes when the files were opened again (a fresh worker knows no earlier views). */
  epoch: unknown;
}

export type ViewState =
  | { status: "opening"; summary?: undefined; refreshing: boolean }
  | { status: "open"; summary: ViewSummary; refreshing: boolean }
  | { status: "failed"; message: string; summary?: ViewSummary; refreshing: boolean };

/** A query typed into a filter is sent this long after the last keystroke. */
const TYPING_MS = 80;
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

type Answer =
  { key: string; summary: ViewSummary; message?: undefined } | { key: string; message: string; summary?: ViewSummary };

/**
 * Opens `query` as a view in the source's worker, again whenever the query changes (each view is opened afresh;
 * the engine keeps the filter columns it read). The last view stays on screen until the next one is open, and
 * is closed then, so the grid never goes blank while a filter is typed (`refreshing` meanwhile).
 */
export function useTableView(source: ViewSource, query: TableQuery): ViewState {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const shown = useRef<number | null>(null);
  const opened = useRef(false);
  const filesKey = source.files.join("\u0000");
  const { setId, epoch } = source;
  const key = `${JSON.stringify(query)}\u0000${filesKey}`;

  useEffect(() => {
    let cancelled = false;
    const files = filesKey.split("\u0000");
    const asked = JSON.parse(key.slice(0, key.length - filesKey.length - 1)) as TableQuery;
    const timer = setTimeout(
      () => {
        call(setId, (api) => api.openView(setId, files, asked)).then(
          (summary) => {
            if (cancelled) return closeView(setId, summary.viewId);
            if (shown.current !== null) closeView(setId, shown.current);
            shown.current = summary.viewId;
            setAnswer({ key, summary });
          },
          (e: unknown) => {
            if (!cancelled) setAnswer((a) => ({ key, message: errorText(e), summary: a?.summary }));
          },
        );
      },
      opened.current ? TYPING_MS : 0,
    );
    opened.current = true;
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [setId, filesKey, key, epoch]);

  // The last view is closed with the grid (a closed or reopened set took its views with it already).
  useEffect(
    () => () => {
      if (shown.current !== null) closeView(setId, shown.current);
      shown.current = null;
    },
    [setId, epoch],
  );
  const refreshing = answer !== null && answer.key !== key;
  if (!answer) return { status: "opening", refreshing: false };
  if (answer.message !== undefined)
    return { status: "failed", message: answer.message, summary: answer.summary, refreshing };
  return { status: "open", summary: answer.summary, refreshing };
}

function closeView(setId: number, viewId: number): void {
  void call(setId, (api) => api.closeView(viewId)).catch(() => undefined);
}

/** Rows are read in blocks of this many view positions. */
export const BLOCK = 32;
/** Blocks kept: a few screens around where the user is; farther ones are read again when scrolled back to. */
const KEPT_BLOCKS = 48;

/**
 * The rows of a view, read block by block as the grid shows them: only the blocks a visible row falls in, and
 * only `columns` (the visible ones). `rowAt` answers from what has been read; `need` asks for a range.
 */
export function useRowWindow(setId: number, summary: ViewSummary | undefined, columns: string[]) {
  const viewId = summary?.viewId;
  const count = summary?.count ?? 0;
  const columnsKey = columns.join("\u0000");
  const key = `${viewId}\u0000${columnsKey}`;
  const [held, setHeld] = useState<Held>({ key, blocks: new Map(), failed: null });
  // The blocks asked for (read or being read) for `key`: looked at by `need` only, never while drawing.
  const asked = useRef({ key, blocks: new Set<number>() });
  const current = held.key === key ? held : { key, blocks: NO_BLOCKS, failed: null };

  const need = useCallback(
    (start: number, end: number) => {
      if (viewId === undefined) return;
      if (asked.current.key !== key) asked.current = { key, blocks: new Set() };
      const mine = asked.current;
      const first = Math.floor(start / BLOCK);
      const last = Math.floor(Math.max(start, Math.min(end, count) - 1) / BLOCK);
      const wanted = columnsKey ? columnsKey.split("\u0000") : [];
      for (let b = first; b <= last && b * BLOCK < count; b++) {
        if (mine.blocks.has(b)) continue;
        mine.blocks.add(b);
        call(setId, (api) => api.viewRows(viewId, b * BLOCK, Math.min(count, (b + 1) * BLOCK), wanted)).then(
          (rows) => {
            if (asked.current !== mine) return;
            setHeld((h) => {
              const blocks = new Map(h.key === key ? h.blocks : NO_BLOCKS).set(b, rows);
              for (const far of farBlocks(blocks, first, last)) {
                blocks.delete(far);
                mine.blocks.delete(far);
              }
              return { key, blocks, failed: h.key === key ? h.failed : null };
            });
          },
          (e: unknown) => {
            if (asked.current !== mine) return;
            mine.blocks.delete(b);
            setHeld((h) => ({ key, blocks: h.key === key ? h.blocks : NO_BLOCKS, failed: errorText(e) }));
          },
        );
      }
    },
    [setId, viewId, count, key, columnsKey],
  );

  const rowAt = (position: number): Row | undefined =>
    current.blocks.get(Math.floor(position / BLOCK))?.[position % BLOCK];
  return { rowAt, need, failed: current.failed };
}

interface Held {
  key: string;
  blocks: ReadonlyMap<number, Row[]>;
  failed: string | null;
}
const NO_BLOCKS: ReadonlyMap<number, Row[]> = new Map();

/** The blocks farthest from `first`..`last` beyond the KEPT_BLOCKS nearest. */
function farBlocks(blocks: ReadonlyMap<number, Row[]>, first: number, last: number): number[] {
  if (blocks.size <= KEPT_BLOCKS) return [];
  const distance = (b: number) => (b < first ? first - b : b > last ? b - last : 0);
  return [...blocks.keys()].sort((a, b) => distance(b) - distance(a)).slice(0, blocks.size - KEPT_BLOCKS);
}
