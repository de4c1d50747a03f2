import { useState } from "react";
import { LEADING_COLUMNS } from "../../core/tables/model";
import { VisibleText } from "../VisibleText";
import type { GridTable } from "./use-grid-table";

const LEADING = new Set<string>(LEADING_COLUMNS);

/**
 * The column chooser: a checkbox per column (hidden columns are neither drawn nor read, nor exported), and the
 * shown columns as a list to edit, as the CLI's `--columns` takes it: the named ones, in that order, after the
 * four leading ones.
 */
export function ColumnChooser({
  table,
  path,
  onList,
}: {
  table: GridTable;
  path: string;
  /** Shows exactly `names` (besides the leading four), in that order. */
  onList: (names: string[]) => void;
}) {
  const columns = table.columnsByName();
  const shown = table
    .shownNames()
    .filter((c) => !LEADING.has(c))
    .join(", ");
  const [list, setList] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  const apply = () => {
    const names = list
      .split(",")
      .map((n) => n.trim())
      .filter(Boolean);
    const known = new Set(columns.map((c) => c.name));
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length) return setError(`no column ${unknown.join(", ")}`);
    setError(null);
    onList(names.filter((n) => !LEADING.has(n)));
  };
  return (
    <fieldset className="table-columns">
      <legend>
        Columns of <VisibleText text={path} />
      </legend>
      <button type="button" onClick={() => table.toggleAllColumnsVisible(true)}>
        Show all
      </button>
      {columns.map((c) => (
        <label key={c.name}>
          <input type="checkbox" data-column={c.name} checked={c.shown} onChange={(e) => c.show(e.target.checked)} />
          <VisibleText text={c.name} />
        </label>
      ))}
      <form
        className="table-column-list"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <label>
          Shown columns, in order{" "}
          <input
            type="text"
            value={list}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setList(e.target.value)}
          />
        </label>{" "}
        <button type="submit">Show these</button>
        {error && (
          <span className="table-filter-error">
            {" "}
            <VisibleText text={error} />
          </span>
        )}
      </form>
    </fieldset>
  );
}
