import { useId, useState, type FormEvent } from "react";
import { clampIndex, extent, PAGE_COLUMNS, PAGE_ROWS, rangeWords, type PagePlace } from "./value-paging";

export interface PageControlsProps {
  shape: number[];
  place: PagePlace;
  /** Rows and columns the current page holds. */
  rows: number;
  columns: number;
  onMove: (place: PagePlace) => void;
}

/** Moves a page of values: previous and next rows (and columns), go to a row or column, the slice of an N-D dataset. */
export function PageControls({ shape, place, rows, columns, onMove }: PageControlsProps) {
  const size = extent(shape);
  const twoD = shape.length >= 2;
  return (
    <div className="values-controls">
      {shape.length > 2 && (
        <fieldset className="values-slice">
          <legend>Slice (the last two dimensions are the rows and columns)</legend>
          {place.lead.map((index, d) => (
            <IndexField
              key={d}
              label={`Index in dimension ${d}`}
              size={shape[d]!}
              value={index}
              onChange={(i) => onMove({ ...place, lead: place.lead.map((x, k) => (k === d ? i : x)) })}
            />
          ))}
        </fieldset>
      )}
      <p className="values-range" aria-live="polite">
        {rangeWords("Rows", place.row, rows, size.rows)}
        {twoD && `; ${rangeWords("columns", place.column, columns, size.columns)}`}
      </p>
      <Stepper word="rows" at={place.row} step={PAGE_ROWS} size={size.rows} onGo={(row) => onMove({ ...place, row })} />
      {twoD && (
        <Stepper
          word="columns"
          at={place.column}
          step={PAGE_COLUMNS}
          size={size.columns}
          onGo={(column) => onMove({ ...place, column })}
        />
      )}
    </div>
  );
}

/** Previous / next page along one axis, and "Go to row" (or column) by index. */
function Stepper(props: {
  word: "rows" | "columns";
  at: number;
  step: number;
  size: number;
  onGo: (at: number) => void;
}) {
  const { word, at, step, size, onGo } = props;
  const one = word === "rows" ? "row" : "column";
  const [text, setText] = useState("");
  const id = useId();
  const go = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() !== "") onGo(clampIndex(Number(text), size));
  };
  return (
    <form className="values-stepper" onSubmit={go}>
      <button type="button" disabled={at === 0} onClick={() => onGo(Math.max(0, at - step))}>
        Previous {word}
      </button>
      <button type="button" disabled={at + step >= size} onClick={() => onGo(at + step)}>
        Next {word}
      </button>
      <label htmlFor={id}>Go to {one}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={0}
        max={Math.max(0, size - 1)}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" aria-label={`Go to ${one}`}>
        Go
      </button>
    </form>
  );
}

function IndexField(props: { label: string; size: number; value: number; onChange: (index: number) => void }) {
  const { label, size, value, onChange } = props;
  const id = useId();
  return (
    <span className="values-index">
      <label htmlFor={id}>
        {label} (0–{Math.max(0, size - 1).toLocaleString("en")})
      </label>
      <input
        id={id}
        type="number"
        min={0}
        max={Math.max(0, size - 1)}
        value={value}
        onChange={(e) => onChange(clampIndex(e.target.valueAsNumber, size))}
      />
    </span>
  );
}
