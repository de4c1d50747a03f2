import { statSync } from "node:fs";
import { FileSet } from "../core/hdf5/file-set";
import { initH5 } from "../core/hdf5/h5";
import { openNodeSource, type NodeFileSource } from "./file-source";
import { loadNodePlugin } from "./plugins";

/** Opens files from disk as one set (external links and families resolved among them). */
export async function openNodeSet(paths: string[]): Promise<{ set: FileSet; close(): void }> {
  const module = await initH5(loadNodePlugin);
  const sources: NodeFileSource[] = [];
  try {
    for (const p of paths) sources.push(openNodeSourceNamed(p));
    const set = new FileSet(module, sources);
    return {
      set,
      close() {
        set.close();
        for (const s of sources) s.close();
      },
    };
  } catch (e) {
    for (const s of sources) s.close();
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
