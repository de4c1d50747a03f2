import h5wasm from "h5wasm";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { memorySource } from "../byte-source";
import { LayoutFormatError } from "./cursor";
import { readDatasetLayout, readSuperblock } from "./index";
import { FIXTURES, getDataset, objectAddress, openWithH5wasm } from "./layout.test-helpers";
import { MSG_CONTINUATION, readObjectHeader } from "./object-header";

const MSG_DATATYPE = 0x03;
const MSG_ATTRIBUTE = 0x0c;

describe("version 1 object headers (pynwb files)", () => {
  it("follows a continuation message to a datatype stored outside the first chunk", async () => {
    const bytes = readFileSync(`${FIXTURES}/nwb/blosc16.nwb`);
    const src = memorySource("blosc16.nwb", bytes);
    const file = await openWithH5wasm(bytes);
    const address = objectAddress(getDataset(file, "/acquisition/ElectricalSeries/data"));

    // Walk the first chunk by hand: it must end in a continuation and lack the datatype.
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getUint8(address)).toBe(1);
    const end = address + 16 + view.getUint32(address + 8, true);
    const firstChunk: number[] = [];
    for (let at = address + 16; at + 8 <= end; at += 8 + view.getUint16(at + 2, true)) {
      firstChunk.push(view.getUint16(at, true));
    }
    expect(firstChunk).toContain(MSG_CONTINUATION);
    expect(firstChunk).not.toContain(MSG_DATATYPE);

    const messages = readObjectHeader({ src, sb: readSuperblock(src) }, address);
    expect(messages.map((m) => m.type)).toContain(MSG_DATATYPE);
    expect(messages.map((m) => m.type)).not.toContain(MSG_CONTINUATION);
  });
});

/** A dataset whose header had to grow into an "OCHK" continuation chunk after another object was written. */
async function fileWithContinuation() {
  const module = await h5wasm.ready;
  const path = "/continuation.h5";
  const file = new h5wasm.File(path, "w", { libver: "latest" });
  const dataset = file.create_dataset({ name: "d", data: new Int16Array(100).fill(7), shape: [100], dtype: "<h" });
  file.create_dataset({ name: "other", data: new Int16Array(1000), shape: [1000], dtype: "<h" });
  for (let i = 0; i < 6; i++) dataset.create_attribute(`note${i}`, "x".repeat(1000));
  file.close();
  const bytes = module.FS.readFile(path);
  const address = objectAddress(getDataset(await openWithH5wasm(bytes), "d"));
  return { bytes, address };
}

describe("version 2 object headers", () => {
  it("follows continuation chunks and verifies their checksums", async () => {
    const { bytes, address } = await fileWithContinuation();
    expect(new TextDecoder().decode(bytes.subarray(address, address + 4))).toBe("OHDR");
    expect(Buffer.from(bytes).indexOf("OCHK")).toBeGreaterThan(0);
    const src = memorySource("continuation.h5", bytes);
    const messages = readObjectHeader({ src, sb: readSuperblock(src) }, address);
    expect(messages.filter((m) => m.type === MSG_ATTRIBUTE)).toHaveLength(6);
    expect(readDatasetLayout(src, address).layout).toMatchObject({ kind: "contiguous", size: 200 });
  });

  it("throws LayoutFormatError when a header byte is corrupted", async () => {
    const { bytes, address } = await fileWithContinuation();
    const corrupt = bytes.slice();
    corrupt[address + 12]! ^= 0xff;
    expect(() => readDatasetLayout(memorySource("corrupt.h5", corrupt), address)).toThrow(LayoutFormatError);
    const chunk = Buffer.from(bytes).indexOf("OCHK");
    const corruptContinuation = bytes.slice();
    corruptContinuation[chunk + 8]! ^= 0xff;
    expect(() => readDatasetLayout(memorySource("corrupt.h5", corruptContinuation), address)).toThrow(/checksum/);
  });

  it("reads headers that track attribute creation order (2 more bytes per message)", async () => {
    const module = await h5wasm.ready;
    const file = new h5wasm.File("/ordered.h5", "w", { libver: "latest" });
    const data = new Float64Array(50).fill(1.5);
    const dataset = file.create_dataset({ name: "d", data, shape: [5, 10], dtype: "<d", track_order: true });
    dataset.create_attribute("unit", "volts");
    dataset.create_attribute("rate", 30000);
    file.close();
    const bytes = module.FS.readFile("/ordered.h5");
    const address = objectAddress(getDataset(await openWithH5wasm(bytes), "d"));
    expect(bytes[address + 5]! & 0x04).toBe(0x04); // header flag: creation order tracked
    const src = memorySource("ordered.h5", bytes);
    const messages = readObjectHeader({ src, sb: readSuperblock(src) }, address);
    expect(messages.filter((m) => m.type === MSG_ATTRIBUTE)).toHaveLength(2);
    const info = readDatasetLayout(src, address);
    expect(info.shape).toEqual([5, 10]);
    expect(info.layout).toMatchObject({ kind: "contiguous", size: 400 });
  });

  it("refuses an address that holds no object header", async () => {
    const { bytes } = await fileWithContinuation();
    expect(() => readDatasetLayout(memorySource("x.h5", bytes), 3)).toThrow(/no object header/);
  });
});
