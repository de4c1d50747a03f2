// Small HDF5 tables written at test time with h5wasm, for the value kinds and shapes the shared fixtures lack.
import h5wasm, { type Dataset, type File, type Group } from "h5wasm";
import { memorySource, type ByteSource } from "../src/core/hdf5/byte-source";
import { FileSet } from "../src/core/hdf5/file-set";
import { initH5 } from "../src/core/hdf5/h5";
import { loadNodePlugin } from "../src/node/plugins";

let made = 0;

/** The bytes of a file `build` writes. */
export async function buildFile(build: (file: File) => void): Promise<Uint8Array> {
  const module = await initH5(loadNodePlugin);
  const path = `/tables-build-${++made}.h5`;
  const file = new h5wasm.File(path, "w");
  try {
    build(file);
  } finally {
    file.close();
  }
  const bytes = module.FS.readFile(path);
  module.FS.unlink(path);
  return bytes;
}

/** Opens bytes as the engine's callers do (a mounted source); `onRead` sees every read HDF5 makes. */
export async function openBytes(
  name: string,
  bytes: Uint8Array,
  onRead?: (position: number, length: number, how: "sync" | "async") => void,
): Promise<{ name: string; file: File; source: ByteSource; close(): void }> {
  const module = await initH5(loadNodePlugin);
  const plain = memorySource(name, bytes);
  const read: ByteSource["read"] = (position, length, target) => {
    onRead?.(position, length, "sync");
    return plain.read(position, length, target);
  };
  // readAsync as a file on disk has it: the tables engine's direct path reads chunks through it.
  const readAsync = async (position: number, length: number) => {
    onRead?.(position, length, "async");
    return bytes.slice(position, Math.min(bytes.length, position + length));
  };
  const source: ByteSource = { ...plain, read, readAsync };
  const set = new FileSet(module, [source]);
  return { name, file: set.file(name), source, close: () => set.close() };
}

/** A DynamicTable group: `colnames`, `id` 0…rows−1, its type attributes. */
export function table(parent: Group, name: string, rows: number, colnames: string[]): Group {
  const group = parent.create_group(name);
  // h5wasm cannot write an empty list of variable-length strings; an empty fixed-length one reads the same.
  if (colnames.length) group.create_attribute("colnames", colnames, [colnames.length], "S");
  else group.create_attribute("colnames", new Uint8Array(0), [0], "S1");
  group.create_attribute("neurodata_type", "DynamicTable");
  group.create_attribute("namespace", "hdmf-common");
  group.create_dataset({ name: "id", data: BigInt64Array.from({ length: rows }, (_, i) => BigInt(i)) });
  return group;
}

/** `<name>_index` whose `target` references `<target>` (a ragged pair, found by the attribute only). */
export function index(group: Group, name: string, target: string, ends: number[]): void {
  const ds = group.create_dataset({ name, data: BigUint64Array.from(ends, BigInt) });
  ds.create_attribute("target", (group.get(target) as Dataset).create_reference());
}
