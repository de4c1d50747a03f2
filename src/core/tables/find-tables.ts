import { Module, type File } from "h5wasm";
import type { TableInfo } from "./model";
import { isGroup, isTable, join, tableStructure, type TableStructure } from "./table-structure";

/** Links that lead elsewhere (soft and external links): a table is listed at its own path only, and cycles end. */
function isLink(file: File, path: string): boolean {
  try {
    if (Module.get_symbolic_link(file.file_id, path) !== null) return true;
    const external = Module.get_external_link(file.file_id, path) as { filename?: string } | null;
    return !!external?.filename;
  } catch {
    return true; // a link HDF5 cannot describe: not followed
  }
}

/** The object a path leads to (its header address, as an object reference holds it): hard links met twice are walked once. */
function objectKey(file: File, path: string): string {
  try {
    return Module.create_object_reference(file.file_id, path).join(",");
  } catch {
    return path;
  }
}

/** Byte order of UTF-8 paths (spec §7); UTF-16 order differs from it above U+FFFF only. */
export function byteOrder(a: string, b: string): number {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** Every table of the file, nested ones too, at their own paths in byte order. */
export function tablePaths(file: File): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const walk = (path: string) => {
    const key = objectKey(file, path);
    if (seen.has(key)) return;
    seen.add(key);
    if (isTable(file, path)) found.push(path);
    let names: string[];
    try {
      names = Module.get_names(file.file_id, path, false);
    } catch {
      return;
    }
    for (const name of names) {
      const child = join(path, name);
      if (!isLink(file, child) && isGroup(file, child)) walk(child);
    }
  };
  walk("/");
  return found.sort(byteOrder);
}

export function tableInfo(structure: TableStructure): TableInfo {
  return {
    path: structure.path,
    neurodata_type: structure.neurodataType,
    namespace: structure.namespace,
    rows: structure.id.rows,
    columns: [structure.id.info, ...structure.columns.map((c) => c.info)],
  };
}

/**
 * The file's tables (spec §1, §7) from shapes, types and attributes: no column data is read. A table whose
 * columns disagree with len(id) is listed with a warning (reading it is an error).
 */
export function listTables(file: File, fileName: string): { tables: TableInfo[]; warnings: string[] } {
  const tables: TableInfo[] = [];
  const warnings: string[] = [];
  for (const path of tablePaths(file)) {
    const structure = tableStructure(file, fileName, path);
    warnings.push(...structure.warnings, ...structure.problems);
    tables.push(tableInfo(structure));
  }
  return { tables, warnings };
}
