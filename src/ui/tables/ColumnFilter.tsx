import { useEffect, useState } from "react";
import type { CellValue } from "../../core/tables/model";
import type { ColumnFilter } from "./filter-text";

/** Most distinct values a column may have for a value list (more: the filter text is the way). */
export const VALUE_LIST_LIMIT = 50;

/**
 * A column's filter under its name: the text (`> 2.5`, `in good,mua`, a bare value), and a button for its range
 * and value-list filters.
 */
export function ColumnFilterInput({
  column,
  text,
  error,
  onText,
  moreShown,
  onMore,
}: {
  column: string;
  text: string;
  error: string | null;
  onText: (text: string) => void;
  moreShown: boolean;
  onMore: () => void;
}) {
  return (
    <span className="table-filter">
      <input
        type="text"
        aria-label={`Filter ${column}`}
        placeholder="filter"
        title={error ?? "a value, or an operator and a value: > 2.5, in good,mua, contains x, == null, 1..5"}
        aria-invalid={error ? true : undefined}
        value={text}
        onChange={(e) => onText(e.target.value)}
      />
      <button
        type="button"
        className="table-filter-more"
        aria-label={`More filters for ${column}`}
        aria-expanded={moreShown}
        onClick={onMore}
      >
        ⋯
      </button>
    </span>
  );
}

/**
 * A column's range (numeric columns: minimum and maximum, each a `>=` / `<=` condition) and its value list (the
 * column's distinct values in the whole table, when there are at most VALUE_LIST_LIMIT: the ticked ones make an
 * `in` condition).
 */
export function MoreFilters({
  column,
  numeric,
  filter,
  error,
  distinct,
  onChange,
  onClose,
}: {
  column: string;
  numeric: boolean;
  filter: ColumnFilter;
  error: string | null;
  /** Reads the column's distinct values (null: too many). */
  distinct: () => Promise<CellValue[] | null>;
  onChange: (patch: Partial<ColumnFilter>) => void;
  onClose: () => void;
}) {
  const [values, setValues] = useState<string[] | null | "reading" | { error: string }>("reading");
  useEffect(() => {
    let current = true;
    distinct().then(
      (found) => current && setValues(found && found.filter((v) => v !== null).map((v) => valueString(v))),
      (e: unknown) => current && setValues({ error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      current = false;
    };
  }, [distinct]);
  // Ticked values stay listed, even one typed into an earlier `in` that the table does not have.
  const listed = Array.isArray(values) ? [...new Set([...values, ...filter.values])] : filter.values;
  const toggle = (value: string, on: boolean) =>
    onChange({ values: on ? [...filter.values, value] : filter.values.filter((v) => v !== value) });
  return (
    <div className="table-more-filters" role="group" aria-label={`Filters of ${column}`}>
      {numeric && (
        <span className="table-range">
          <label>
            At least{" "}
            <input
              type="text"
              inputMode="decimal"
              value={filter.min}
              onChange={(e) => onChange({ min: e.target.value })}
            />
          </label>
          <label>
            at most{" "}
            <input
              type="text"
              inputMode="decimal"
              value={filter.max}
              onChange={(e) => onChange({ max: e.target.value })}
            />
          </label>
        </span>
      )}
      {error && <span className="table-filter-error">{error}</span>}
      {values === "reading" && <span className="table-note">Reading the values of {column}…</span>}
      {values === null && (
        <span className="table-note">
          More than {VALUE_LIST_LIMIT} distinct values: filter by text ({numeric ? "> 2.5, 1..5" : "contains x"}).
        </span>
      )}
      {values !== null && typeof values === "object" && !Array.isArray(values) && (
        <span className="table-filter-error">Could not read the values: {values.error}</span>
      )}
      {listed.length > 0 && (
        <fieldset className="table-value-list">
          <legend>Values of {column}</legend>
          {listed.map((v) => (
            <label key={v}>
              <input
                type="checkbox"
                checked={filter.values.includes(v)}
                onChange={(e) => toggle(v, e.target.checked)}
              />
              {v}
            </label>
          ))}
        </fieldset>
      )}
      <button type="button" onClick={() => onChange({ text: "", min: "", max: "", values: [] })}>
        Clear filters of {column}
      </button>
      <button type="button" onClick={onClose}>
        Done
      </button>
    </div>
  );
}

/** A value as the filter's text takes it (strings as they are, numbers and booleans spelled out). */
const valueString = (v: CellValue) => (typeof v === "string" ? v : JSON.stringify(v));
