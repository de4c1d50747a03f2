/**
 * Which part of a dataset a page of values shows. The last dimension is the columns (of a 2-D or N-D dataset), the
 * one before it the rows (the only one of a 1-D dataset); any dimensions before those are fixed at one index each
 * (the slice being looked at). Only that box is read.
 */

/** Rows a page shows. */
export const PAGE_ROWS = 100;
/** Columns a page of a 2-D (or N-D) dataset shows. */
export const PAGE_COLUMNS = 20;

export interface PagePlace {
  /** First row shown. */
  row: number;
  /** First column shown (2-D and N-D). */
  column: number;
  /** The index of each leading dimension (N-D: all but the last two). */
  lead: number[];
}

export const firstPlace = (shape: number[]): PagePlace => ({
  row: 0,
  column: 0,
  lead: shape.slice(0, Math.max(0, shape.length - 2)).map(() => 0),
});

/** Rows and columns of the dataset as the page sees it (a 1-D dataset: one column). */
export function extent(shape: number[]): { rows: number; columns: number } {
  if (shape.length === 0) return { rows: 1, columns: 1 };
  if (shape.length === 1) return { rows: shape[0]!, columns: 1 };
  return { rows: shape[shape.length - 2]!, columns: shape[shape.length - 1]! };
}

/** The box (start and count per dimension) a page at `place` reads. */
export function pageBox(shape: number[], place: PagePlace): { start: number[]; count: number[] } {
  if (shape.length === 0) return { start: [], count: [] };
  const { rows, columns } = extent(shape);
  const rowCount = Math.max(0, Math.min(PAGE_ROWS, rows - place.row));
  if (shape.length === 1) return { start: [place.row], count: [rowCount] };
  const columnCount = Math.max(0, Math.min(PAGE_COLUMNS, columns - place.column));
  return {
    start: [...place.lead, place.row, place.column],
    count: [...place.lead.map(() => 1), rowCount, columnCount],
  };
}

/** `wanted` kept within 0…size − 1 (0 when there is nothing); NaN (an empty field) goes to 0. */
export function clampIndex(wanted: number, size: number): number {
  if (!Number.isFinite(wanted) || size <= 0) return 0;
  return Math.min(size - 1, Math.max(0, Math.floor(wanted)));
}

/** "Rows 100–199 of 1,000": what a page shows, in words (indices from 0, as HDF5 and h5py count). */
export function rangeWords(word: string, first: number, count: number, total: number): string {
  const n = (x: number) => x.toLocaleString("en");
  if (count === 0) return `No ${word.toLowerCase()} (0 of ${n(total)})`;
  return `${word} ${n(first)}–${n(first + count - 1)} of ${n(total)}`;
}
