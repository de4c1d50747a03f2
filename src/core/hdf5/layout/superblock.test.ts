import h5wasm from "h5wasm";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { memorySource } from "../byte-source";
import { LayoutFormatError } from "./cursor";
import { readDatasetLayout, readSuperblock } from "./index";
import { FIXTURES, firstDifference, getDataset, objectAddress, openWithH5wasm, readBytes } from "./layout.test-helpers";

/** The file's bytes behind `prefix` bytes of other content, as with a user block. */
function behind(prefix: number, bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(prefix + bytes.length).fill(0x55, 0, prefix);
  out.set(bytes, prefix);
  return out;
}

describe("readSuperblock", () => {
  it("finds the signature after a 512-byte block and rebases contiguous addresses", async () => {
    const original = readFileSync(`${FIXTURES}/nwb/sine2.nwb`);
    const file = await openWithH5wasm(original);
    const address = objectAddress(getDataset(file, "/acquisition/TestElectricalSeries/data"));
    const plain = readDatasetLayout(memorySource("sine2.nwb", original), address).layout;

    const shifted = memorySource("shifted.nwb", behind(512, original));
    expect(readSuperblock(shifted)).toMatchObject({ version: 0, baseAddress: 512 });
    const layout = readDatasetLayout(shifted, address).layout;
    if (plain.kind !== "contiguous" || layout.kind !== "contiguous") throw new Error("not contiguous");
    expect(layout.address).toBe(plain.address! + 512);
    const expected = readBytes(memorySource("sine2.nwb", original), plain.address!, plain.size);
    expect(firstDifference(readBytes(shifted, layout.address!, layout.size), expected)).toBe(-1);
  });

  it("finds a version 3 superblock at 2048 and rebases chunk addresses", async () => {
    const module = await h5wasm.ready;
    const file = new h5wasm.File("/relocated.h5", "w", { libver: "latest" });
    const data = new Float32Array(1000).map((_, i) => i);
    file.create_dataset({ name: "d", data, shape: [1000], dtype: "<f4", chunks: [100], maxshape: [null] });
    file.close();
    const original = module.FS.readFile("/relocated.h5");
    const address = objectAddress(getDataset(await openWithH5wasm(original), "d"));

    const shifted = memorySource("shifted.h5", behind(2048, original));
    expect(readSuperblock(shifted)).toMatchObject({ version: 3, baseAddress: 2048 });
    const before = readDatasetLayout(memorySource("relocated.h5", original), address).layout;
    const after = readDatasetLayout(shifted, address).layout;
    if (before.kind !== "chunked" || after.kind !== "chunked") throw new Error("not chunked");
    expect(after.chunks).toHaveLength(10);
    expect(after.chunks).toEqual(before.chunks!.map((c) => ({ ...c, address: c.address + 2048 })));
  });

  it("rejects files without a signature and version 2+ superblocks with a bad checksum", async () => {
    expect(() => readSuperblock(memorySource("text.txt", new TextEncoder().encode("not hdf5")))).toThrow(
      /no HDF5 signature/,
    );
    const module = await h5wasm.ready;
    new h5wasm.File("/checksum.h5", "w", { libver: "latest" }).close();
    const bytes = module.FS.readFile("/checksum.h5").slice();
    expect(readSuperblock(memorySource("ok.h5", bytes)).version).toBe(3);
    bytes[20]! ^= 0x01; // inside the end-of-file address
    expect(() => readSuperblock(memorySource("bad.h5", bytes))).toThrow(LayoutFormatError);
  });
});
