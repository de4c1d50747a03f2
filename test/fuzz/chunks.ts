/**
 * What the corruption generator needs to know about a fixture: its size and
 * where its compressed chunks lie, found with the project's own layout reader
 * (h5wasm only lists the datasets and gives their object header addresses).
 */
import h5wasm, { type Dataset, type Group } from "h5wasm";
import { memorySource } from "../../src/core/hdf5/byte-source";
import { readDatasetLayout } from "../../src/core/hdf5/layout";
import { objectAddress } from "../../src/core/inspect/stored-size";
import type { FixtureInfo } from "./corrupt";

let opened = 0;

export async function fixtureInfo(name: string, bytes: Uint8Array): Promise<FixtureInfo> {
  const module = await h5wasm.ready;
  const path = `/fuzz-fixture-${opened++}.h5`;
  module.FS.writeFile(path, bytes);
  const file = new h5wasm.File(path, "r");
  const source = memorySource(name, bytes);
  const compressedChunks: FixtureInfo["compressedChunks"] = [];
  try {
    for (const ds of datasets(file)) {
      if (!ds.filters.length) continue;
      const address = objectAddress(ds);
      if (address === null) continue;
      const layout = readDatasetLayout(source, address).layout;
      if (layout.kind !== "chunked" || !layout.chunks) continue;
      for (const c of layout.chunks) compressedChunks.push({ address: c.address, size: c.size });
    }
  } finally {
    file.close();
    module.FS.unlink(path);
  }
  return { name, size: bytes.length, compressedChunks };
}

/** Every dataset under a group (the fixtures are plain trees; the depth bound only guards against link cycles). */
function* datasets(group: Group, depth = 0): Generator<Dataset> {
  if (depth > 16) return;
  for (const key of group.keys()) {
    const entity = group.get(key);
    if (entity instanceof h5wasm.Dataset) yield entity;
    else if (entity instanceof h5wasm.Group) yield* datasets(entity, depth + 1);
  }
}
