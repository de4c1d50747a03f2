import type { Dataset, File, Group, Reference } from "h5wasm";
import type { Electrode } from "./model";
import { attr, datasetNumbers, dataset, group, valueOf } from "./h5-values";
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

const ELECTRODES = "/general/extracellular_ephys/electrodes";

/**
 * The electrodes table, where the NWB schema puts the only one a file has. The region's reference is followed only
 * where that place is empty: HDF5 names a referenced object by visiting the whole file, which takes ~15,000 block
 * reads (30 s in the page) in a file with a group of 100,000 entries.
 */
function referencedTable(file: File, region: Dataset): Group | null {
  const standard = group(file, ELECTRODES);
  if (standard) return standard;
  const a = attr(region, "table");
  const value = a?.value;
  const ref = (Array.isArray(value) ? value[0] : value) as Reference | undefined;
  if (ref && typeof ref === "object" && "ref_data" in ref) {
    try {
      const target = region.dereference(ref);
      if (target && "path" in target) return group(file, String(target.path));
    } catch {
      // no table
    }
  }
  return null;
}

function textColumn(table: Group, name: string): string[] | null {
  const d = dataset(table, name);
  if (!d) return null;
  const v = valueOf(d);
  if (!Array.isArray(v)) return null;
  return v.map((x) => toText(x, d.metadata.cset));
}

function groupRefNames(table: Group): string[] | null {
  const d = dataset(table, "group");
  if (!d) return null;
  const refs = valueOf(d);
  if (!Array.isArray(refs)) return null;
  // Rows share a few groups, and each dereference visits the whole file (see referencedTable): once per group.
  const names = new Map<string, string>();
  return refs.map((ref) => {
    const key = Array.from((ref as Reference).ref_data ?? []).join(",");
    let name = names.get(key);
    if (name === undefined) {
      try {
        const target = d.dereference(ref as Reference);
        const path = target && "path" in target ? String(target.path) : "";
        name = path.split("/").pop() ?? "default";
      } catch {
        name = "default";
      }
      names.set(key, name);
    }
    return name;
  });
}
