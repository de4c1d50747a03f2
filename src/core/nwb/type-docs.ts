import type { Dataset, File } from "h5wasm";
import { h5wasm } from "../hdf5/h5";
import { toText } from "./text";

/**
 * What each neurodata type is, as the specifications the file embeds say (`/specifications/<namespace>/<version>/
 * <source>`: JSON of the schema, written by PyNWB and MatNWB). Keyed by `namespace:type`; empty for a file that
 * embeds none (older or hand-made files), whose types are then shown without a description.
 */
export type TypeDocs = ReadonlyMap<string, string>;

/** The namespaces of NWB itself and of HDMF, whose types are shown without their namespace. */
export const CORE_NAMESPACES: ReadonlySet<string> = new Set(["core", "hdmf-common", "hdmf-experimental"]);

/** Bounds on what one file's specifications may cost: a hostile file could embed anything there. */
const MAX_SOURCES = 200;
const MAX_SOURCE_CHARS = 4_000_000;
const MAX_DOC_CHARS = 2_000;

const cache = new WeakMap<File, TypeDocs>();

/** The file's type descriptions, read the first time they are asked for and kept while the file is open. */
export function typeDocsOf(file: File): TypeDocs {
  let docs = cache.get(file);
  if (!docs) cache.set(file, (docs = readTypeDocs(file)));
  return docs;
}

function readTypeDocs(file: File): TypeDocs {
  const docs = new Map<string, string>();
  let sources = 0;
  for (const namespace of keysOf(file, "/specifications")) {
    // Versions in text order, so that where a file holds several the last one's words win.
    for (const version of keysOf(file, `/specifications/${namespace}`).sort()) {
      const folder = `/specifications/${namespace}/${version}`;
      for (const source of keysOf(file, folder)) {
        if (source === "namespace" || ++sources > MAX_SOURCES) continue;
        const schema = parseSource(file, `${folder}/${source}`);
        if (schema) collectDocs(schema, namespace, docs);
      }
    }
  }
  return docs;
}

function keysOf(file: File, path: string): string[] {
  try {
    const g = file.get(path);
    return g instanceof h5wasm.Group ? g.keys() : [];
  } catch {
    return [];
  }
}

function parseSource(file: File, path: string): unknown {
  try {
    const d = file.get(path);
    if (!(d instanceof h5wasm.Dataset) || (d.shape ?? []).length > 0) return null;
    const text = toText((d as Dataset).value, d.metadata.cset);
    return text.length > MAX_SOURCE_CHARS ? null : (JSON.parse(text) as unknown);
  } catch {
    return null; // not JSON (a YAML spec, a damaged one): its types go without a description
  }
}

/** Every type definition with its `doc`, at any depth (types may be defined inside other types). */
function collectDocs(spec: unknown, namespace: string, docs: Map<string, string>): void {
  const stack = [spec];
  while (stack.length) {
    const item = stack.pop();
    if (!item || typeof item !== "object") continue;
    // NWB's schema says `neurodata_type_def`, HDMF's (hdmf-common, hdmf-experimental) `data_type_def`.
    const { neurodata_type_def, data_type_def, doc, groups, datasets } = item as Record<string, unknown>;
    const def = neurodata_type_def ?? data_type_def;
    if (typeof def === "string" && typeof doc === "string")
      docs.set(`${namespace}:${def}`, doc.slice(0, MAX_DOC_CHARS));
    for (const list of [groups, datasets]) if (Array.isArray(list)) stack.push(...(list as unknown[]));
  }
}

/** A type's description: by its namespace, or (a file that does not say which) from whichever namespace has it. */
export function typeDoc(docs: TypeDocs, type: string, namespace: string): string | undefined {
  const exact = docs.get(`${namespace}:${type}`);
  // A core type may be written with another core namespace than the one defining it (NWB's own or HDMF's).
  if (exact !== undefined || (namespace && !CORE_NAMESPACES.has(namespace))) return exact;
  for (const ns of CORE_NAMESPACES) {
    const found = docs.get(`${ns}:${type}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
