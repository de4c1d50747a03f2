/**
 * HDF5 reports a failure as its whole error stack ("HDF5-DIAG: Error
 * detected…", then "#000: /__w/…/H5D.c line 1051 in H5Dread(): …" down to
 * the call that noticed the problem), and h5wasm throws that text as the
 * message. Users get one line instead: the innermost reason in plain words.
 */

export interface StackEntry {
  /** Source file of the HDF5 library, e.g. "H5HGcache.c". */
  source: string;
  /** Function that reported, e.g. "H5HG__hdr_deserialize". */
  func: string;
  /** HDF5's own description, e.g. "bad global heap collection signature". */
  text: string;
  major: string;
  minor: string;
}

const ENTRY = /^\s*#\d+: (?:.*\/)?([^/\s]+) line \d+ in ([\w]+)\(\): (.*)$/;

/** True when a message carries an HDF5 error stack (or only its banner). */
export function isHdf5Stack(message: string): boolean {
  return /HDF5-DIAG|^\s*#\d{3}: /m.test(message);
}

/** The entries of an HDF5 error stack, outermost first. */
export function parseStack(message: string): StackEntry[] {
  const entries: StackEntry[] = [];
  for (const line of message.split("\n")) {
    const m = ENTRY.exec(line);
    if (m) entries.push({ source: m[1]!, func: m[2]!, text: m[3]!.trim(), major: "", minor: "" });
    else if (entries.length) {
      const detail = /^\s*(major|minor): (.*)$/.exec(line);
      if (detail) entries[entries.length - 1]![detail[1] as "major" | "minor"] = detail[2]!.trim();
    }
  }
  return entries;
}

/** What part of the file a function of the library reads, by its module prefix (longest first). */
const STRUCTURES: [prefix: string, name: string][] = [
  ["H5HG", "the global heap (where variable-length strings are kept)"],
  ["H5HL", "a local heap (where a group keeps its link names)"],
  ["H5HF", "a fractal heap (where a group keeps its links)"],
  ["H5B2", "a version-2 B-tree (an index of links or chunks)"],
  ["H5B", "a B-tree node (an index of links or chunks)"],
  ["H5EA", "a chunk index (extensible array)"],
  ["H5FA", "a chunk index (fixed array)"],
  ["H5FS", "a free-space record"],
  ["H5FD", "the file's data"],
  ["H5F", "the superblock"],
  ["H5SM", "the shared-message table"],
  ["H5G", "a group's symbol table"],
  ["H5O", "an object header"],
  ["H5A", "an attribute"],
  ["H5D", "a dataset"],
  ["H5T", "a datatype"],
  ["H5S", "a dataspace"],
  ["H5Z", "a compressed chunk"],
];

function structureOf(entry: StackEntry): string {
  const name = entry.func.replace(/_.*$/, "");
  return STRUCTURES.find(([prefix]) => name.startsWith(prefix))?.[1] ?? "the file's structure";
}

/**
 * The innermost reason of an HDF5 error stack in plain words, e.g. "damaged:
 * the global heap (where variable-length strings are kept) has a wrong
 * signature". Never contains the stack, paths of the library's sources or "HDF5-DIAG".
 */
export function hdf5Reason(message: string): string {
  const entries = parseStack(message);
  // A filter that is not there is reported outside the innermost entries (those are the plugin search).
  const missing = entries.find((e) => /required filter .* is not registered/.test(e.text));
  if (missing) {
    const name = /required filter '([^']*)'/.exec(missing.text)?.[1];
    return `it needs the HDF5 filter${name ? ` "${name}"` : ""}, which is not available here`;
  }
  const inner = entries.at(-1);
  if (!inner) return "the HDF5 library could not read it and gave no reason";
  const text = inner.text;
  const where = structureOf(inner);
  const overflow = /addr overflow, addr = (\d+), size = (\d+), eoa = (\d+)/.exec(text);
  if (overflow)
    return `damaged: an address points past the end of the file (byte ${overflow[1]}; the file ends at byte ${overflow[3]})`;
  if (/filter returned failure/.test(text)) return "damaged: a compressed chunk cannot be decoded";
  if (/invalid dataset size/.test(text)) return "damaged: a dataset's stored size does not match its shape and type";
  if (/signature/i.test(text)) return `damaged: ${where} has a wrong signature`;
  if (/checksum/i.test(text)) return `damaged: ${where} fails its checksum`;
  if (/ran off end|past end|buffer overflow|Address overflowed/i.test(text + inner.minor))
    return `damaged: ${where} runs past its end`;
  if (/version/i.test(text)) return `damaged: ${where} has an unknown version number`;
  return `damaged: ${where}: ${clean(text)}`;
}

/** HDF5's description without paths of its own build tree. */
const clean = (text: string) => text.replace(/\s*\(?\/__w\/\S*\)?/g, "").replace(/\s+/g, " ");

/**
 * Failures inside the WebAssembly that are no HDF5 stack: a filter plugin
 * taking an error path Emscripten did not link ("resolved is not a function",
 * seen with LZ4 on a damaged chunk), or a trap of the library itself.
 */
function wasmReason(e: unknown): string | null {
  if (!(e instanceof Error)) return null;
  const plugin = /libH5Z(\w+)\.so/.exec(e.stack ?? "");
  if (plugin) return `damaged: a compressed chunk cannot be decoded (the ${plugin[1]} filter failed on it)`;
  if (e instanceof WebAssembly.RuntimeError) return `damaged: the HDF5 library failed on it (${e.message})`;
  return null;
}

/** The first line of an error's message; an HDF5 stack or a failure inside the WebAssembly becomes its plain reason instead. */
export function plainMessage(e: unknown): string {
  const wasm = wasmReason(e);
  if (wasm) return wasm;
  const text = e instanceof Error ? e.message : String(e);
  if (isHdf5Stack(text)) {
    // A message that starts with our own words ("x.nwb: cannot read …: HDF5-DIAG…") keeps them.
    const at = text.search(/HDF5-DIAG|#\d{3}: /);
    const lead = text.slice(0, at).split("\n")[0]!.trim();
    const reason = hdf5Reason(text);
    return lead && !lead.startsWith("HDF5") ? `${lead.replace(/[:(\s]+$/, "")}: ${reason}` : reason;
  }
  return (
    text
      .split("\n")
      .find((l) => l.trim())
      ?.trim() ?? "unknown error"
  );
}

/**
 * One line naming the file: "x.nwb: <reason>". A message that already starts
 * with the name of a file of the set (`names`: say, an external-link target) keeps it.
 */
export function describeFailure(e: unknown, fileName: string, names: string[] = []): string {
  const line = plainMessage(e);
  return [fileName, ...names].some((n) => line.startsWith(`${n}:`)) ? line : `${fileName}: ${line}`;
}
