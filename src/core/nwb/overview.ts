import type { File } from "h5wasm";
import { entryKind, groupKeys as keysOf } from "../inspect/entries";
import { neurodataTypeAt } from "./node-types";

/** One object of the overview: what it is called, where it is, and its neurodata type. */
export interface OverviewItem {
  name: string;
  path: string;
  /** The neurodata type's label, if it has one. */
  type?: string;
  /** Its description from the embedded specifications, if the file has it. */
  doc?: string;
  kind: "group" | "dataset" | "link";
  /** A processing module's contents. */
  items?: OverviewItem[];
  /** Entries left out of `items` (a module of thousands). */
  more?: number;
}

/** One part of an NWB file: acquisition, processing, intervals, units … */
export interface OverviewSection {
  title: string;
  /** Where the part lives in the file (it may be absent). */
  path: string;
  items: OverviewItem[];
  /** Entries left out (a part of thousands lists its first MAX_ITEMS). */
  more: number;
}

/** Entries listed per part and per processing module: the overview must stay readable and quick on any file. */
export const MAX_ITEMS = 200;

const EPHYS = "/general/extracellular_ephys";

/**
 * The NWB parts of a file, computed from its structure and attributes alone (no sample data read): each item
 * leads to its node, table or series. Parts the file does not have are listed with no items.
 */
export function nwbOverview(file: File): OverviewSection[] {
  const single = (path: string) => (entryKind(file, path) ? [item(file, path)] : []);
  const section = (title: string, path: string, items: OverviewItem[], more = 0) => ({ title, path, items, more });
  const listed = (title: string, path: string, keep: (name: string) => boolean = () => true) => {
    const names = keysOf(file, path).filter(keep);
    const items = names.slice(0, MAX_ITEMS).map((n) => item(file, `${path}/${n}`));
    return section(title, path, items, names.length - items.length);
  };
  const processing = listed("Processing modules", "/processing");
  for (const module of processing.items) {
    if (module.kind !== "group") continue;
    const names = keysOf(file, module.path);
    module.items = names.slice(0, MAX_ITEMS).map((n) => item(file, `${module.path}/${n}`));
    module.more = names.length - module.items.length;
  }
  const stimulus = ["presentation", "templates"].flatMap((part) =>
    keysOf(file, `/stimulus/${part}`).map((n) => `/stimulus/${part}/${n}`),
  );
  return [
    listed("Acquisition", "/acquisition"),
    processing,
    listed("Intervals", "/intervals"),
    section("Units", "/units", single("/units")),
    section("Electrodes", `${EPHYS}/electrodes`, single(`${EPHYS}/electrodes`)),
    listed("Electrode groups", EPHYS, (name) => name !== "electrodes"),
    listed("Devices", "/general/devices"),
    section(
      "Stimulus",
      "/stimulus",
      stimulus.slice(0, MAX_ITEMS).map((p) => item(file, p)),
      Math.max(0, stimulus.length - MAX_ITEMS),
    ),
  ];
}

function item(file: File, path: string): OverviewItem {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const found = entryKind(file, path);
  const kind = found === "group" || found === "dataset" ? found : "link";
  const type = kind === "link" ? null : neurodataTypeAt(file, path);
  return { name, path, kind, ...(type && { type: type.label }), ...(type?.doc !== undefined && { doc: type.doc }) };
}
