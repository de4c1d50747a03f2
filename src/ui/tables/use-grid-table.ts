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

const features = tableFeatures({ columnOrderingFeature, columnVisibilityFeature, rowSortingFeature });
/**
 * The table model holds no rows: they live in the worker's view and come window by window (use-table-view), so
 * sorting is manual (the engine sorts) and the model's part is the columns, their visibility and the sort.
 */
const NO_ROWS: Row[] = [];

export type GridTable = ReturnType<typeof useGridTable>;

/**
 * The grid's column model: `columns` in view order (or in `order`, the user's), those in `hidden` left out, sorted
 * by `sort`.
 */
export function useGridTable(
  columns: string[],
  order: ColumnOrderState,
  hidden: ColumnVisibilityState,
  onHidden: (next: ColumnVisibilityState) => void,
  sort: SortOrder | undefined,
  onSort: (next: SortOrder | undefined) => void,
) {
  const columnsKey = columns.join("\u0000");
  const defs = useMemo<ColumnDef<typeof features, Row>[]>(
    () => (columnsKey ? columnsKey.split("\u0000") : []).map((id) => ({ id, accessorFn: (row: Row) => row[id] })),
    [columnsKey],
  );
  const sorting: SortingState = sort ? [{ id: sort.column, desc: sort.descending }] : [];
  const table = useTable({
    features,
    columns: defs,
    data: NO_ROWS,
    manualSorting: true,
    enableMultiSort: false,
    state: { sorting, columnVisibility: hidden, columnOrder: order },
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      onSort(next[0] ? { column: next[0].id, descending: next[0].desc } : undefined);
    },
    onColumnVisibilityChange: (updater) => onHidden(typeof updater === "function" ? updater(hidden) : updater),
  });
  return Object.assign(table, {
    /** A header's button: ascending, then descending, then the table's own order. */
    cycleSort(column: string) {
      const now = sorting[0]?.id === column ? sorting[0] : undefined;
      table.setSorting(!now ? [{ id: column, desc: false }] : !now.desc ? [{ id: column, desc: true }] : []);
    },
  });
}
