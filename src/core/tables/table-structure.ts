import { Module, type Dataset, type File, type Group, type Metadata } from "h5wasm";
import { h5wasm } from "../hdf5/h5";
import { isBooleanEnum } from "./decode";
import type { ColumnInfo, ColumnKind, ColumnLinks, ElementType } from "./model";
import { H5T } from "./read-slab";
import { stored, type Stored } from "./read-ranges";

/**
 * What a table is made of (spec §1–§3, §7), from shapes, types and attributes only: no column data is read.
 * Ragged pairs are found by the index's `target` attribute and regions by the `table` attribute, never by names.
 */

/** One column: its data and the chain of indexes in front of it (outermost first: rows → … → data). */
export interface ColumnSource {
  info: ColumnInfo;
  data: Stored;
  indexes: Stored[];
  links: ColumnLinks;
  /** Rows the column has after indexing: the outermost index's length, or the data's. */
  rows: number;
}

export interface TableStructure {
  path: string;
  neurodataType: string;
  namespace: string;
  id: ColumnSource;
  /** The colnames that have a dataset, in colnames order. */
  columns: ColumnSource[];
  warnings: string[];
  /** Columns whose row count differs from len(id): the table cannot be read (spec §2). */
  problems: string[];
}

/** HDF5 object type numbers from h5wasm's get_type. */
function objectType(file: File, path: string): number {
  try {
    return Module.get_type(file.file_id, path);
  } catch {
    return -1;
  }
}

/**
 * Whether an object's header can be read at all. get_type reports a damaged header (its checksum fails) as a group,
 * so a column whose header is damaged would look like a column without a dataset; reading its attribute names fails.
 */
function headerReadable(file: File, path: string): boolean {
  try {
    Module.get_attribute_names(file.file_id, path);
    return true;
  } catch {
    return false;
  }
}

export const isGroup = (file: File, path: string) => objectType(file, path) === Module.H5G_GROUP;
const isDataset = (file: File, path: string) => objectType(file, path) === Module.H5G_DATASET;

export function attributeNames(file: File, path: string): string[] {
  try {
    return Module.get_attribute_names(file.file_id, path);
  } catch {
    return [];
  }
}

function attributeValue(entity: Group | Dataset, name: string): unknown {
  try {
    return entity.attrs[name]?.value ?? null;
  } catch {
    return null;
  }
}

function attributeText(entity: Group | Dataset, name: string): string {
  const v = attributeValue(entity, name);
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === "string" ? first : "";
}

/** The bytes of an object-reference attribute, or null. */
function referenceBytes(entity: Group | Dataset, name: string): Uint8Array | null {
  const v = attributeValue(entity, name);
  const ref = Array.isArray(v) ? v[0] : v;
  return (ref as { ref_data?: Uint8Array } | null)?.ref_data ?? null;
}

/**
 * Which object a path leads to, as an object reference holds it (its header's address): the same whatever link
 * leads there, so an index finds its target even through a soft or second hard link to the table.
 */
function objectIdentity(file: File, path: string): string {
  try {
    return Module.create_object_reference(file.file_id, path).join(",");
  } catch {
    return path;
  }
}

/** The path an object-reference attribute points to, or null. */
function referencedPath(file: File, entity: Group | Dataset, name: string): string | null {
  const bytes = referenceBytes(entity, name);
  if (!bytes) return null;
  try {
    return (Module.get_referenced_name(file.file_id, bytes, true) as string | null) ?? null;
  } catch {
    return null;
  }
}

/** A group is a table when it has a `colnames` attribute and an `id` dataset (spec §1). */
export function isTable(file: File, path: string): boolean {
  return isGroup(file, path) && attributeNames(file, path).includes("colnames") && isDataset(file, join(path, "id"));
}

export const join = (group: string, name: string) => (group === "/" ? `/${name}` : `${group}/${name}`);

function colnames(group: Group): string[] {
  const v = attributeValue(group, "colnames");
  if (v === null || v === undefined) return [];
  // hdmf writes an empty colnames as h5py stores an empty tuple: a 0-length float64 array (a typed array here).
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<unknown>, String);
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => (typeof x === "string" ? x : String(x)));
}

export function elementType(meta: Metadata): ElementType {
  switch (meta.type) {
    case H5T.INTEGER:
    case H5T.BITFIELD:
      return `${meta.signed && meta.type === H5T.INTEGER ? "int" : "uint"}${meta.size * 8}` as ElementType;
    case H5T.FLOAT:
      return meta.size === 8 ? "float64" : "float32";
    case H5T.ENUM:
      return isBooleanEnum(meta) ? "bool" : (`${meta.signed ? "int" : "uint"}${meta.size * 8}` as ElementType);
    case H5T.REFERENCE:
      return "reference";
    case H5T.COMPOUND:
      return "compound";
    case H5T.ARRAY:
      return elementType(meta.array_type!);
    case H5T.VLEN:
      return elementType(meta.vlen_type!);
    default:
      return "string";
  }
}

function column(name: string, data: Stored, indexes: Stored[], regionTarget: string | null): ColumnSource {
  const { meta } = data;
  const arrayDims = meta.type === H5T.ARRAY ? (meta.array_type!.shape ?? []) : [];
  const shape = [...data.inner, ...arrayDims];
  const dtype = elementType(meta);
  const vlenSequence = meta.type === H5T.VLEN;
  let kind: ColumnKind;
  if (regionTarget !== null) kind = "region";
  else if (indexes.length >= 2) kind = "ragged2";
  else if (indexes.length === 1 || vlenSequence) kind = "ragged";
  else if (dtype === "reference") kind = "reference";
  else if (dtype === "compound") kind = "compound";
  else kind = shape.length ? "array" : "scalar";
  return {
    info: { name, kind, dtype, shape },
    data,
    indexes,
    links: regionTarget !== null ? { regionTarget } : {},
    rows: indexes.length ? indexes[0]!.length : data.length,
  };
}

/** The table at `path` (which must be one: see isTable), described from its metadata. */
export function tableStructure(file: File, fileName: string, path: string): TableStructure {
  const group = file.get(path) as Group;
  const warnings: string[] = [];
  const problems: string[] = [];
  // Indexes by the object their `target` references: the ragged pairs (spec §3).
  const datasets = new Map<string, Dataset>();
  const indexOf = new Map<string, Dataset>();
  const unreadable = new Set<string>();
  for (const key of group.keys()) {
    const childPath = join(path, key);
    if (!isDataset(file, childPath)) {
      if (!headerReadable(file, childPath)) unreadable.add(key);
      continue;
    }
    const ds = new h5wasm.Dataset(file.file_id, childPath);
    datasets.set(key, ds);
    if (!attributeNames(file, childPath).includes("target")) continue;
    const target = referenceBytes(ds, "target");
    if (target) indexOf.set(Array.from(target).join(","), ds);
  }
  const chain = (ds: Dataset): Stored[] => {
    const out: Stored[] = [];
    const seen = new Set<string>([ds.path]);
    const next = (d: Dataset) => indexOf.get(objectIdentity(file, d.path));
    for (let index = next(ds); index && !seen.has(index.path); index = next(index)) {
      seen.add(index.path);
      out.unshift(stored(index));
    }
    return out;
  };
  const idSource = column("id", stored(datasets.get("id")!), [], null);
  const columns: ColumnSource[] = [];
  for (const name of colnames(group)) {
    const ds = datasets.get(name);
    if (!ds && unreadable.has(name)) {
      problems.push(
        `${fileName}: table ${path}: column "${name}": its object header cannot be read; the file is probably damaged`,
      );
      continue;
    }
    if (!ds) {
      warnings.push(`${fileName}: table ${path}: column "${name}" is in colnames but has no dataset; left out`);
      continue;
    }
    if (columns.some((c) => c.info.name === name)) continue; // named twice in colnames
    const regionTarget = attributeNames(file, ds.path).includes("table") ? referencedPath(file, ds, "table") : null;
    const source = column(name, stored(ds), chain(ds), regionTarget);
    if (source.rows !== idSource.rows)
      problems.push(
        `${fileName}: table ${path}: column "${name}" has ${source.rows} rows but the table has ${idSource.rows} (len(id))`,
      );
    columns.push(source);
  }
  return {
    path,
    neurodataType: attributeText(group, "neurodata_type"),
    namespace: attributeText(group, "namespace"),
    id: idSource,
    columns,
    warnings,
    problems,
  };
}
