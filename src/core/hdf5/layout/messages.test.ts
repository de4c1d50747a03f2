import { describe, expect, it } from "vitest";
import { memorySource } from "../byte-source";
import { lookup3 } from "./checksum";
import { Cursor, LayoutFormatError, type FileContext } from "./cursor";
import { parseLayoutMessage } from "./layout-message";
import { parseDataspace, parseDatatype, parseFilterPipeline } from "./messages";

/** Hand-built message bodies for the cases libhdf5 via h5wasm cannot be made to write. */
const ctx: FileContext = {
  src: memorySource("synthetic.h5", new Uint8Array(0)),
  sb: { version: 0, sizeOfOffsets: 8, sizeOfLengths: 8, baseAddress: 0 },
};

const le = (value: number, bytes: number) =>
  Array.from({ length: bytes }, (_, i) => Math.floor(value / 256 ** i) % 256);
const UNDEFINED = new Array<number>(8).fill(0xff);
const msg = (...parts: (number | number[])[]) => Uint8Array.from(parts.flat());

describe("lookup3", () => {
  it("matches Bob Jenkins' published values", () => {
    expect(lookup3(new Uint8Array(0))).toBe(0xdeadbeef);
    expect(lookup3(new TextEncoder().encode("Four score and seven years ago"))).toBe(0x17770551);
  });
});

describe("Cursor", () => {
  it("reads the all-ones address as undefined and refuses values beyond 2^53", () => {
    expect(new Cursor(msg(UNDEFINED)).addr(8)).toBeNull();
    expect(new Cursor(msg(0xff, 0xff, 0xff, 0xff)).addr(4)).toBeNull();
    expect(new Cursor(msg(le(4096, 8))).addr(8)).toBe(4096);
    expect(() => new Cursor(msg(0, 0, 0, 0, 0, 0, 0, 0x40)).uint(8)).toThrow(LayoutFormatError);
    expect(() => new Cursor(msg(1, 2)).u32()).toThrow(/too short/);
  });
});

describe("Data Layout message", () => {
  it("reports contiguous storage never allocated as address null", () => {
    expect(parseLayoutMessage(ctx, msg(3, 1, UNDEFINED, le(800, 8)))).toEqual({
      kind: "contiguous",
      address: null,
      size: 800,
    });
  });

  it("decodes compact, virtual and version-3 chunked messages", () => {
    expect(parseLayoutMessage(ctx, msg(4, 0, le(6, 2), [1, 2, 3, 4, 5, 6]))).toEqual({ kind: "compact", size: 6 });
    expect(parseLayoutMessage(ctx, msg(4, 3, le(99, 8), le(0, 4)))).toEqual({ kind: "virtual" });
    const chunked = msg(3, 2, 3, le(1234, 8), le(100, 4), le(16, 4), le(2, 4));
    expect(parseLayoutMessage(ctx, chunked)).toMatchObject({ dims: [100, 16, 2], indexType: 0, indexAddress: 1234 });
  });

  it("decodes a filtered single-chunk index with its stored size and filter mask", () => {
    const body = msg(4, 2, 0x02, 2, 2, le(50, 2), le(8, 2), 1, le(777, 8), le(5, 4), le(2048, 8));
    expect(parseLayoutMessage(ctx, body)).toMatchObject({
      version: 4,
      dims: [50, 8],
      indexType: 1,
      indexAddress: 2048,
      single: { size: 777, filterMask: 5 },
    });
  });

  it("leaves old versions and unknown index types as unknown rather than guessing", () => {
    expect(parseLayoutMessage(ctx, msg(2, 2, 1))).toMatchObject({ kind: "unknown" });
    expect(parseLayoutMessage(ctx, msg(4, 2, 0, 2, 1, 4, 2, 9))).toMatchObject({ kind: "unknown" });
  });
});

describe("Dataspace, Datatype and Filter Pipeline messages", () => {
  it("reads dimensions and unlimited maximum dimensions (version 1)", () => {
    const body = msg(1, 2, 1, 0, [0, 0, 0, 0], le(10, 8), le(3, 8), UNDEFINED, le(3, 8));
    expect(parseDataspace(ctx, body)).toEqual({ shape: [10, 3], maxShape: [null, 3] });
  });

  it("reads byte order and sign of fixed-point and floating-point types", () => {
    expect(parseDatatype(msg(0x10, 0x09, 0, 0, le(4, 4)))).toEqual({
      class: 0,
      size: 4,
      littleEndian: false,
      signed: true,
    });
    expect(parseDatatype(msg(0x11, 0x20, 0x3f, 0, le(8, 4)))).toEqual({
      class: 1,
      size: 8,
      littleEndian: true,
      signed: false,
    });
  });

  it("reads version 1 (padded names, odd client data padded) and version 2 (no names for ids < 256)", () => {
    const name = [...new TextEncoder().encode("blosc"), 0, 0, 0];
    const v1 = msg(1, 2, [0, 0, 0, 0, 0, 0], le(32001, 2), le(8, 2), le(1, 2), le(3, 2), name, le(2, 4), le(2, 4));
    const v1Rest = msg(le(2, 4), [0, 0, 0, 0], le(2, 2), le(0, 2), le(0, 2), le(0, 2));
    expect(parseFilterPipeline(ctx, msg([...v1], [...v1Rest]))).toEqual([
      { id: 32001, name: "blosc", flags: 1, clientData: [2, 2, 2] },
      { id: 2, name: "shuffle", flags: 0, clientData: [] },
    ]);
    const v2 = msg(2, 2, le(2, 2), le(0, 2), le(1, 2), le(4, 4), le(1, 2), le(1, 2), le(1, 2), le(6, 4));
    expect(parseFilterPipeline(ctx, v2)).toEqual([
      { id: 2, name: "shuffle", flags: 0, clientData: [4] },
      { id: 1, name: "deflate", flags: 1, clientData: [6] },
    ]);
  });
});
