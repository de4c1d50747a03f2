import type { File } from "h5wasm";
import { h5wasm } from "../hdf5/h5";
import type { ChildPage } from "../inspect/tree";
import { attrText } from "./h5-values";
import { CORE_NAMESPACES, typeDoc, typeDocsOf } from "./type-docs";

/** A neurodata type as the page shows it: `ElectricalSeries`, or `ndx-foo:MyType` for an extension's. */
export interface NeurodataType {
  label: string;
  /** What the type is, from the specifications the file embeds; absent when it embeds none for this type. */
  doc?: string;
}

/** The neurodata type of the object at `path` (groups and datasets; links are not followed), or null. */
export function neurodataTypeAt(file: File, path: string): NeurodataType | null {
  let e;
  try {
    e = file.get(path);
  } catch {
    return null;
  }
  if (!(e instanceof h5wasm.Group || e instanceof h5wasm.Dataset)) return null;
  const type = attrText(e, "neurodata_type");
  if (!type) return null;
  const namespace = attrText(e, "namespace");
  const label = namespace && !CORE_NAMESPACES.has(namespace) ? `${namespace}:${type}` : type;
  const doc = typeDoc(typeDocsOf(file), type, namespace);
  return doc === undefined ? { label } : { label, doc };
}

/** A page of the tree with each group's and dataset's neurodata type beside it. */
export function withTypes(file: File, page: ChildPage): ChildPage {
  return {
    ...page,
    nodes: page.nodes.map((node) => {
      if (node.kind !== "group" && node.kind !== "dataset") return node;
      const type = neurodataTypeAt(file, node.path);
      return type ? { ...node, type } : node;
    }),
  };
}
