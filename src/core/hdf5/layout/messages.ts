import { Cursor, fail, type FileContext } from "./cursor";
import { readObjectHeader, type HeaderMessage } from "./object-header";
import type { DatasetDtype, FilterInfo } from "./types";

export const MSG_DATASPACE = 0x01;
export const MSG_DATATYPE = 0x03;
export const MSG_EXTERNAL_FILES = 0x07;
export const MSG_LAYOUT = 0x08;
export const MSG_FILTERS = 0x0b;

export interface Dataspace {
  shape: number[];
  /** Maximum extent per dimension; null = unlimited. Equals shape when the file stores none. */
  maxShape: (number | null)[];
}

export function parseDataspace(ctx: FileContext, data: Uint8Array): Dataspace {
  const c = new Cursor(data);
  const version = c.u8();
  const rank = c.u8();
  const flags = c.u8();
  if (version === 1) c.skip(5);
  else if (version === 2)
    c.skip(1); // type: scalar, simple or null — rank says enough
  else fail(`${ctx.src.name}: unsupported dataspace version ${version}`);
  const L = ctx.sb.sizeOfLengths;
  const shape = Array.from({ length: rank }, () => c.uint(L));
  const maxShape = flags & 1 ? Array.from({ length: rank }, () => c.addr(L)) : [...shape];
  return { shape, maxShape };
}

export function parseDatatype(data: Uint8Array): DatasetDtype {
  const c = new Cursor(data);
  const cls = c.u8() & 0x0f;
  const bits = c.uint(3);
  const size = c.u32();
  // Byte order is bit 0 for fixed-point, float and bitfield; bit 6 marks VAX float order.
  const ordered = cls === 0 || cls === 1 || cls === 4;
  const littleEndian = !ordered || ((bits & 1) === 0 && (cls !== 1 || (bits & 0x40) === 0));
  // Like h5wasm, "signed" describes two's-complement integers only (false for floats).
  const signed = cls === 0 && (bits & 0x08) !== 0;
  return { class: cls, size, littleEndian, signed };
}

/** Names for filters that the file stores by id only (HDF Group registry). */
const FILTER_NAMES: Record<number, string> = {
  1: "deflate",
  2: "shuffle",
  3: "fletcher32",
  4: "szip",
  5: "nbit",
  6: "scaleoffset",
  307: "bzip2",
  32000: "lzf",
  32001: "blosc",
  32004: "lz4",
  32008: "bitshuffle",
  32015: "zstd",
  32026: "blosc2",
};

export function parseFilterPipeline(ctx: FileContext, data: Uint8Array): FilterInfo[] {
  const c = new Cursor(data);
  const version = c.u8();
  if (version !== 1 && version !== 2) fail(`${ctx.src.name}: unsupported filter pipeline version ${version}`);
  const count = c.u8();
  if (version === 1) c.skip(6);
  const filters: FilterInfo[] = [];
  for (let i = 0; i < count; i++) {
    const id = c.u16();
    // Version 2 omits the name of predefined filters (ids below 256).
    const nameLength = version === 1 || id >= 256 ? c.u16() : 0;
    const flags = c.u16();
    const valueCount = c.u16();
    // Version 1 pads names to a multiple of 8 bytes; the length field includes that padding.
    const rawName = nameLength > 0 ? c.take(nameLength) : new Uint8Array(0);
    const end = rawName.indexOf(0);
    const stored = new TextDecoder().decode(end >= 0 ? rawName.subarray(0, end) : rawName);
    const clientData = Array.from({ length: valueCount }, () => c.u32());
    if (version === 1 && valueCount % 2 === 1) c.skip(4);
    filters.push({
      id,
      name: stored || FILTER_NAMES[id] || `filter ${id}`,
      flags,
      clientData,
    });
  }
  return filters;
}

/**
 * Returns the body of a message, following a "shared" message to the
 * committed object whose header holds the real one (e.g. a named datatype).
 */
export function messageBody(ctx: FileContext, message: HeaderMessage, depth = 0): Uint8Array {
  if ((message.flags & 0x02) === 0) return message.data;
  if (depth > 8) fail(`${ctx.src.name}: shared message chain too deep`);
  const c = new Cursor(message.data);
  const version = c.u8();
  const type = c.u8();
  let address: number | null;
  if (version === 1) {
    c.skip(6 + ctx.sb.sizeOfLengths); // reserved, then an unused heap field
    address = c.addr(ctx.sb.sizeOfOffsets);
  } else if (version === 2 || (version === 3 && type === 2)) {
    address = c.addr(ctx.sb.sizeOfOffsets);
  } else {
    // Version 3 type 1 lives in the shared-message heap, which this reader does not parse.
    fail(`${ctx.src.name}: unsupported shared message (version ${version}, type ${type})`);
  }
  if (address === null) fail(`${ctx.src.name}: shared message with undefined address`);
  const target = readObjectHeader(ctx, address).find((m) => m.type === message.type);
  if (!target) fail(`${ctx.src.name}: shared message target at ${address} lacks message type ${message.type}`);
  return messageBody(ctx, target, depth + 1);
}
