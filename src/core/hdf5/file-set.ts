import { readExactly, type ByteSource } from "./byte-source";
import { familyGap, firstMember, joinFamilies } from "./family";
import type { File as H5File } from "h5wasm";
import { h5wasm, mountSources, type H5Module } from "./h5";
import { hdf5Reason, isHdf5Stack, plainMessage } from "./hdf5-error";

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** An error about one input file; its message starts with the file name. */
export class InputError extends Error {
  constructor(
    readonly fileName: string,
    reason: string,
  ) {
    super(`${fileName}: ${reason}`);
    this.name = "InputError";
  }
}

/**
 * Finds the superblock (at 0, 512, 1024, …) and checks the file is as long as it claims; a family given without its
 * last members (member 0 alone, say) names them.
 */
export function checkHdf5(source: ByteSource): void {
  if (source.size === 0) throw new InputError(source.name, "the file is empty (0 bytes)");
  const gap = familyGap(source);
  if (gap) {
    const names = gap.missing.length === 1 ? `member ${gap.missing[0]} is` : `members ${listed(gap.missing)} are`;
    throw new InputError(
      source.name,
      `family ${names} missing: open the ${gap.files} files of this HDF5 family together`,
    );
  }
  for (let at = 0; at + 8 <= source.size; at = at === 0 ? 512 : at * 2) {
    const head = readExactly(source, at, Math.min(64, source.size - at));
    if (!SIGNATURE.every((b, i) => head[i] === b)) continue;
    const version = head[8]!;
    const eof = endOfFileAddress(head, version);
    if (eof !== null && at + eof > source.size)
      throw new InputError(
        source.name,
        `the file is truncated: it has ${source.size} bytes but its HDF5 superblock says ${at + eof}`,
      );
    return;
  }
  const first = firstMember(source.name);
  if (first)
    throw new InputError(
      source.name,
      `not an HDF5 file on its own (no HDF5 signature found): if it is a member of an HDF5 family, open it together with ${first} and the other members`,
    );
  throw new InputError(source.name, "not an HDF5 file (no HDF5 signature found)");
}

/** "a, b and c". */
const listed = (names: string[]) =>
  names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;

function endOfFileAddress(head: Uint8Array, version: number): number | null {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const offsetSize = version <= 1 ? head[13] : head[9];
  if (offsetSize !== 8) return null;
  const at = version === 0 ? 40 : version === 1 ? 44 : 28;
  if (at + 8 > head.length) return null;
  const eof = view.getBigUint64(at, true);
  return eof === 0xffffffffffffffffn ? null : Number(eof);
}

/**
 * Files opened together: family members joined, every file mounted side by
 * side so that HDF5 resolves external links among them by name.
 */
export class FileSet {
  readonly sources: ByteSource[];
  private readonly mount: { dir: string; unmount(): void };
  private readonly open = new Map<string, H5File>();

  constructor(module: H5Module, sources: ByteSource[]) {
    this.sources = joinFamilies(sources);
    this.mount = mountSources(module, this.sources);
  }

  /** File names after joining families (a family is named after its member 0). */
  get names(): string[] {
    return this.sources.map((s) => s.name);
  }

  source(name: string): ByteSource {
    const source = this.sources.find((s) => s.name === name);
    if (!source) throw new InputError(name, "not among the opened files");
    return source;
  }

  /** Opens (once) a file of the set with h5wasm, after checking it is whole HDF5. */
  file(name: string): H5File {
    const cached = this.open.get(name);
    if (cached) return cached;
    const source = this.source(name);
    checkHdf5(source);
    let file: H5File;
    try {
      file = new h5wasm.File(`${this.mount.dir}/${name}`, "r");
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      throw new InputError(name, isHdf5Stack(text) ? hdf5Reason(text) : `HDF5 could not open it (${firstLine(e)})`);
    }
    this.open.set(name, file);
    return file;
  }

  has(name: string): boolean {
    return this.sources.some((s) => s.name === name);
  }

  close(): void {
    for (const f of this.open.values()) f.close();
    this.open.clear();
    this.mount.unmount();
  }
}

/** The first line of an error's message, an HDF5 error stack put in plain words (hdf5-error.ts). */
export const firstLine = plainMessage;
