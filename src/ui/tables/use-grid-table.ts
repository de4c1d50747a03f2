import { useMemo } from "react";
import {
  columnOrderingFeature,
  columnVisibilityFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type ColumnOrderState,
  type ColumnVisibilityState,
  type SortingState,
} from "@tanstack/react-table";
import type { Row, SortOrder } from "../../core/tables/model";
import { own } from "./filter-text";

const features = tableFeatures({ columnOrderingFeature, columnVisibilityFeature, rowSortingFeature });
/**
 * The table model holds no rows: they live in the worker's view and come window by window (use-table-view), so
 * sorting is manual (the engine sorts) and the model's part is the columns, their visibility and the sort.
 */
const NO_ROWS: Row[] = [];

export type GridTable = ReturnType<typeof useGridTable>;

/**
 * The grid's column model: `columns` in view order (or in `order`, the user's), those in `hidden` left out, sorted
 * by `sort`. The model knows the columns by their position (`c0`, `c1`…), never by their names: a column may be
 * named `__proto__` or `constructor`, which the model's own maps by id would take for their prototype's.
 */
export function useGridTable(
  columns: string[],
  order: string[],
  hidden: string[],
  onHidden: (next: string[]) => void,
  sort: SortOrder | undefined,
  onSort: (next: SortOrder | undefined) => void,
) {
  const columnsKey = columns.join("\u0000");
  const names = useMemo(() => (columnsKey ? columnsKey.split("\u0000") : []), [columnsKey]);
  const defs = useMemo<ColumnDef<typeof features, Row>[]>(
    () => names.map((name, i) => ({ id: `c${i}`, accessorFn: (row: Row) => own(row, name) ?? null })),
    [names],
  );
  const idOf = (name: string) => `c${names.indexOf(name)}`;
  const nameOf = (id: string) => names[Number(id.slice(1))]!;
  const sorting: SortingState =
    sort && names.includes(sort.column) ? [{ id: idOf(sort.column), desc: sort.descending }] : [];
  const visibility: ColumnVisibilityState = Object.fromEntries(
    hidden.filter((n) => names.includes(n)).map((n) => [idOf(n), false]),
  );
  const columnOrder: ColumnOrderState = order.filter((n) => names.includes(n)).map(idOf);
  const table = useTable({
    features,
    columns: defs,
    data: NO_ROWS,
    manualSorting: true,
    enableMultiSort: false,
    state: { sorting, columnVisibility: visibility, columnOrder },
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      onSort(next[0] ? { column: nameOf(next[0].id), descending: next[0].desc } : undefined);
    },
    onColumnVisibilityChange: (updater) => {
      const next = typeof updater === "function" ? updater(visibility) : updater;
      onHidden(
        Object.keys(next)
          .filter((id) => next[id] === false)
          .map(nameOf),
      );
    },
  });
  return Object.assign(table, {
    /** The names of the shown columns, in order. */
    shownNames: () => table.getVisibleLeafColumns().map((c) => nameOf(c.id)),
    /** Every column, by name, with whether it is shown and a way to show or hide it. */
    columnsByName: () =>
      table.getAllLeafColumns().map((c) => ({
        name: nameOf(c.id),
        shown: c.getIsVisible(),
        show: (on: boolean) => c.toggleVisibility(on),
      })),
    /** The column sorted by, if any. */
    sortedBy: () => (sorting[0] ? { column: nameOf(sorting[0].id), descending: sorting[0].desc } : undefined),
    /** A header's button: ascending, then descending, then the table's own order. */
    cycleSort(column: string) {
      const id = idOf(column);
      const now = sorting[0]?.id === id ? sorting[0] : undefined;
      table.setSorting(!now ? [{ id, desc: false }] : !now.desc ? [{ id, desc: true }] : []);
    },
  });
}
