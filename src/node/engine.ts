import { statSync } from "node:fs";
import type { ByteSource } from "../core/hdf5/byte-source";
import type { FileSet } from "../core/hdf5/file-set";
import { initH5 } from "../core/hdf5/h5";
import { isUrl } from "../core/remote/dandi";
import { withFamiliesBeside, withLinksBeside } from "../core/remote/beside";
import { openNodeSource, type NodeFileSource } from "./file-source";
import { loadNodePlugin } from "./plugins";
import { openRemoteFile } from "./remote-file";

/** A file to open: a path on disk, or an http(s) URL (with the name it is known by when its URL does not say it). */
export type NodeInput = string | { url: string; name: string };

/** The inputs for paths and URLs, with the names given to URLs that do not end in theirs (DANDI assets). */
export const nodeInputs = (files: string[], names: Record<string, string> = {}): NodeInput[] =>
  files.map((f) => (names[f] ? { url: f, name: names[f] } : f));

/** Opens files from disk or by URL as one set (external links and families resolved among them by name). */
export async function openNodeSet(inputs: NodeInput[]): Promise<{ set: FileSet; close(): void }> {
  const module = await initH5(loadNodePlugin);
  const local: NodeFileSource[] = [];
  try {
    const sources: ByteSource[] = [];
    for (const input of inputs) {
      if (typeof input !== "string") sources.push(await openRemoteFile(input.url, input.name));
      else if (isUrl(input)) sources.push(await openRemoteFile(input));
      else {
        const source = openNodeSourceNamed(input);
        local.push(source);
        sources.push(source);
      }
    }
    // Family members and external-link targets of files given by URL come from beside them (beside.ts).
    const open = (url: string) => openRemoteFile(url);
    const { set } = await withLinksBeside(module, await withFamiliesBeside(sources, open), open);
    return {
      set,
      close() {
        set.close();
        for (const s of local) s.close();
      },
    };
  } catch (e) {
    for (const s of local) s.close();
    throw e;
  }
}

function openNodeSourceNamed(path: string): NodeFileSource {
  try {
    // A folder opens (read-only) on Linux and fails only at the first read, as a bare EISDIR: told here instead.
    if (statSync(path).isDirectory()) throw Object.assign(new Error("EISDIR"), { code: "EISDIR" });
    return openNodeSource(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder, not a file" : (e as Error).message;
    throw new Error(`${path}: ${reason}`, { cause: e });
  }
}
