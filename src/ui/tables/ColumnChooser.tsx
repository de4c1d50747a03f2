import { VisibleText } from "../VisibleText";
import type { GridTable } from "./use-grid-table";

/** The column chooser: a checkbox per column; hidden columns are neither drawn nor read, nor exported. */
export function ColumnChooser({ table, path }: { table: GridTable; path: string }) {
  const columns = table.getAllLeafColumns();
  return (
    <fieldset className="table-columns">
      <legend>
        Columns of <VisibleText text={path} />
      </legend>
      <button type="button" onClick={() => table.toggleAllColumnsVisible(true)}>
        Show all
      </button>
      {columns.map((c) => (
        <label key={c.id}>
          <input
            type="checkbox"
            data-column={c.id}
            checked={c.getIsVisible()}
            onChange={(e) => c.toggleVisibility(e.target.checked)}
          />
          <VisibleText text={c.id} />
        </label>
      ))}
    </fieldset>
  );
}
