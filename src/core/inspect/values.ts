import { Module, type Dataset, type Group, type Metadata } from "h5wasm";
import { h5wasm, pluginsFor } from "../hdf5/h5";
import type { FileSet } from "../hdf5/file-set";
import { referenceNamer } from "../tables/decode";
import { H5T, holdsVlen, readSlab } from "../tables/read-slab";
import { fieldDecoders, fieldNames, regionNamer, textDecoder, type Namers } from "./value-text";

/**
 * The values of a dataset, a page at a time: the page names a box (start and count per dimension) and only that box
 * is read, so a dataset of any size shows its first rows at the cost of those rows (and of the chunks they lie in).
 */

/** Elements one page may hold: 100 rows of 100 columns. A larger box is refused, never read. */
export const MAX_PAGE_ELEMENTS = 10_000;
/** Characters of one value a page carries; the rest is read on request (`readValueText`). */
export const MAX_CELL_CHARS = 2_000;

export interface ValuePage {
  /** The dataset's shape ([] for a scalar). */
  shape: number[];
  start: number[];
  /** Elements read per dimension (the box asked for, cut at the dataset's end). */
  count: number[];
  /** The member names of a compound type: each element then takes one cell per field. Null for other types. */
  fields: string[] | null;
  /** The texts of the box's elements in row-major order (fields one after another within an element). */
  cells: string[];
  /** The whole length of each cell cut to MAX_CELL_CHARS, by cell position. */
  cut: Record<number, number>;
}

/** One element's text, or a part of it: a long value read in steps. */
export interface ValueText {
  text: string;
  /** Characters of the whole value. */
  total: number;
}

function datasetAt(set: FileSet, fileName: string, path: string): Dataset {
  let e: unknown;
  try {
    e = set.file(fileName).get(path);
  } catch {
    e = null;
  }
  if (!(e instanceof h5wasm.Dataset)) throw new Error(`${path}: not a dataset`);
  return e;
}

function namersOf(set: FileSet, fileName: string): Namers {
  const fileId = set.file(fileName).file_id;
  return { objects: referenceNamer(fileId), regions: regionNamer(fileId) };
}

/** The box `start`/`count` checked against `shape` and cut at its end; throws where it cannot be read. */
export function clipBox(shape: number[], start: number[], count: number[]): number[] {
  if (start.length !== shape.length || count.length !== shape.length)
    throw new Error(`a page of a ${shape.length}-dimensional dataset needs ${shape.length} starts and counts`);
  const clipped = shape.map((n, d) => {
    const s = start[d]!;
    if (!Number.isInteger(s) || s < 0 || (s >= n && n > 0)) throw new Error(`start ${s} is outside 0…${n - 1}`);
    return Math.max(0, Math.min(count[d]!, n - s));
  });
  const elements = clipped.reduce((a, b) => a * b, 1);
  if (elements > MAX_PAGE_ELEMENTS)
    throw new Error(`a page holds at most ${MAX_PAGE_ELEMENTS} values; ${elements} were asked for`);
  return clipped;
}

/** Reads the box of a dataset (all of a scalar) and hands each element's fields to `each`. */
function readBox(
  set: FileSet,
  fileName: string,
  ds: Dataset,
  start: number[],
  count: number[],
  each: (texts: string[], element: number) => void,
): void {
  const meta = ds.metadata;
  const decoders = fieldDecoders(meta, namersOf(set, fileName));
  const decodeAll = (bytes: Uint8Array, elements: number) => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < elements; i++)
      each(
        decoders.map((d) => d(bytes, view, i * meta.size)),
        i,
      );
  };
  if (start.length) readSlab(ds, meta, start, count, decodeAll);
  else readScalar(ds, meta, decodeAll);
}

/** A scalar dataset's one element: a hyperslab needs a dimension, so the whole (one-element) dataspace is read. */
function readScalar(ds: Dataset, meta: Metadata, decode: (bytes: Uint8Array, elements: number) => void): void {
  pluginsFor(ds);
  readRaw(
    meta,
    1,
    decode,
    (ptr) => Module.get_dataset_data(ds.file_id, ds.path, null, null, null, BigInt(ptr)),
    (ptr) => Module.reclaim_vlen_memory(ds.file_id, ds.path, "", BigInt(ptr)),
  );
}

function readRaw(
  meta: Metadata,
  elements: number,
  decode: (bytes: Uint8Array, elements: number) => void,
  read: (ptr: number) => unknown,
  reclaim: (ptr: number) => unknown,
): void {
  const nbytes = Math.max(1, meta.size * elements);
  const ptr = Module._malloc(nbytes);
  if (!ptr) throw new Error(`cannot allocate ${nbytes} bytes to read a value`);
  let done = false;
  try {
    read(ptr);
    done = true;
    decode(Module.HEAPU8.slice(ptr, ptr + nbytes), elements);
  } finally {
    if (done && holdsVlen(meta)) reclaim(ptr);
    Module._free(ptr);
  }
}

/** A page of a dataset's values: the box `start`/`count` (empty for a scalar), long texts cut. */
export function readValuePage(
  set: FileSet,
  fileName: string,
  path: string,
  start: number[],
  count: number[],
): ValuePage {
  const ds = datasetAt(set, fileName, path);
  const shape = ds.shape ?? [];
  const clipped = clipBox(shape, start, count);
  const cells: string[] = [];
  const cut: Record<number, number> = {};
  readBox(set, fileName, ds, start, clipped, (texts) => {
    for (const text of texts) {
      if (text.length > MAX_CELL_CHARS) cut[cells.length] = text.length;
      cells.push(text.length > MAX_CELL_CHARS ? text.slice(0, MAX_CELL_CHARS) : text);
    }
  });
  return { shape, start, count: clipped, fields: fieldNames(ds.metadata), cells, cut };
}

/** Part of one element's text (of field `field` for a compound), for reading a long value in steps. */
export function readValueText(
  set: FileSet,
  fileName: string,
  path: string,
  index: number[],
  field: number,
  offset: number,
  limit: number,
): ValueText {
  const ds = datasetAt(set, fileName, path);
  const shape = ds.shape ?? [];
  const ones = shape.map(() => 1);
  clipBox(shape, index, ones);
  let text = "";
  readBox(set, fileName, ds, index, ones, (texts) => (text = texts[field] ?? ""));
  return { text: text.slice(offset, offset + limit), total: text.length };
}

/**
 * An attribute's value as one text, read whole (attributes are small): a scalar as itself, an array's elements
 * joined by commas, strings among several in quotes so that a comma inside one does not read as two.
 */
export function attributeText(set: FileSet, fileName: string, owner: Group | Dataset, name: string): string {
  const meta = Module.get_attribute_metadata(owner.file_id, owner.path, name);
  const texts = attributeTexts(set, fileName, owner, meta, name);
  return meta.type === H5T.STRING && texts.length !== 1 ? texts.map((t) => `"${t}"`).join(", ") : texts.join(", ");
}

/** An attribute's elements as texts (a compound's as `{field: value, …}`). */
function attributeTexts(
  set: FileSet,
  fileName: string,
  owner: Group | Dataset,
  meta: Metadata,
  name: string,
): string[] {
  const whole = textDecoder(meta, namersOf(set, fileName));
  const texts: string[] = [];
  readRaw(
    meta,
    meta.total_size,
    (bytes, elements) => {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < elements; i++) texts.push(whole(bytes, view, i * meta.size));
    },
    (ptr) => Module.get_attribute_data(owner.file_id, owner.path, name, BigInt(ptr)),
    (ptr) => Module.reclaim_vlen_memory(owner.file_id, owner.path, name, BigInt(ptr)),
  );
  return texts;
}
