import type { ByteSource } from "../hdf5/byte-source";
import { readFamilyHeader } from "../hdf5/family";
import { FileSet } from "../hdf5/file-set";
import type { H5Module } from "../hdf5/h5";
import { missingFiles } from "../nwb/missing";
import { readNwb } from "../nwb/read-nwb";
import { remoteName } from "./dandi";
import { RemoteError } from "./range-fetcher";
import type { RemoteSource } from "./remote-source";

/**
 * Files opened by URL bring the files they need from beside them, as a folder on disk would: the other members of
 * an HDF5 family (`name_1.nwb`, … after `name_0.nwb`, until one is not found) and the targets of external links,
 * each looked for by name in the URL's folder (same host, so no host the user did not give is contacted). Only
 * for URLs that end in the file's name: a DANDI download URL has no folder (its assets are given by path).
 */
export type OpenUrl = (url: string) => Promise<RemoteSource>;

const MEMBER_0 = /^(.*)_0(\.[^.]*)?$/;
const MOST_MEMBERS = 100_000;
/** Links lead to files that link on: followed this many files deep. */
const LINK_ROUNDS = 8;

const byUrl = (source: ByteSource): source is RemoteSource =>
  "url" in source && remoteName((source as RemoteSource).url) === source.name;

const besideUrl = (url: string, name: string) => new URL(encodeURIComponent(name), url).href;

/** The file beside, or null when the server has none by that name (404). */
async function openBeside(open: OpenUrl, url: string): Promise<RemoteSource | null> {
  try {
    return await open(url);
  } catch (e) {
    if (e instanceof RemoteError && e.status === 404) return null;
    throw e;
  }
}

/** The given sources and the family members found beside a member 0 given alone. */
export async function withFamiliesBeside(sources: ByteSource[], open: OpenUrl): Promise<ByteSource[]> {
  const out = [...sources];
  for (const source of sources) {
    const m = MEMBER_0.exec(source.name);
    if (!m || !byUrl(source)) continue;
    const member = (i: number) => `${m[1]}_${i}${m[2] ?? ""}`;
    if (out.some((o) => o.name === member(1)) || !readFamilyHeader(source)) continue;
    for (let i = 1; i < MOST_MEMBERS; i++) {
      const found = await openBeside(open, besideUrl(source.url, member(i)));
      if (!found) break;
      out.push(found);
    }
  }
  return out;
}

/**
 * The set, reopened with the targets of its external links found beside the files linking to them, and its
 * sources (family members each, as given: the page names a family's members by them).
 */
export async function withLinksBeside(
  module: H5Module,
  sources: ByteSource[],
  open: OpenUrl,
): Promise<{ set: FileSet; sources: ByteSource[] }> {
  let set = new FileSet(module, sources);
  if (!sources.some(byUrl)) return { set, sources };
  const tried = new Set<string>();
  for (let round = 0; round < LINK_ROUNDS; round++) {
    const added: ByteSource[] = [];
    for (const name of set.names) {
      const from = sources.find((s) => s.name === name);
      if (!from || !byUrl(from)) continue;
      let links;
      try {
        links = missingFiles(readNwb(set, name));
      } catch {
        continue; // not NWB, or damaged: the command that reads it says so
      }
      for (const link of links) {
        const url = besideUrl(from.url, link.file);
        if (tried.has(url)) continue;
        tried.add(url);
        const found = await openBeside(open, url);
        if (found) added.push(found);
      }
    }
    if (!added.length) break;
    set.close();
    sources = [...sources, ...added];
    set = new FileSet(module, sources);
  }
  return { set, sources };
}
