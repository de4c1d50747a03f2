import { join } from "node:path";
import { expect, it } from "vitest";
import { FileSet } from "../src/core/hdf5/file-set";
import { initH5 } from "../src/core/hdf5/h5";
import { h5RowReader } from "../src/core/hdf5/rows";
import { dataset } from "../src/core/nwb/h5-values";
import { openNodeSource } from "../src/node/file-source";
import { loadNodePlugin } from "../src/node/plugins";
import { NWB } from "./golden";

// Its own process (vitest forks), so h5wasm starts here with this counting loader. The page starts h5wasm in a
// worker per opened set: plugins loaded at start would be paid at every open, for files that mostly use none.
it("loads no filter plugin at start, and for a filtered dataset only its own, once", async () => {
  const loaded: string[] = [];
  const module = await initH5((file) => {
    loaded.push(file);
    return loadNodePlugin(file);
  });
  expect(loaded).toEqual([]);

  const set = new FileSet(module, [openNodeSource(join(NWB, "lz4_16.nwb")), openNodeSource(join(NWB, "sine2.nwb"))]);
  const plain = dataset(set.file("sine2.nwb"), "/acquisition/TestElectricalSeries/data")!;
  expect(h5RowReader(plain, "sine2.nwb").read(0, 4).length).toBeGreaterThan(0);
  expect(loaded).toEqual([]);

  const lz4 = dataset(set.file("lz4_16.nwb"), "/acquisition/ElectricalSeries/data")!;
  const rows = h5RowReader(lz4, "lz4_16.nwb");
  expect(rows.read(0, 10).length).toBe(10 * rows.width);
  h5RowReader(lz4, "lz4_16.nwb").read(10, 20);
  expect(loaded).toEqual(["libH5Zlz4.so"]);
  set.close();
});
