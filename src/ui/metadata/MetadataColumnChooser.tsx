import { useId, useState } from "react";
import type { MetadataColumn } from "../csv";

/**
 * Which columns of the metadata table are shown: a checkbox each (the file name always), plus "Show all" and
 * "Only columns with values". Named "Metadata columns" so it is not confused with a table grid's "Columns".
 */
export function MetadataColumnChooser(props: {
  columns: MetadataColumn[];
  shown: Set<string>;
  withValues: Set<string>;
  onChange: (choice: Record<string, boolean>) => void;
}) {
  const { columns, shown, withValues, onChange } = props;
  const [open, setOpen] = useState(false);
  const id = useId();
  const all = (pick: (c: MetadataColumn) => boolean) =>
    onChange(Object.fromEntries(columns.map((c) => [c.id, pick(c)])));
  return (
    <>
      <button type="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        Metadata columns
      </button>
      <span className="metadata-count">
        {shown.size} of {columns.length} columns shown
      </span>
      {open && (
        <fieldset id={id} className="metadata-chooser">
          <legend>Metadata columns to show</legend>
          <div className="metadata-chooser-actions">
            <button type="button" onClick={() => all(() => true)}>
              Show all
            </button>
            <button type="button" onClick={() => all((c) => withValues.has(c.id))}>
              Only columns with values
            </button>
          </div>
          <div className="metadata-chooser-boxes">
            {columns.map((c) => (
              <label key={c.id}>
                <input
                  type="checkbox"
                  checked={c.id === "file" || shown.has(c.id)}
                  disabled={c.id === "file"}
                  aria-describedby={withValues.has(c.id) ? undefined : `${id}-empty`}
                  onChange={(e) => onChange({ [c.id]: e.target.checked })}
                />{" "}
                {c.header}
                {!withValues.has(c.id) && (
                  <span className="metadata-chooser-empty" aria-hidden="true">
                    {" "}
                    (empty)
                  </span>
                )}
              </label>
            ))}
          </div>
          <p id={`${id}-empty`} className="metadata-chooser-note">
            Empty: no open file has a value in this column; such columns are hidden until you show them.
          </p>
        </fieldset>
      )}
    </>
  );
}
