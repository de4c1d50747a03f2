import type { Dataset, File, Group } from "h5wasm";
import { h5wasm } from "../hdf5/h5";
import type { FileSet } from "../hdf5/file-set";
import type { NeurodataType } from "../nwb/node-types";
import { storedSize } from "./stored-size";
import { attributeText } from "./values";

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
  /** The value's text, or its first MAX_ATTR_CHARS characters; `readAttributeText` reads the rest. */
  value: string;
  /** Characters left out of `value`, when it was cut. */
  truncated: number;
}

/** One page of an attribute's text. */
export interface TextPage {
  text: string;
  /** Characters of the whole text. */
  total: number;
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
  /** Its neurodata type, where the page asked for types (see `withTypes`). */
  type?: NeurodataType;
}

/** One page of a group's entries. */
export interface ChildPage {
  nodes: TreeNode[];
  /** Entries of the group in all. */
  total: number;
}

const MAX_ATTR_CHARS = 200;
/** Entries one call lists at most to reach `through` (listChildren). */
const THROUGH_MOST = 5000;

/**
 * The entries of one group from `offset`, at most `limit` of them, links reported as links (never followed).
 * Only the entries of the page are looked at: h5wasm lists a group's names in one call (~0.3 s for 100,000), kept
 * for the last few groups so that the next pages of a wide group cost only their own entries. With `through`, the
 * page goes on to that entry if it lies further (an object to reveal, deep in a wide group, in one call).
 */
export function listChildren(
  set: FileSet,
  fileName: string,
  path: string,
  offset = 0,
  limit = Infinity,
  through?: string,
): ChildPage {
  const file = set.file(fileName);
  const names = childNames(file, path);
  const at = through === undefined ? -1 : names.indexOf(through);
  // On to `through`, but at most a few thousand entries a call: a reveal deeper in still gets there page by page.
  const page = names.slice(offset, Math.max(offset + limit, Math.min(at + 1, offset + THROUGH_MOST)));
  return {
    nodes: page.map((name) => describe(set, fileName, file, path === "/" ? `/${name}` : `${path}/${name}`)),
    total: names.length,
  };
}

const namesCache = new WeakMap<File, Map<string, string[]>>();
const NAMES_KEPT = 4;

function childNames(file: File, path: string): string[] {
  let cache = namesCache.get(file);
  if (!cache) namesCache.set(file, (cache = new Map()));
  let names = cache.get(path);
  if (names) {
    cache.delete(path); // most recent last
  } else {
    const g = safeGet(file, path);
    names = g instanceof h5wasm.Group ? safeKeys(g) : [];
    if (cache.size >= NAMES_KEPT) cache.delete(cache.keys().next().value!);
  }
  cache.set(path, names);
  return names;
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
    const text = readAttribute(set, fileName, e, name);
    const cut = Math.max(0, text.length - MAX_ATTR_CHARS);
    return { name, value: cut ? text.slice(0, MAX_ATTR_CHARS) : text, truncated: cut };
  });
}

/** Part of one attribute's text, for reading a long value page by page. */
export function readAttributeText(
  set: FileSet,
  fileName: string,
  path: string,
  name: string,
  offset: number,
  limit: number,
): TextPage {
  const e = safeGet(set.file(fileName), path);
  if (!(e instanceof h5wasm.Group || e instanceof h5wasm.Dataset)) return { text: "", total: 0 };
  const text = readAttribute(set, fileName, e, name);
  return { text: text.slice(offset, offset + limit), total: text.length };
}

/** An attribute's text as `attributeText` writes it (references as paths), or why it could not be read. */
function readAttribute(set: FileSet, fileName: string, e: Group | Dataset, name: string): string {
  try {
    return attributeText(set, fileName, e, name);
  } catch (err) {
    return `(unreadable: ${err instanceof Error ? err.message.split("\n")[0] : String(err)})`;
  }
}

/** How much of a file `walkTree` visits: a report of a hostile file stays readable and finite. */
export interface WalkLimits {
  /** Groups nested deeper than this are not opened. */
  maxDepth: number;
  /** Entries listed per group; the rest are counted. */
  perGroup: number;
  /** Entries listed in all; then the walk stops. */
  total: number;
}

export const WALK_LIMITS: WalkLimits = { maxDepth: 16, perGroup: 500, total: 10_000 };

/** What a walk left out under one group. */
export type WalkGap =
  | { kind: "more"; path: string; depth: number; count: number }
  | { kind: "too-deep"; path: string; depth: number }
  | { kind: "stopped"; depth: number };

/**
 * Depth-first walk of a whole file (for the CLI). Links are reported, never followed, so soft-link and external-link
 * cycles end at the link; a hard-link cycle (a group holding its own ancestor) is ended by the limits, as is a
 * group of 100,000 entries or a nesting 1,000 levels deep. `gap` hears of each place where something was left out.
 */
export function walkTree(
  set: FileSet,
  fileName: string,
  visit: (node: TreeNode, depth: number) => void,
  gap: (gap: WalkGap) => void = () => {},
  limits: WalkLimits = WALK_LIMITS,
): void {
  let listed = 0;
  let stopped = false;
  const go = (path: string, depth: number) => {
    const { nodes, total } = listChildren(set, fileName, path, 0, limits.perGroup);
    for (const node of nodes) {
      if (stopped) return;
      if (listed >= limits.total) {
        stopped = true;
        gap({ kind: "stopped", depth });
        return;
      }
      visit(node, depth);
      listed++;
      if (node.kind !== "group" || !node.childCount) continue;
      if (depth + 1 >= limits.maxDepth) gap({ kind: "too-deep", path: node.path, depth: depth + 1 });
      else go(node.path, depth + 1);
    }
    if (!stopped && total > nodes.length) gap({ kind: "more", path, depth, count: total - nodes.length });
  };
  go("/", 0);
}
