import { useEffect, useMemo, useRef, useState } from "react";
import type { ExportFormat } from "../../core/tables/export/index";
import {
  LEADING_COLUMNS,
  type CellValue,
  type ColumnInfo,
  type Row,
  type SortOrder,
  type TableQuery,
} from "../../core/tables/model";
import { call } from "../bridge";
import { useApp } from "../store";
import { VisibleText } from "../VisibleText";
import { valueText } from "./cell-text";
import { ColumnChooser } from "./ColumnChooser";
import { MoreFilters, VALUE_LIST_LIMIT } from "./ColumnFilter";
import { allConditions, filterConditions, isNumeric, NO_FILTER, own, type ColumnFilter } from "./filter-text";
import { TableGrid } from "./TableGrid";
import type { CellActions } from "./TableCell";
import { useGridTable } from "./use-grid-table";
import { useTableExport } from "./use-table-export";
import { useRowWindow, useTableView, type ViewSource } from "./use-table-view";
import "./tables.css";

/** An expanded cell's values are shown up to this many characters of JSON (a unit may have a million spikes). */
const SHOWN_CHARS = 200_000;
const LEADING = new Set<string>(LEADING_COLUMNS);
/** The leading row numbers compare as numbers before the view has said so (a region opens filtered by them). */
const NUMERIC_LEADING = new Set(["_table_index", "id"]);

const EXPORTS: { format: ExportFormat; label: string }[] = [
  { format: "csv", label: "Export CSV" },
  { format: "jsonl", label: "Export JSON lines" },
  { format: "parquet", label: "Export Parquet" },
];

export interface TableViewerProps {
  source: ViewSource;
  path: string;
  /** Rows a region cell pointed at: the table opens filtered to them. */
  focusRows?: number[];
  /** Rows came from several files: region and reference cells lead to the panel of each row's file. */
  combined?: boolean;
  /** "Combine across files" is offered (several files are open). */
  canCombine: boolean;
  onCombine?(): void;
  onClose(): void;
}

/** One open table: its toolbar (columns, exports, combine), the status "N of M rows", the grid. */
export function TableViewer({
  source,
  path,
  focusRows,
  combined = false,
  canCombine,
  onCombine,
  onClose,
}: TableViewerProps) {
  const [filters, setFilters] = useState<Record<string, ColumnFilter>>(() => {
    const region: Record<string, ColumnFilter> = { _table_index: { ...NO_FILTER, text: `in ${focusRows?.join(",")}` } };
    return focusRows?.length ? region : {};
  });
  const [sort, setSort] = useState<SortOrder | undefined>();
  const [hidden, setHidden] = useState<string[]>([]);
  const [order, setOrder] = useState<string[]>([]);
  const [chooser, setChooser] = useState(false);
  const [moreFiltersOf, setMoreFiltersOf] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<{ position: number; column: string; value: CellValue; row: Row } | null>(
    null,
  );
  // The types of the last view's columns (it stays while the next opens): the next query's filters compare by them.
  const [lastInfos, setLastInfos] = useState<Record<string, ColumnInfo | null>>({});
  const numeric = (c: string) => NUMERIC_LEADING.has(c) || isNumeric(own(lastInfos, c));
  const where = allConditions(filters, Object.keys(filters), numeric);
  const query: TableQuery = { table: path, where, sort };
  const view = useTableView(source, query);
  const summary = view.summary;
  if (summary && summary.infos !== lastInfos) setLastInfos(summary.infos);

  const table = useGridTable(summary?.columns ?? [], order, hidden, setHidden, sort, setSort);
  const readKey = table
    .shownNames()
    .filter((c) => !LEADING.has(c))
    .join("\u0000");
  const readColumns = useMemo(() => (readKey ? readKey.split("\u0000") : []), [readKey]);
  const rows = useRowWindow(source.setId, summary, readColumns);
  const exporter = useTableExport(source, path);

  const grid = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusRows) grid.current?.scrollIntoView({ block: "nearest" });
  }, [focusRows]);

  // Own properties (fromEntries), never assigned: a column may be named __proto__.
  const filterErrors: Record<string, string> = Object.fromEntries(
    Object.entries(filters).flatMap(([c, f]) => {
      const error = filterConditions(c, f, numeric(c)).error;
      return error ? [[c, error]] : [];
    }),
  );
  const setFilter = (column: string, patch: Partial<ColumnFilter>) =>
    setFilters((all) => ({ ...all, [column]: { ...(own(all, column) ?? NO_FILTER), ...patch } }));

  const filesKey = source.files.join("\u0000");
  const distinct = useMemo(
    () =>
      moreFiltersOf === null
        ? null
        : () =>
            call(source.setId, (api) =>
              api.tableDistinct(source.setId, filesKey.split("\u0000"), path, moreFiltersOf, VALUE_LIST_LIMIT),
            ),
    [source.setId, filesKey, path, moreFiltersOf],
  );

  const panelOf = (row: Row) =>
    useApp.getState().panels.find((p) => p.file.name === row._nwb_path && (combined || p.sessionId === source.setId));
  const actions: CellActions = {
    expanded,
    expand: (position, column, value) => {
      const row = rows.rowAt(position);
      const same = expanded?.position === position && expanded.column === column;
      setExpanded(same || !row ? null : { position, column, value, row });
    },
    showRegion: (row, target, targetRows) => {
      const panel = panelOf(row);
      if (panel) useApp.getState().showTable(panel.key, target, targetRows);
    },
    reveal: (row, objectPath) =>
      useApp.getState().revealInTree(String(row._nwb_path), objectPath, combined ? undefined : source.setId),
  };

  const exportQuery: TableQuery = { table: path, columns: readColumns, where, sort };
  const running = exporter.state.status === "running";
  return (
    <div className="table-viewer" ref={grid}>
      <div className="table-toolbar">
        <h4>
          <VisibleText text={path} />
          {combined && ` across ${source.files.length} files`}
        </h4>
        <p role="status" className="table-status">
          {summary ? `${summary.count} of ${summary.total} rows` : view.status === "failed" ? "" : "Reading the table…"}
        </p>
        <button type="button" aria-expanded={chooser} onClick={() => setChooser(!chooser)}>
          Columns
        </button>
        {EXPORTS.map(({ format, label }) => (
          <button
            key={format}
            type="button"
            disabled={!summary || running}
            onClick={() => void exporter.start(format, exportQuery, summary?.count ?? 0)}
          >
            {label}
          </button>
        ))}
        {canCombine && onCombine && (
          <button type="button" onClick={onCombine}>
            Combine across files
          </button>
        )}
        <button type="button" className="close" aria-label={`Close ${path}`} onClick={onClose}>
          ×
        </button>
      </div>
      {view.status === "failed" && (
        <p role="alert" className="table-error">
          <VisibleText text={view.message} />
        </p>
      )}
      {rows.failed && (
        <p role="alert" className="table-error">
          Could not read rows: <VisibleText text={rows.failed} />
        </p>
      )}
      {summary?.warnings.map((w, i) => (
        <p key={i} role="note" className="table-warning">
          <VisibleText text={w} />
        </p>
      ))}
      <ExportStatus state={exporter.state} onCancel={exporter.cancel} />
      {chooser && summary && (
        <ColumnChooser
          key={readKey}
          table={table}
          path={path}
          onList={(names) => {
            const listed = new Set(names);
            setOrder([...LEADING_COLUMNS, ...names]);
            setHidden(summary.columns.filter((c) => !LEADING.has(c) && !listed.has(c)));
          }}
        />
      )}
      {moreFiltersOf && distinct && (
        <MoreFilters
          key={moreFiltersOf}
          column={moreFiltersOf}
          numeric={numeric(moreFiltersOf)}
          filter={own(filters, moreFiltersOf) ?? NO_FILTER}
          error={own(filterErrors, moreFiltersOf) ?? null}
          distinct={distinct}
          onChange={(patch) => setFilter(moreFiltersOf, patch)}
          onClose={() => setMoreFiltersOf(null)}
        />
      )}
      {summary && (
        <TableGrid
          path={path}
          table={table}
          count={summary.count}
          infos={summary.infos}
          links={summary.links}
          busy={view.refreshing}
          filters={filters}
          filterErrors={filterErrors}
          onFilterText={(c, text) => setFilter(c, { text })}
          moreFiltersOf={moreFiltersOf}
          onMoreFilters={(c) => setMoreFiltersOf(moreFiltersOf === c ? null : c)}
          rowAt={rows.rowAt}
          need={rows.need}
          actions={actions}
        />
      )}
      {expanded && <CellValues {...expanded} combined={combined} onClose={() => setExpanded(null)} />}
    </div>
  );
}

/** An expanded cell: its whole value as JSON text. */
function CellValues({
  column,
  value,
  row,
  combined,
  onClose,
}: {
  column: string;
  value: CellValue;
  row: Row;
  combined: boolean;
  onClose(): void;
}) {
  const text = valueText(value);
  const where = `${combined ? `${String(row._nwb_path)}, ` : ""}row ${String(row._table_index)}`;
  return (
    <section className="table-cell-values" role="region" aria-label={`${column}, ${where}`}>
      <header>
        <strong>
          <VisibleText text={column} />
        </strong>
        , {where}
        <button type="button" aria-label="Close the values" onClick={onClose}>
          ×
        </button>
      </header>
      <pre>
        <VisibleText text={text.length > SHOWN_CHARS ? text.slice(0, SHOWN_CHARS) : text} />
        {text.length > SHOWN_CHARS && ` … (${(text.length - SHOWN_CHARS).toLocaleString("en")} more characters)`}
      </pre>
    </section>
  );
}

function ExportStatus({ state, onCancel }: { state: ReturnType<typeof useTableExport>["state"]; onCancel(): void }) {
  if (state.status === "idle") return null;
  if (state.status === "cancelled") return <p className="table-export">Export cancelled.</p>;
  if (state.status === "failed")
    return (
      <p role="alert" className="table-error">
        Export failed: <VisibleText text={state.message} />
      </p>
    );
  if (state.status === "running")
    return (
      <p className="table-export">
        Exporting… {state.rows} rows written{" "}
        <button type="button" onClick={onCancel}>
          Cancel export
        </button>
      </p>
    );
  return (
    <p className="table-export" data-download={state.path}>
      Exported {state.rows} rows ({state.bytes.toLocaleString("en")} bytes) to <VisibleText text={state.name} />
      {state.warnings.map((w, i) => (
        <span key={i} className="table-warning">
          {" "}
          <VisibleText text={w} />
        </span>
      ))}
    </p>
  );
}
