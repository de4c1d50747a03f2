import type { Attribute, Dataset, File, Group } from "h5wasm";
import { h5wasm, pluginsFor } from "../hdf5/h5";
import { capText, toText } from "./text";

/** Small typed accessors over h5wasm values, tolerant of what older writers did. */

export function attrNames(entity: Group | Dataset): string[] {
  try {
    return Object.keys(entity.attrs);
  } catch {
    return [];
  }
}

export function attr(entity: Group | Dataset, name: string): Attribute | null {
  return attrNames(entity).includes(name) ? (entity.attrs[name] ?? null) : null;
}

export function attrText(entity: Group | Dataset, name: string): string {
  const a = attr(entity, name);
  return a ? capText(toText(a.value, a.metadata.cset)) : "";
}

export function attrNumber(entity: Group | Dataset, name: string, fallback: number): number {
  const a = attr(entity, name);
  if (!a) return fallback;
  const v = scalar(a.value);
  return typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : fallback;
}

function scalar(v: unknown): unknown {
  if (ArrayBuffer.isView(v)) return (v as unknown as ArrayLike<unknown>)[0];
  if (Array.isArray(v)) return v[0];
  return v;
}

export function child(group: Group, name: string): Group | Dataset | null {
  const e = group.get(name);
  return e instanceof h5wasm.Group || e instanceof h5wasm.Dataset ? e : null;
}

/** A dataset's whole value, read after its filter plugins are in place. */
export function valueOf(d: Dataset): Dataset["value"] {
  pluginsFor(d);
  return d.value;
}

function sliceOf(d: Dataset, rows: number): Dataset["value"] {
  pluginsFor(d);
  return d.slice([[0, rows]]);
}

export function dataset(file: File | Group, path: string): Dataset | null {
  try {
    const e = file.get(path);
    return e instanceof h5wasm.Dataset ? e : null;
  } catch {
    return null;
  }
}

export function group(file: File | Group, path: string): Group | null {
  try {
    const e = file.get(path);
    return e instanceof h5wasm.Group ? e : null;
  } catch {
    return null;
  }
}

/** Text of a (small) string dataset, scalar or list; a long one cut (capText). */
export function datasetText(file: File, path: string): string {
  const d = dataset(file, path);
  if (!d) return "";
  return capText(toText(valueOf(d), d.metadata.cset));
}

const MAX_LIST_ITEMS = 1_000;

export function datasetTextList(file: File, path: string): string[] {
  const d = dataset(file, path);
  if (!d) return [];
  // A list of a million keywords is read as its first MAX_LIST_ITEMS, never whole.
  const shape = d.shape ?? [];
  const v = shape.length === 1 && shape[0]! > MAX_LIST_ITEMS ? sliceOf(d, MAX_LIST_ITEMS) : valueOf(d);
  // A numeric list (typed array) lists its numbers, one item each, like a list of strings.
  const list = ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number | bigint>) : v;
  const items = Array.isArray(list) ? list.slice(0, MAX_LIST_ITEMS) : [list];
  return items.map((x) => capText(toText(x, d.metadata.cset)));
}

/** A numeric dataset as float64 numbers (small datasets only: tables, conversions). */
export function datasetNumbers(d: Dataset): number[] {
  const v = valueOf(d);
  if (v === null || v === undefined) return [];
  if (typeof v === "number" || typeof v === "bigint") return [Number(v)];
  return Array.from(v as ArrayLike<number | bigint>, Number);
}

export function firstNumber(d: Dataset): number {
  return datasetNumbers(d)[0] ?? NaN;
}
