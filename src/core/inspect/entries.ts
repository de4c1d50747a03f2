import type { File } from "h5wasm";
import { h5wasm } from "../hdf5/h5";
import type { NodeKind } from "./tree";

/** The names in a group (none for anything else or an unreadable group). */
export function groupKeys(file: File, path: string): string[] {
  try {
    const g = file.get(path);
    return g instanceof h5wasm.Group ? g.keys() : [];
  } catch {
    return [];
  }
}

/** What the entry at `path` is, links reported as links and never followed; null when there is nothing there. */
export function entryKind(file: File, path: string): NodeKind | null {
  try {
    if ((file.get_external_link(path) as { filename?: string }).filename) return "external-link";
  } catch {
    // not an external link
  }
  try {
    if (file.get_link(path)) return "soft-link";
  } catch {
    // not a soft link
  }
  try {
    const e = file.get(path);
    if (e instanceof h5wasm.Group) return "group";
    if (e instanceof h5wasm.Dataset) return "dataset";
    return e ? "datatype" : null;
  } catch {
    return null;
  }
}
