import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileSet } from "../src/core/hdf5/file-set";
import { initH5 } from "../src/core/hdf5/h5";
import { h5RowReader } from "../src/core/hdf5/rows";
import { dataset } from "../src/core/nwb/h5-values";
import { openNodeSource } from "../src/node/file-source";
import { loadNodePlugin } from "../src/node/plugins";
import { NWB } from "./golden";

// This file runs in its own process (vitest forks), so h5wasm starts here without the Blosc plugin.
describe("a dataset whose filter plugin is missing", () => {
  it("is refused with the filter named, and HDF5 itself throws instead of returning garbage", async () => {
    const module = await initH5((file) => {
      if (file === "libH5Zblosc.so") throw new Error("not shipped");
      return loadNodePlugin(file);
    });
    const set = new FileSet(module, [openNodeSource(join(NWB, "blosc16.nwb"))]);
    const ds = dataset(set.file("blosc16.nwb"), "/acquisition/ElectricalSeries/data")!;
    expect(() => h5RowReader(ds, "blosc16.nwb").read(0, 10)).toThrow(
      /blosc16\.nwb: \/acquisition\/ElectricalSeries\/data needs the HDF5 filter "blosc" \(id 32001\), which is not available/,
    );
    // The throwing error handler is active: a raw read fails loudly.
    expect(() => ds.slice([[0, 10], []])).toThrow(/can't synchronously read data|filter/i);
    set.close();
  });
});
