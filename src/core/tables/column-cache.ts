import type { File } from "h5wasm";
import type { WholeColumn } from "./view-order";

/**
 * Whole scalar columns kept between views: the page opens a new view on each keystroke of a filter, and the
 * columns it filters and sorts on should not be read again each time. Bounded: the least recently used columns
 * go once the estimate passes the budget; a column bigger than the budget is never kept.
 */

const BUDGET_BYTES = 48 << 20;

interface Entry {
  file: File;
  key: string;
  values: WholeColumn;
  bytes: number;
}

const byFile = new WeakMap<File, Map<string, Entry>>();
const recent: Entry[] = []; // least recent first
let total = 0;

function estimate(values: WholeColumn): number {
  if ("numbers" in values) return 16 + values.numbers.byteLength;
  if (!("cells" in values)) return 16;
  let bytes = 16 + values.cells.length * 8;
  for (const v of values.cells) if (typeof v === "string") bytes += 16 + v.length * 2;
  return bytes;
}

/** The column's values for every row of the table, from the cache or `read` (then kept if it fits). */
export function wholeColumn(file: File, table: string, column: string, read: () => WholeColumn): WholeColumn {
  const key = `${table}\u0000${column}`;
  const map = byFile.get(file);
  const hit = map?.get(key);
  if (hit) {
    recent.splice(recent.indexOf(hit), 1);
    recent.push(hit);
    return hit.values;
  }
  const values = read();
  const bytes = estimate(values);
  if (bytes > BUDGET_BYTES) return values;
  const entry: Entry = { file, key, values, bytes };
  if (map) map.set(key, entry);
  else byFile.set(file, new Map([[key, entry]]));
  recent.push(entry);
  total += bytes;
  while (total > BUDGET_BYTES && recent.length > 1) {
    const old = recent.shift()!;
    byFile.get(old.file)?.delete(old.key);
    total -= old.bytes;
  }
  return values;
}

/** Forgets a file's columns (it was closed: a new File object may reuse nothing of it). */
export function forgetFile(file: File): void {
  const map = byFile.get(file);
  if (!map) return;
  for (const entry of map.values()) {
    recent.splice(recent.indexOf(entry), 1);
    total -= entry.bytes;
  }
  byFile.delete(file);
}
