import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeFailure, hdf5Reason, isHdf5Stack, parseStack, plainMessage } from "./hdf5-error";

/** Messages h5wasm threw on damaged fixtures (seeded corruptions, and blosc16.nwb with its 4 KiB block 47 zeroed). */
const ERRORS = join(import.meta.dirname, "..", "..", "..", "test", "fixtures", "hdf5-errors");
const real = (name: string) => readFileSync(join(ERRORS, `${name}.txt`), "utf8");

describe("HDF5 error stacks in plain words", () => {
  it("parses the stack down to the innermost entry", () => {
    const entries = parseStack(real("blosc16-block47"));
    expect(entries).toHaveLength(20);
    expect(entries[0]).toEqual({
      source: "H5A.c",
      func: "H5Aread",
      text: "can't synchronously read data",
      major: "Attribute",
      minor: "Read failed",
    });
    expect(entries.at(-1)).toMatchObject({ func: "H5HG__hdr_deserialize", major: "Heap", minor: "Bad value" });
  });

  it.each([
    ["blosc16-block47", "damaged: the global heap (where variable-length strings are kept) has a wrong signature"],
    ["symbol-table-signature", "damaged: a group's symbol table has a wrong signature"],
    ["global-heap-overrun", "damaged: the global heap (where variable-length strings are kept) runs past its end"],
    [
      "address-overflow",
      "damaged: an address points past the end of the file (byte 137438955920; the file ends at byte 418832)",
    ],
    ["dataset-size", "damaged: a dataset's stored size does not match its shape and type"],
    ["local-heap-free-list", "damaged: a local heap (where a group keeps its link names): bad heap free list"],
    ["object-type", "damaged: an object header: unable to determine object type"],
    ["damaged-chunk", "damaged: a compressed chunk cannot be decoded"],
    ["missing-filter", 'it needs the HDF5 filter "blosc", which is not available here'],
  ])("%s", (name, reason) => {
    const text = real(name);
    expect(isHdf5Stack(text)).toBe(true);
    expect(hdf5Reason(text)).toBe(reason);
    const line = describeFailure(new Error(text), "x.nwb");
    expect(line).toBe(`x.nwb: ${reason}`);
    expect(line).not.toMatch(/HDF5-DIAG|#\d{3}|__w|\n/);
  });

  it("names a filter plugin that failed inside the WebAssembly, and a trap of the library", () => {
    // What h5wasm threw for lz4_16.nwb with its first chunk's header overwritten (seed 3 case 34 of the fuzz suite).
    const lz4 = new TypeError("resolved is not a function");
    lz4.stack =
      "TypeError: resolved is not a function\n" +
      "    at stubs.<computed> (file:///node_modules/h5wasm/dist/esm/hdf5_util.js:1:3638360)\n" +
      "    at libH5Zlz4.so.H5Z_filter_lz4 (wasm://wasm/libH5Zlz4.so-00081c5e:wasm-function[14]:0x1418)\n" +
      "    at wasm://wasm/00d851e2:wasm-function[3547]:0x2bcbdf";
    expect(describeFailure(lz4, "x.nwb")).toBe(
      "x.nwb: damaged: a compressed chunk cannot be decoded (the lz4 filter failed on it)",
    );
    expect(plainMessage(new WebAssembly.RuntimeError("memory access out of bounds"))).toBe(
      "damaged: the HDF5 library failed on it (memory access out of bounds)",
    );
  });

  it("keeps our own words before a stack, and other messages' first line", () => {
    const wrapped = new Error(`x.nwb: cannot read /data rows 0–10: ${real("damaged-chunk")}`);
    expect(plainMessage(wrapped)).toBe(
      "x.nwb: cannot read /data rows 0–10: damaged: a compressed chunk cannot be decoded",
    );
    expect(plainMessage(new Error("x.nwb: the file is empty\nmore"))).toBe("x.nwb: the file is empty");
    expect(describeFailure(new Error("x.nwb: the file is empty"), "x.nwb")).toBe("x.nwb: the file is empty");
    expect(describeFailure(new Error("raw.nwb: gone"), "main.nwb", ["raw.nwb"])).toBe("raw.nwb: gone");
    expect(describeFailure(new Error("HDF5-DIAG: Error detected in HDF5 (2.0.0):"), "x.nwb")).toBe(
      "x.nwb: the HDF5 library could not read it and gave no reason",
    );
  });
});
