import type { CellValue, ColumnInfo, ColumnLinks, Row } from "../../core/tables/model";
import { VisibleText } from "../VisibleText";
import { cellText, expands, regionRows } from "./cell-text";

/** What a cell can lead to. */
export interface CellActions {
  /** The cell shown in full below the grid, if any. */
  expanded: { position: number; column: string } | null;
  expand(position: number, column: string, value: CellValue): void;
  /** A region cell: its target table, at these rows. */
  showRegion(row: Row, target: string, rows: number[]): void;
  /** A reference cell: the object, in its file's tree. */
  reveal(row: Row, path: string): void;
}

/**
 * One cell: a scalar as text; a ragged or N-D value by its length or shape, a button that shows its values; a
 * region by the rows it names, a button that opens its target table at them; a reference by its path, a button
 * that shows the object in the tree. Every string from the file goes through VisibleText.
 */
export function TableCell({
  row,
  position,
  column,
  value,
  info,
  link,
  actions,
}: {
  row: Row;
  position: number;
  column: string;
  value: CellValue;
  info: ColumnInfo | null;
  link: ColumnLinks | undefined;
  actions: CellActions;
}) {
  const text = cellText(value, info);
  if (value === null) return <span className="table-null" title="null" />;
  if (expands(info)) {
    const open = actions.expanded?.position === position && actions.expanded.column === column;
    return (
      <button
        type="button"
        className="table-cell-button"
        aria-expanded={open}
        onClick={() => actions.expand(position, column, value)}
      >
        {text}
      </button>
    );
  }
  if (info?.kind === "region" && link?.regionTarget) {
    const target = link.regionTarget;
    return (
      <button
        type="button"
        className="table-cell-button"
        title={`Show these rows of ${target}`}
        onClick={() => actions.showRegion(row, target, regionRows(value))}
      >
        {text}
      </button>
    );
  }
  if (info?.kind === "reference" && typeof value === "string") {
    return (
      <button
        type="button"
        className="table-cell-button"
        title="Show in the tree"
        onClick={() => actions.reveal(row, value)}
      >
        <VisibleText text={value} />
      </button>
    );
  }
  return (
    <span className="table-cell-text" title={text.length > 20 ? text : undefined}>
      <VisibleText text={text} />
    </span>
  );
}
