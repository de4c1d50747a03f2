import { useEffect, useRef } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { ColumnInfo, ColumnLinks, Row } from "../../core/tables/model";
import { VisibleText } from "../VisibleText";
import { ColumnFilterInput } from "./ColumnFilter";
import type { ColumnFilter } from "./filter-text";
import { isFilterable, own } from "./filter-text";
import { TableCell, type CellActions } from "./TableCell";
import type { GridTable } from "./use-grid-table";

/** Every row is one line high: the virtualizer then knows where each row is without measuring it. */
export const ROW_HEIGHT = 28;
/** Rows drawn (and read) beyond the visible ones on each side, so a short scroll shows rows at once. */
const OVERSCAN = 10;
/** The two header rows: names (with the sort buttons) and filters. */
const HEADER_ROWS = 2;

export interface TableGridProps {
  path: string;
  table: GridTable;
  count: number;
  infos: Record<string, ColumnInfo | null>;
  links: Record<string, ColumnLinks>;
  busy: boolean;
  filters: Record<string, ColumnFilter>;
  filterErrors: Record<string, string>;
  onFilterText(column: string, text: string): void;
  /** The column whose range and value-list filters are shown, if any. */
  moreFiltersOf: string | null;
  onMoreFilters(column: string): void;
  rowAt(position: number): Row | undefined;
  need(start: number, end: number): void;
  actions: CellActions;
}

/**
 * A WAI-ARIA grid of a table view, virtualised: only the rows in sight (and a few around them) are in the DOM
 * and read from the worker, and only the visible columns. Headers sort (scalar columns), each column has its
 * filter input under its name.
 */
export function TableGrid(props: TableGridProps) {
  const { path, table, count, infos, rowAt, need } = props;
  const scroller = useRef<HTMLDivElement>(null);
  // The virtualizer's functions change with every scroll: this component is drawn again each time, as it must be.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.length ? items[items.length - 1]!.index + 1 : 0;
  useEffect(() => need(first, last), [need, first, last]);

  const columns = table.shownNames();
  const template = columns.map((c) => `${widthOf(c, own(infos, c) ?? null)}px`).join(" ");
  const sorting = table.sortedBy();
  return (
    <div
      ref={scroller}
      className="table-grid"
      role="grid"
      aria-label={path}
      aria-rowcount={count + HEADER_ROWS}
      aria-colcount={columns.length}
      aria-busy={props.busy || undefined}
      tabIndex={0}
    >
      <div className="table-grid-head" role="rowgroup">
        <div className="table-grid-row" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
          {columns.map((c, i) => {
            const sorted = sorting?.column === c ? (sorting.descending ? "descending" : "ascending") : undefined;
            return (
              <div
                key={c}
                className="table-grid-header"
                role="columnheader"
                aria-colindex={i + 1}
                data-column={c}
                aria-sort={sorted ?? (isFilterable(own(infos, c)) ? "none" : undefined)}
              >
                {isFilterable(own(infos, c)) ? (
                  <button type="button" className="table-sort" onClick={() => table.cycleSort(c)}>
                    <VisibleText text={c} />
                    <span aria-hidden="true">
                      {sorted === "ascending" ? " ▲" : sorted === "descending" ? " ▼" : ""}
                    </span>
                  </button>
                ) : (
                  <span title="lists and arrays neither sort nor filter">
                    <VisibleText text={c} />
                  </span>
                )}
              </div>
            );
          })}
        </div>
        <div className="table-grid-row" role="row" aria-rowindex={2} style={{ gridTemplateColumns: template }}>
          {columns.map((c, i) => (
            <div key={c} className="table-grid-filter" role="gridcell" aria-colindex={i + 1}>
              {isFilterable(own(infos, c)) && (
                <ColumnFilterInput
                  column={c}
                  text={own(props.filters, c)?.text ?? ""}
                  error={own(props.filterErrors, c) ?? null}
                  onText={(text) => props.onFilterText(c, text)}
                  moreShown={props.moreFiltersOf === c}
                  onMore={() => props.onMoreFilters(c)}
                />
              )}
            </div>
          ))}
        </div>
      </div>
      <div className="table-grid-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rowAt(item.index);
          return (
            <div
              key={item.index}
              className="table-grid-row"
              role="row"
              aria-rowindex={item.index + 1 + HEADER_ROWS}
              style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
            >
              {columns.map((c, i) => (
                <div key={c} className="table-grid-cell" role="gridcell" aria-colindex={i + 1} data-column={c}>
                  {row ? (
                    <TableCell
                      row={row}
                      position={item.index}
                      column={c}
                      value={own(row, c) ?? null}
                      info={own(infos, c) ?? null}
                      link={own(props.links, c)}
                      actions={props.actions}
                    />
                  ) : (
                    <span className="table-cell-loading">…</span>
                  )}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** A column's width in pixels: narrow for the row numbers, wider for paths and values. */
function widthOf(column: string, info: ColumnInfo | null): number {
  if (column === "_table_index" || column === "id") return 96;
  if (info?.kind === "scalar" && info.dtype === "bool") return 96;
  return 150;
}
