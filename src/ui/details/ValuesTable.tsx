import type { ValuePage } from "../../core/inspect/values";
import { VisibleText } from "../VisibleText";
import { LongText } from "./LongText";

type ReadText = (index: number[], field: number) => (offset: number, limit: number) => Promise<{ text: string }>;

/**
 * A page of an array's values: a row header with each row's index, then one column per field (a 1-D compound), per
 * index of the last dimension (2-D and N-D), or a single "Value" column. Indices count from 0, as HDF5 does.
 */
export function ValuesTable({ page, path, readText }: { page: ValuePage; path: string; readText: ReadText }) {
  const rank = page.shape.length;
  const rows = rank === 1 ? page.count[0]! : page.count[rank - 2]!;
  const columns = rank === 1 ? 1 : page.count[rank - 1]!;
  const fields = page.fields ?? [];
  // A 1-D compound takes a column per field; elsewhere a compound element is one cell, its fields in braces.
  const byField = rank === 1 && fields.length > 0;
  const perElement = Math.max(1, fields.length);
  const firstRow = page.start[rank === 1 ? 0 : rank - 2]!;
  const firstColumn = rank === 1 ? 0 : page.start[rank - 1]!;
  const lead = page.start.slice(0, Math.max(0, rank - 2));
  const indexOf = (r: number, c: number) => (rank === 1 ? [firstRow + r] : [...lead, firstRow + r, firstColumn + c]);

  const cell = (element: number, field: number, index: number[]) => {
    const at = element * perElement + field;
    const whole = page.cut[at];
    const text = page.cells[at] ?? "";
    if (whole === undefined) return <VisibleText text={text} />;
    const label = `${path}[${index.join(", ")}]${page.fields ? `.${page.fields[field]}` : ""}`;
    return <LongText label={label} beginning={text} total={whole} read={readText(index, field)} />;
  };
  const elementText = (element: number) =>
    fields.map((f, i) => `${f}: ${page.cells[element * perElement + i] ?? ""}`).join(", ");

  return (
    <div className="values-scroll" role="region" aria-label={`Values of ${path}`} tabIndex={0}>
      <table className="values-table">
        <thead>
          <tr>
            <th scope="col">Row</th>
            {byField ? (
              fields.map((f, i) => (
                <th key={i} scope="col">
                  <VisibleText text={f} />
                </th>
              ))
            ) : rank === 1 ? (
              <th scope="col">Value</th>
            ) : (
              Array.from({ length: columns }, (_, c) => (
                <th key={c} scope="col">
                  {firstColumn + c}
                </th>
              ))
            )}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, r) => (
            <tr key={r}>
              <th scope="row">{firstRow + r}</th>
              {byField
                ? fields.map((_, f) => <td key={f}>{cell(r, f, indexOf(r, 0))}</td>)
                : Array.from({ length: columns }, (_, c) => {
                    const element = r * columns + c;
                    return (
                      <td key={c}>
                        {fields.length ? (
                          <VisibleText text={`{${elementText(element)}}`} />
                        ) : (
                          cell(element, 0, indexOf(r, c))
                        )}
                      </td>
                    );
                  })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
