import {
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
  useTable,
  type Header,
} from "@tanstack/react-table";
import { useMemo, useState } from "react";
import type { OpenedFile } from "../core/session";
import "./components.css";
import { columnsWithValues, metadataColumns, metadataRows, toCsv, type MetadataColumn } from "./csv";
import { MetadataColumnChooser } from "./metadata/MetadataColumnChooser";
import "./metadata/metadata.css";
import { downloadBlob } from "./save";
import { VisibleText } from "./VisibleText";

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
});

const helper = createColumnHelper<typeof features, OpenedFile>();

// Sort keys are numbers for sizes and counts; empty text is undefined so unknown values sort last either way.
const allColumns = helper.columns(
  metadataColumns.map((column) =>
    column.sortNumber
      ? helper.accessor((file) => column.sortNumber!(file), {
          id: column.id,
          header: column.header,
          cell: (ctx) => <VisibleText text={shownText(column, ctx.row.original)} />,
          sortFn: "basic",
          sortUndefined: "last",
        })
      : helper.accessor((file) => column.text(file) || undefined, {
          id: column.id,
          header: column.header,
          cell: (ctx) =>
            column.id === "error" ? (
              <span className="metadata-error">
                <VisibleText text={column.text(ctx.row.original)} />
              </span>
            ) : (
              <VisibleText text={shownText(column, ctx.row.original)} />
            ),
          sortFn: "alphanumeric",
          sortUndefined: "last",
        }),
  ),
);

function shownText(column: MetadataColumn, file: OpenedFile): string {
  return (column.shown ?? column.text)(file);
}

const ARIA_SORT = { asc: "ascending", desc: "descending" } as const;
const SORT_GLYPH = { asc: "▲", desc: "▼" } as const;

/**
 * One row per opened file with its NWB session and subject metadata; sortable, exportable as CSV (the columns
 * shown). Columns no file has a value in are hidden until the user shows them; the file name stays in view.
 */
export function MetadataTable({ files }: { files: OpenedFile[] }) {
  // The user's ticks; a column without one follows the data (shown when some file has a value in it).
  const [choice, setChoice] = useState<Record<string, boolean>>({});
  const withValues = useMemo(() => new Set(columnsWithValues(files).map((c) => c.id)), [files]);
  const shownColumns = metadataColumns.filter((c) => c.id === "file" || (choice[c.id] ?? withValues.has(c.id)));
  const shown = new Set(shownColumns.map((c) => c.id));
  const shownKey = [...shown].join(",");
  const columns = useMemo(() => allColumns.filter((c) => shownKey.split(",").includes(c.id!)), [shownKey]);
  const table = useTable({ features, columns, data: files });

  const exportCsv = () => {
    // The BOM makes spreadsheet programs read the file as UTF-8.
    const blob = new Blob(["\ufeff", toCsv(metadataRows(files, shownColumns))], { type: "text/csv;charset=utf-8" });
    downloadBlob(blob, "nwb-metadata.csv");
  };

  return (
    <section className="metadata" aria-labelledby="metadata-heading">
      <div className="metadata-bar">
        <h2 id="metadata-heading">Metadata</h2>
        <MetadataColumnChooser
          columns={metadataColumns}
          shown={shown}
          withValues={withValues}
          onChange={(update) => setChoice((prev) => ({ ...prev, ...update }))}
        />
        <button type="button" onClick={exportCsv} disabled={files.length === 0}>
          Export CSV
        </button>
      </div>
      <div className="metadata-scroll" tabIndex={0} role="group" aria-label="Metadata table, scrolls sideways">
        <table className="metadata-table">
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <SortableHeader key={header.id} header={header} />
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className={`metadata-cell-${cell.column.id}`}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function SortableHeader({ header }: { header: Header<typeof features, OpenedFile, unknown> }) {
  const sorted = header.column.getIsSorted();
  const label = String(header.column.columnDef.header);
  return (
    <th scope="col" aria-sort={sorted ? ARIA_SORT[sorted] : "none"} className={`metadata-head-${header.column.id}`}>
      <button type="button" className="metadata-sort" onClick={header.column.getToggleSortingHandler()}>
        {label}
        <span aria-hidden="true" className="metadata-sort-glyph">
          {sorted ? SORT_GLYPH[sorted] : "↕"}
        </span>
      </button>
    </th>
  );
}
