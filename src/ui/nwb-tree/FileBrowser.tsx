import { useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { TreeNode } from "../../core/inspect/tree";
import { useApp, type Panel } from "../store";
import { Tree } from "../Tree";
import { NwbOverview, type OverviewLinks } from "./NwbOverview";
import { TreeSearch } from "./TreeSearch";
import "./nwb-tree.css";

type View = "hdf5" | "nwb";
const VIEWS: { view: View; label: string }[] = [
  { view: "hdf5", label: "HDF5" },
  { view: "nwb", label: "NWB" },
];

/**
 * What is inside a file, two ways: the raw HDF5 tree (with a search over it), and for NWB files an overview of
 * the NWB parts. Anything shown in the tree (from the search, the overview, or a table's reference cell) brings
 * the HDF5 view forward.
 */
export function FileBrowser({ panel, onSelect }: { panel: Panel; onSelect: (node: TreeNode | null) => void }) {
  const { file, sessionId, key } = panel;
  const reveal = useApp((s) => s.reveals[key]);
  const revealInTree = useApp((s) => s.revealInTree);
  const showTable = useApp((s) => s.showTable);
  const listing = useApp((s) => s.tableLists[key]);
  const [view, setView] = useState<View>("hdf5");
  // The overview is read when first asked for, and kept: most visits never leave the tree.
  const [overviewShown, setOverviewShown] = useState(false);
  if (view === "nwb" && !overviewShown) setOverviewShown(true);
  const [seenReveal, setSeenReveal] = useState(reveal);
  if (reveal !== seenReveal) {
    setSeenReveal(reveal);
    if (reveal) setView("hdf5");
  }
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const tabs = useRef(new Map<View, HTMLButtonElement>());

  const links = useMemo<OverviewLinks>(
    () => ({
      tables: new Set(listing?.status === "done" ? listing.tables.map((t) => t.path) : []),
      series: new Set(file.nwb?.series.map((s) => s.path) ?? []),
      showNode: (path) => revealInTree(file.name, path, sessionId),
      showTable: (path) => {
        showTable(key, path);
        // The table opens below, in the Tables section: bring it into view once it is drawn.
        requestAnimationFrame(() => tablesOf(root.current)?.scrollIntoView({ block: "start" }));
      },
      showSeries: (path) => {
        const box = checkboxOf(root.current, path);
        box?.scrollIntoView({ block: "center" });
        box?.focus({ preventScroll: true });
      },
    }),
    [listing, file, sessionId, key, revealInTree, showTable],
  );

  const search = <TreeSearch sessionId={sessionId} fileName={file.name} onChoose={(path) => links.showNode(path)} />;
  const tree = <Tree sessionId={sessionId} fileName={file.name} onSelect={onSelect} reveal={reveal} />;
  if (!file.nwb)
    return (
      <div className="file-browser" ref={root}>
        {search}
        {tree}
      </div>
    );

  const onTabKey = (e: KeyboardEvent) => {
    const at = VIEWS.findIndex((v) => v.view === view);
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = VIEWS[(at + step + VIEWS.length) % VIEWS.length]!.view;
    setView(next);
    tabs.current.get(next)?.focus();
  };
  return (
    <div className="file-browser" ref={root}>
      <div role="tablist" aria-label={`Views of ${file.name}`} className="file-browser-tabs" onKeyDown={onTabKey}>
        {VIEWS.map(({ view: v, label }) => (
          <button
            key={v}
            ref={(el) => void (el ? tabs.current.set(v, el) : tabs.current.delete(v))}
            type="button"
            role="tab"
            id={`${id}-${v}-tab`}
            aria-selected={view === v}
            aria-controls={`${id}-${v}`}
            tabIndex={view === v ? 0 : -1}
            onClick={() => setView(v)}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-hdf5`} aria-labelledby={`${id}-hdf5-tab`} hidden={view !== "hdf5"}>
        {search}
        {tree}
      </div>
      <div role="tabpanel" id={`${id}-nwb`} aria-labelledby={`${id}-nwb-tab`} hidden={view !== "nwb"}>
        {overviewShown && <NwbOverview sessionId={sessionId} fileName={file.name} links={links} />}
      </div>
    </div>
  );
}

const panelOf = (el: HTMLElement | null) => el?.closest(".file-panel") ?? null;
const tablesOf = (el: HTMLElement | null) => panelOf(el)?.querySelector(".tables") ?? null;
function checkboxOf(el: HTMLElement | null, path: string): HTMLInputElement | null {
  return (
    panelOf(el)?.querySelector<HTMLInputElement>(`input[type="checkbox"][aria-label="${CSS.escape(path)}"]`) ?? null
  );
}
