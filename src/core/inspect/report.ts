import type { FileSet } from "../hdf5/file-set";
import { isNwb, readNwb } from "../nwb/read-nwb";
import type { NwbFile } from "../nwb/model";
import { formatBytes } from "../format";
import { WALK_LIMITS, walkTree, type TreeNode, type WalkGap } from "./tree";
import { visibleText } from "./visible-text";

export { formatBytes };

export interface FileReport {
  name: string;
  size: number;
  nwb: NwbFile | null;
  /** Why the file is not read as NWB (not an error for files opened beside the main one). */
  notNwb: string | null;
  /** The file's entries depth first, and where the walk left some out (see WALK_LIMITS). */
  tree: ReportEntry[];
}

export type ReportEntry = (TreeNode & { depth: number }) | WalkGap;

/** Everything `inspect` shows about one file of a set. */
export function reportFile(set: FileSet, name: string): FileReport {
  const file = set.file(name);
  const tree: ReportEntry[] = [];
  walkTree(
    set,
    name,
    (node, depth) => tree.push({ ...node, depth }),
    (gap) => tree.push(gap),
  );
  const nwb = isNwb(file) ? readNwb(set, name) : null;
  return {
    name,
    size: set.source(name).size,
    nwb,
    notNwb: nwb ? null : "HDF5 but not NWB (no nwb_version attribute)",
    tree,
  };
}

/** A name or text from the file on one line, invisible characters escaped and long texts cut. */
function shown(s: string, max = 500): string {
  return visibleText(s.length > max ? `${s.slice(0, max)}… (${s.length - max} more characters)` : s);
}

function describeEntry(entry: ReportEntry): string {
  switch (entry.kind) {
    case "more":
      return `… and ${entry.count} more entries in ${shown(entry.path)} (not listed)`;
    case "too-deep":
      return `… more levels, deeper than ${WALK_LIMITS.maxDepth} (not listed)`;
    case "stopped":
      return `… the listing stops here: ${WALK_LIMITS.total} entries listed`;
    default:
      return describeNode(entry);
  }
}

function describeNode(node: TreeNode): string {
  const name = shown(node.name);
  const target = shown(node.target ?? "");
  if (node.kind === "group") return `${name}/`;
  if (node.kind === "soft-link") return `${name} → ${target}${node.broken ? "  (broken soft link)" : ""}`;
  if (node.kind === "external-link")
    return `${name} ⇒ ${target}${node.broken ? "  (BROKEN: target file not opened)" : ""}`;
  if (node.kind === "datatype") return `${name}  (named datatype)`;
  const d = node.dataset!;
  const chunks = d.chunks ? `chunks [${d.chunks.join(", ")}]` : "contiguous";
  const filters = d.filters.length
    ? ` ${d.filters.map((f) => `${f.name || f.id}(${f.options.join(",")})`).join("+")}`
    : "";
  const ratio = d.storedBytes && d.logicalBytes ? ` ratio ${(d.logicalBytes / d.storedBytes).toFixed(2)}` : "";
  return (
    `${name}  ${d.dtype} [${d.shape.join(", ")}] ${chunks}${filters}  ` +
    `stored ${formatBytes(d.storedBytes)} / logical ${formatBytes(d.logicalBytes)}${ratio}`
  );
}

/** Human-readable text of a report. */
export function formatReport(r: FileReport): string {
  const lines = [
    `${shown(r.name)}  ${formatBytes(r.size)}${r.nwb ? `  NWB ${shown(r.nwb.session.nwbVersion)}` : `  ${r.notNwb}`}`,
  ];
  if (r.nwb) {
    const s = r.nwb.session;
    const subject = Object.entries(s.subject).filter(([, v]) => v);
    lines.push("", "Session");
    for (const [k, v] of [
      ["identifier", s.identifier],
      ["session id", s.sessionId],
      ["session start", s.sessionStartTime],
      ["timestamps reference", s.timestampsReferenceTime],
      ["description", s.sessionDescription],
      ["experimenter", s.experimenter.join("; ")],
      ["institution", s.institution],
      ["lab", s.lab],
      ["keywords", s.keywords.join(", ")],
      ["experiment description", s.experimentDescription],
      ["protocol", s.protocol],
      ["notes", s.notes],
      ["related publications", s.relatedPublications.join("; ")],
      ...subject.map(([k2, v2]) => [`subject ${k2}`, v2]),
      ...s.devices.map((d) => [`device ${d.name}`, [d.description, d.manufacturer].filter(Boolean).join(", ")]),
      ...s.electrodeGroups.map((g) => [
        `electrode group ${g.name}`,
        [g.description, g.location, g.device && `device ${g.device}`].filter(Boolean).join(", "),
      ]),
    ])
      if (v) lines.push(`  ${k}: ${shown(v)}`);
    lines.push("", `Electrical series (${r.nwb.series.length})`);
    if (r.nwb.searchCut)
      lines.push(
        `  (the search stopped at its limits, ${r.nwb.searchCut} entries and 32 levels: series further in are not listed)`,
      );
    for (const x of r.nwb.series) {
      const time = x.timestamps ? "timestamps" : `${x.rate} Hz`;
      const dur = x.rate ? `, ${(x.shape[0] / x.rate).toFixed(3)} s` : "";
      lines.push(
        `  ${shown(x.path)}  ${x.shape[0]} samples × ${x.shape[1]} channels, ${x.dtype}, ${time}${dur}, unit ${shown(x.unit)}` +
          (x.problem ? `\n    cannot convert: ${shown(x.problem, 2000)}` : ""),
      );
    }
  }
  lines.push("", "Tree");
  for (const entry of r.tree) lines.push(`${"  ".repeat(entry.depth + 1)}${describeEntry(entry)}`);
  return lines.join("\n") + "\n";
}
