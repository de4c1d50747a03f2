import { Module, type Metadata } from "h5wasm";
import type { Samples } from "../hdf5/rows";
import type { CellValue } from "./model";
import { H5T } from "./read-slab";

/**
 * Turns raw HDF5 bytes into cell values by the spec's rules (§3): numbers as numbers (NaN and ±Inf null, integers
 * beyond ±(2^53 − 1) their decimal digits), h5py's FALSE/TRUE enum as booleans, strings decoded as UTF-8 (ASCII is
 * a subset) without trailing NULs, object references as the referenced object's absolute path, compounds as objects
 * of their members decoded by the same rules, array types as nested arrays.
 */

/** Decodes one element at byte `at`. */
export type ElementDecoder = (bytes: Uint8Array, view: DataView, at: number) => CellValue;

const utf8 = new TextDecoder("utf-8");

/** The path an object reference points to (null when it points nowhere), looked up once per reference. */
export type ReferenceNamer = (ref: Uint8Array) => string | null;

export function referenceNamer(fileId: bigint): ReferenceNamer {
  const known = new Map<string, string | null>();
  return (ref) => {
    const key = ref.join(",");
    let name = known.get(key);
    if (name === undefined) {
      try {
        name = ref.every((b) => b === 0) ? null : (Module.get_referenced_name(fileId, ref, true) as string | null);
      } catch {
        name = null; // a reference to nothing (never set, or deleted) has no path
      }
      known.set(key, name);
    }
    return name;
  };
}

/**
 * Sets `object[key]` as an own property whatever the key: a plain assignment to `__proto__` (a column or compound
 * member may be named so) would change the object's prototype, or do nothing, and the value would be lost.
 */
export function setField<T>(object: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__")
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function bigToCell(v: bigint): CellValue {
  return v > MAX_SAFE || v < -MAX_SAFE ? v.toString() : Number(v);
}

export function floatToCell(v: number): CellValue {
  return Number.isFinite(v) ? v : null;
}

export function isBooleanEnum(meta: Metadata): boolean {
  const members = meta.enum_type?.members;
  if (!members) return false;
  const names = Object.keys(members);
  return names.length === 2 && members["FALSE"] === 0 && members["TRUE"] === 1;
}

export function integerDecoder(size: number, signed: boolean): (view: DataView, at: number) => number | bigint {
  switch (size) {
    case 1:
      return signed ? (v, at) => v.getInt8(at) : (v, at) => v.getUint8(at);
    case 2:
      return signed ? (v, at) => v.getInt16(at, true) : (v, at) => v.getUint16(at, true);
    case 4:
      return signed ? (v, at) => v.getInt32(at, true) : (v, at) => v.getUint32(at, true);
    case 8:
      return signed ? (v, at) => v.getBigInt64(at, true) : (v, at) => v.getBigUint64(at, true);
    default:
      throw new Error(`${size}-byte integers are not supported`);
  }
}

export function float16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** H5T_STR_SPACEPAD: fixed-length strings padded with spaces (MATLAB's H5T_FORTRAN_S1), not NULs. */
const SPACEPAD = 2;

/**
 * Bytes of a string up to (not including) its padding, as UTF-8: trailing NULs, and for space-padded strings
 * trailing spaces too (HDF5 strips them when converting, so h5py and pynwb show the text without them).
 */
function fixedString(bytes: Uint8Array, at: number, size: number, spacePadded: boolean): string {
  let end = at + size;
  while (end > at && (bytes[end - 1] === 0 || (spacePadded && bytes[end - 1] === 0x20))) end--;
  return utf8.decode(bytes.subarray(at, end));
}

/** A NUL-terminated string in the WebAssembly heap (variable-length strings point there). */
function heapString(ptr: number): string {
  if (!ptr) return "";
  const heap = Module.HEAPU8;
  let end = ptr;
  while (heap[end] !== 0) end++;
  return utf8.decode(heap.subarray(ptr, end));
}

/** A decoder for one element of this type. */
export function elementDecoder(meta: Metadata, names: ReferenceNamer): ElementDecoder {
  switch (meta.type) {
    case H5T.INTEGER:
    case H5T.BITFIELD: {
      const get = integerDecoder(meta.size, meta.signed);
      return (_b, v, at) => {
        const x = get(v, at);
        return typeof x === "bigint" ? bigToCell(x) : x;
      };
    }
    case H5T.FLOAT:
      if (meta.size === 8) return (_b, v, at) => floatToCell(v.getFloat64(at, true));
      if (meta.size === 4) return (_b, v, at) => floatToCell(v.getFloat32(at, true));
      if (meta.size === 2) return (_b, v, at) => floatToCell(float16(v.getUint16(at, true)));
      throw new Error(`${meta.size}-byte floating point numbers are not supported`);
    case H5T.ENUM: {
      const get = integerDecoder(meta.size, meta.signed);
      if (isBooleanEnum(meta)) return (_b, v, at) => Number(get(v, at)) !== 0;
      return (_b, v, at) => {
        const x = get(v, at);
        return typeof x === "bigint" ? bigToCell(x) : x;
      };
    }
    case H5T.STRING:
      if (meta.vlen) return (_b, v, at) => heapString(v.getUint32(at, true));
      return (b, _v, at) => fixedString(b, at, meta.size, meta.strpad === SPACEPAD);
    case H5T.REFERENCE:
      if (meta.ref_type !== "object") return () => null; // region references name a selection, not an object
      return (b, _v, at) => names(b.slice(at, at + meta.size));
    case H5T.COMPOUND: {
      const members = meta.compound_type!.members.map((m) => ({
        name: m.name,
        offset: m.offset,
        decode: elementDecoder(m, names),
      }));
      return (b, v, at) => {
        const out: Record<string, CellValue> = {};
        for (const m of members) setField(out, m.name, m.decode(b, v, at + m.offset));
        return out;
      };
    }
    case H5T.ARRAY: {
      const base = meta.array_type!;
      const shape = base.shape ?? [];
      const n = shape.reduce((a, b) => a * b, 1);
      const decode = elementDecoder(base, names);
      return (b, v, at) => {
        const flat: CellValue[] = new Array(n);
        for (let i = 0; i < n; i++) flat[i] = decode(b, v, at + i * base.size);
        return nest(flat, shape);
      };
    }
    case H5T.VLEN: {
      const base = meta.vlen_type!;
      const decode = elementDecoder(base, names);
      return (_b, v, at) => {
        const length = v.getUint32(at, true);
        const ptr = v.getUint32(at + 4, true);
        const heap = Module.HEAPU8;
        const items = heap.slice(ptr, ptr + length * base.size);
        const itemView = new DataView(items.buffer);
        const out: CellValue[] = new Array(length);
        for (let i = 0; i < length; i++) out[i] = decode(items, itemView, i * base.size);
        return out;
      };
    }
    default:
      return () => null; // opaque and time types have no value the spec names
  }
}

/** Plain numbers (integers, 32- and 64-bit floats) as a typed array over the bytes; null for any other type. */
export function typedElements(bytes: Uint8Array, count: number, meta: Metadata): Samples | null {
  const buffer = bytes.buffer as ArrayBuffer;
  if (bytes.byteOffset % meta.size !== 0) return null;
  if (meta.type === H5T.FLOAT && meta.size === 8) return new Float64Array(buffer, bytes.byteOffset, count);
  if (meta.type === H5T.FLOAT && meta.size === 4) return new Float32Array(buffer, bytes.byteOffset, count);
  if (meta.type !== H5T.INTEGER) return null;
  const Typed = {
    1: meta.signed ? Int8Array : Uint8Array,
    2: meta.signed ? Int16Array : Uint16Array,
    4: meta.signed ? Int32Array : Uint32Array,
    8: meta.signed ? BigInt64Array : BigUint64Array,
  }[meta.size];
  return Typed ? new Typed(buffer, bytes.byteOffset, count) : null;
}

/** Typed numbers as cell values: NaN and ±Inf null, 64-bit integers beyond 2^53 as digits. */
export function samplesToCells(samples: Samples): CellValue[] {
  const out: CellValue[] = new Array(samples.length);
  if (samples instanceof BigInt64Array || samples instanceof BigUint64Array) {
    for (let i = 0; i < samples.length; i++) out[i] = bigToCell(samples[i]!);
  } else if (samples instanceof Float64Array || samples instanceof Float32Array) {
    for (let i = 0; i < samples.length; i++) {
      const x = samples[i]!;
      out[i] = x - x === 0 ? x : null; // finite, else null
    }
  } else for (let i = 0; i < samples.length; i++) out[i] = samples[i]!;
  return out;
}

/** `count` elements of `meta`'s type from `bytes`, flat. */
export function decodeElements(bytes: Uint8Array, count: number, meta: Metadata, names: ReferenceNamer): CellValue[] {
  const typed = typedElements(bytes, count, meta);
  if (typed) return samplesToCells(typed);
  const decode = elementDecoder(meta, names);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: CellValue[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = decode(bytes, view, i * meta.size);
  return out;
}

/** Integers (index entries, region positions) as plain numbers, whatever their stored width. */
export function decodeIntegers(bytes: Uint8Array, count: number, meta: Metadata): number[] {
  if (meta.type !== H5T.INTEGER && meta.type !== H5T.ENUM) throw new Error("an index must hold integers");
  const get = integerDecoder(meta.size, meta.signed);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = Number(get(view, i * meta.size));
  return out;
}

/** A flat row-major list as nested arrays of `shape` (the list itself when the shape is empty or 1-D). */
export function nest(flat: CellValue[], shape: number[]): CellValue[] {
  if (shape.length <= 1) return flat;
  const [first, ...rest] = shape;
  const step = rest.reduce((a, b) => a * b, 1);
  const out: CellValue[] = new Array(first!);
  for (let i = 0; i < first!; i++) out[i] = nest(flat.slice(i * step, (i + 1) * step), rest);
  return out;
}
