import type { FileSet } from "../hdf5/file-set";
import { isNwb, readNwb } from "../nwb/read-nwb";
import type { NwbFile } from "../nwb/model";
import { formatBytes } from "../format";
import { walkTree, type TreeNode } from "./tree";

export { formatBytes };

export interface FileReport {
  name: string;
  size: number;
  nwb: NwbFile | null;
  /** Why the file is not read as NWB (not an error for files opened beside the main one). */
  notNwb: string | null;
  tree: (TreeNode & { depth: number })[];
}

/** Everything `inspect` shows about one file of a set. */
export function reportFile(set: FileSet, name: string): FileReport {
  const file = set.file(name);
  const tree: (TreeNode & { depth: number })[] = [];
  walkTree(set, name, (node, depth) => tree.push({ ...node, depth }));
  const nwb = isNwb(file) ? readNwb(set, name) : null;
  return {
    name,
    size: set.source(name).size,
    nwb,
    notNwb: nwb ? null : "HDF5 but not NWB (no nwb_version attribute)",
    tree,
  };
}

function describeNode(node: TreeNode): string {
  if (node.kind === "group") return `${node.name}/`;
  if (node.kind === "soft-link") return `${node.name} → ${node.target}${node.broken ? "  (broken soft link)" : ""}`;
  if (node.kind === "external-link")
    return `${node.name} ⇒ ${node.target}${node.broken ? "  (BROKEN: target file not opened)" : ""}`;
  if (node.kind === "datatype") return `${node.name}  (named datatype)`;
  const d = node.dataset!;
  const chunks = d.chunks ? `chunks [${d.chunks.join(", ")}]` : "contiguous";
  const filters = d.filters.length
    ? ` ${d.filters.map((f) => `${f.name || f.id}(${f.options.join(",")})`).join("+")}`
    : "";
  const ratio = d.storedBytes && d.logicalBytes ? ` ratio ${(d.logicalBytes / d.storedBytes).toFixed(2)}` : "";
  return (
    `${node.name}  ${d.dtype} [${d.shape.join(", ")}] ${chunks}${filters}  ` +
    `stored ${formatBytes(d.storedBytes)} / logical ${formatBytes(d.logicalBytes)}${ratio}`
  );
}

/** Human-readable text of a report. */
export function formatReport(r: FileReport): string {
  const lines = [`${r.name}  ${formatBytes(r.size)}${r.nwb ? `  NWB ${r.nwb.session.nwbVersion}` : `  ${r.notNwb}`}`];
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
      ...subject.map(([k2, v2]) => [`subject ${k2}`, v2]),
    ])
      if (v) lines.push(`  ${k}: ${v}`);
    lines.push("", `Electrical series (${r.nwb.series.length})`);
    for (const x of r.nwb.series) {
      const time = x.timestamps ? "timestamps" : `${x.rate} Hz`;
      const dur = x.rate ? `, ${(x.shape[0] / x.rate).toFixed(3)} s` : "";
      lines.push(
        `  ${x.path}  ${x.shape[0]} samples × ${x.shape[1]} channels, ${x.dtype}, ${time}${dur}, unit ${x.unit}` +
          (x.problem ? `\n    cannot convert: ${x.problem}` : ""),
      );
    }
  }
  lines.push("", "Tree");
  for (const node of r.tree) lines.push(`${"  ".repeat(node.depth + 1)}${describeNode(node)}`);
  return lines.join("\n") + "\n";
}
