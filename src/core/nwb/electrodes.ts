import type { Dataset, File, Group, Reference } from "h5wasm";
import type { Electrode } from "./model";
import { attr, datasetNumbers, dataset, group } from "./h5-values";
import { toText } from "./text";

/**
 * The electrode rows of a series (spec §2): the series' DynamicTableRegion
 * lists row indices into the electrodes table; the name comes from
 * `channel_name`, else `label`; the group from `group_name`, else the name
 * of the ElectrodeGroup that `group` references, else "default".
 */
export function readElectrodes(file: File, region: Dataset): Electrode[] {
  const rows = datasetNumbers(region);
  const table = referencedTable(file, region);
  const names = table ? (textColumn(table, "channel_name") ?? textColumn(table, "label")) : null;
  const groups = table ? (textColumn(table, "group_name") ?? groupRefNames(table)) : null;
  return rows.map((row) => ({
    name: (names?.[row] ?? "").trim(),
    group: groups?.[row]?.trim() ?? "default",
  }));
}

function referencedTable(file: File, region: Dataset): Group | null {
  const a = attr(region, "table");
  const value = a?.value;
  const ref = (Array.isArray(value) ? value[0] : value) as Reference | undefined;
  if (ref && typeof ref === "object" && "ref_data" in ref) {
    try {
      const target = region.dereference(ref);
      if (target && "path" in target) return group(file, String(target.path));
    } catch {
      // fall through to the standard location
    }
  }
  return group(file, "/general/extracellular_ephys/electrodes");
}

function textColumn(table: Group, name: string): string[] | null {
  const d = dataset(table, name);
  if (!d) return null;
  const v = d.value;
  if (!Array.isArray(v)) return null;
  return v.map((x) => toText(x, d.metadata.cset));
}

function groupRefNames(table: Group): string[] | null {
  const d = dataset(table, "group");
  if (!d) return null;
  const refs = d.value;
  if (!Array.isArray(refs)) return null;
  return refs.map((ref) => {
    try {
      const target = d.dereference(ref as Reference);
      const path = target && "path" in target ? String(target.path) : "";
      return path.split("/").pop() ?? "default";
    } catch {
      return "default";
    }
  });
}
