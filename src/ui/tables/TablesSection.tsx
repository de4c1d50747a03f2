import { useEffect } from "react";
import type { Panel } from "../store";
import { useApp } from "../store";
import { VisibleText } from "../VisibleText";
import { CombinedTable } from "./CombinedTable";
import { TableViewer } from "./TableViewer";
import "./tables.css";

/**
 * A file's tables (every DynamicTable, found by its shape: spec §1): each a button named by its path, with its
 * type, rows and columns beside it; the one opened shows below as a grid, or, combined across files, the grid of
 * its path over every open file.
 */
export function TablesSection({ panel }: { panel: Panel }) {
  const listing = useApp((s) => s.tableLists[panel.key]);
  const shown = useApp((s) => s.shownTables[panel.key]);
  const combined = useApp((s) => (s.combined?.panelKey === panel.key ? s.combined : null));
  const canCombine = useApp((s) => s.panels.filter((p) => p.file.nwb).length > 1);
  const loadTables = useApp((s) => s.loadTables);
  const showTable = useApp((s) => s.showTable);
  const hideTable = useApp((s) => s.hideTable);
  const combine = useApp((s) => s.combine);
  const { file, key } = panel;
  // Listed again when the set was reopened (a fresh worker, a new `file`).
  useEffect(() => void loadTables(key), [loadTables, key, file]);
  const forgetPanel = useApp((s) => s.forgetPanel);
  useEffect(() => () => forgetPanel(key), [forgetPanel, key]);

  return (
    <section className="tables" role="region" aria-label="Tables">
      <h3>Tables</h3>
      {(!listing || listing.status === "loading") && <p className="table-note">Looking for tables…</p>}
      {listing?.status === "failed" && (
        <p role="alert" className="table-error">
          Could not list the tables of <VisibleText text={file.name} />: <VisibleText text={listing.message} />
        </p>
      )}
      {listing?.status === "done" && listing.tables.length === 0 && (
        <p className="table-note">No tables in this file.</p>
      )}
      {listing?.status === "done" && listing.tables.length > 0 && (
        <ul className="table-list">
          {listing.tables.map((t) => (
            <li key={t.path}>
              <button type="button" aria-pressed={shown?.path === t.path} onClick={() => showTable(key, t.path)}>
                <VisibleText text={t.path} />
              </button>
              <span className="table-facts">
                <VisibleText text={t.neurodata_type} /> · {t.rows} {t.rows === 1 ? "row" : "rows"} · {t.columns.length}{" "}
                {t.columns.length === 1 ? "column" : "columns"}
              </span>
            </li>
          ))}
        </ul>
      )}
      {listing?.status === "done" &&
        listing.warnings.map((w, i) => (
          <p key={i} role="note" className="table-warning">
            <VisibleText text={w} />
          </p>
        ))}
      {combined && <CombinedTable combined={combined} />}
      {shown && !combined && (
        <TableViewer
          key={`${shown.path}\u0000${shown.n}`}
          source={{ setId: panel.sessionId, files: [file.name], epoch: file }}
          path={shown.path}
          focusRows={shown.rows}
          canCombine={canCombine}
          onCombine={() => void combine(key, shown.path)}
          onClose={() => hideTable(key)}
        />
      )}
    </section>
  );
}
