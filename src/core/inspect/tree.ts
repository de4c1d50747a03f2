import type { Dataset, File, Group } from "h5wasm";
import { h5wasm } from "../hdf5/h5";
import type { FileSet } from "../hdf5/file-set";
import { toText } from "../nwb/text";
import { storedSize } from "./stored-size";

export interface FilterSummary {
  id: number;
  name: string;
  options: number[];
}

export interface DatasetSummary {
  shape: number[];
  dtype: string;
  chunks: number[] | null;
  filters: FilterSummary[];
  /** Bytes of the values as the reader sees them; null for variable-length data. */
  logicalBytes: number | null;
  /** Bytes the dataset occupies in the file, or null where the engine cannot tell. */
  storedBytes: number | null;
}

export interface AttributeSummary {
  name: string;
  value: string;
  /** Characters left out of `value`, when it was cut. */
  truncated: number;
}

export type NodeKind = "group" | "dataset" | "datatype" | "soft-link" | "external-link";

export interface TreeNode {
  name: string;
  path: string;
  kind: NodeKind;
  /** Link target: a path, or file:path for external links. */
  target?: string;
  /** An external link whose file is not among the opened ones, or a dangling soft link. */
  broken?: boolean;
  dataset?: DatasetSummary;
  /** Number of children (groups); listed with `listChildren`. */
  childCount?: number;
}

const MAX_ATTR_CHARS = 200;

/** The entries of one group, links reported as links (never followed). */
export function listChildren(set: FileSet, fileName: string, path: string): TreeNode[] {
  const file = set.file(fileName);
  const g = file.get(path);
  if (!(g instanceof h5wasm.Group)) return [];
  return g.keys().map((name) => describe(set, fileName, file, path === "/" ? `/${name}` : `${path}/${name}`));
}

function describe(set: FileSet, fileName: string, file: File, path: string): TreeNode {
  const name = path.split("/").pop()!;
  const external = externalLink(file, path);
  if (external) {
    const target = external.filename.split(/[\\/]/).pop()!;
    return { name, path, kind: "external-link", target: `${target}:${external.obj_path}`, broken: !set.has(target) };
  }
  const soft = softLink(file, path);
  if (soft) {
    const e = safeGet(file, path);
    return {
      name,
      path,
      kind: "soft-link",
      target: soft,
      broken: !(e instanceof h5wasm.Group || e instanceof h5wasm.Dataset),
    };
  }
  const e = safeGet(file, path);
  if (e instanceof h5wasm.Group) return { name, path, kind: "group", childCount: safeKeys(e).length };
  if (e instanceof h5wasm.Dataset) return { name, path, kind: "dataset", dataset: summarizeDataset(set, fileName, e) };
  return { name, path, kind: "datatype" };
}

function externalLink(file: File, path: string): { filename: string; obj_path: string } | null {
  try {
    const l = file.get_external_link(path) as { filename?: string; obj_path?: string };
    return l.filename ? { filename: l.filename, obj_path: l.obj_path ?? "/" } : null;
  } catch {
    return null;
  }
}

function softLink(file: File, path: string): string | null {
  try {
    return file.get_link(path) || null;
  } catch {
    return null;
  }
}

function safeGet(file: File, path: string) {
  try {
    return file.get(path);
  } catch {
    return null;
  }
}

function safeKeys(g: Group): string[] {
  try {
    return g.keys();
  } catch {
    return [];
  }
}

export function summarizeDataset(set: FileSet, fileName: string, ds: Dataset): DatasetSummary {
  const meta = ds.metadata;
  const shape = ds.shape ?? [];
  const count = shape.reduce((a, b) => a * b, 1);
  let filters: FilterSummary[];
  try {
    filters = ds.filters.map((f) => ({ id: f.id, name: f.name, options: Array.from(f.cd_values) }));
  } catch {
    filters = [];
  }
  return {
    shape,
    dtype: typeof ds.dtype === "string" ? ds.dtype : JSON.stringify(ds.dtype),
    chunks: meta.chunks ?? null,
    filters,
    logicalBytes: meta.vlen ? null : count * meta.size,
    storedBytes: storedSize(set.source(fileName), ds),
  };
}

/** Attributes of an object, long values cut with a count of what was left out. */
export function listAttributes(set: FileSet, fileName: string, path: string): AttributeSummary[] {
  const e = safeGet(set.file(fileName), path);
  if (!(e instanceof h5wasm.Group || e instanceof h5wasm.Dataset)) return [];
  let names: string[];
  try {
    names = Object.keys(e.attrs);
  } catch {
    return [];
  }
  return names.map((name) => {
    let text: string;
    try {
      const a = e.attrs[name]!;
      text = attributeText(a.value, a.metadata.cset);
    } catch (err) {
      text = `(unreadable: ${err instanceof Error ? err.message.split("\n")[0] : String(err)})`;
    }
    const cut = Math.max(0, text.length - MAX_ATTR_CHARS);
    return { name, value: cut ? text.slice(0, MAX_ATTR_CHARS) : text, truncated: cut };
  });
}

function attributeText(value: unknown, cset: number | undefined): string {
  if (value && typeof value === "object" && "ref_data" in value) return "(object reference)";
  if (Array.isArray(value) && value.some((v) => v && typeof v === "object" && "ref_data" in v))
    return "(object references)";
  return toText(value, cset);
}

/** Depth-first walk of a whole file (for the CLI); skips nothing. */
export function walkTree(set: FileSet, fileName: string, visit: (node: TreeNode, depth: number) => void): void {
  const go = (path: string, depth: number) => {
    for (const node of listChildren(set, fileName, path)) {
      visit(node, depth);
      if (node.kind === "group") go(node.path, depth + 1);
    }
  };
  go("/", 0);
}
