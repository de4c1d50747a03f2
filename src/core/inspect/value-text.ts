import { Module, type Metadata } from "h5wasm";
import { elementDecoder, float16, integerDecoder, isBooleanEnum, type ReferenceNamer } from "../tables/decode";
import { H5T } from "../tables/read-slab";

/**
 * HDF5 values as the text a person reads in the details view: every integer exact (64-bit ones from their bytes, so
 * 2^63 − 1 is not rounded to 2^63), floats as the shortest text that reads back to the same number (NaN and ±Inf
 * named), enums by their member name, strings decoded as UTF-8 without their padding, object references as the path
 * of their target, region references as that path and the size of the selection, compounds as their named fields.
 */

/** Decodes one element at byte `at` to its text. */
export type TextOf = (bytes: Uint8Array, view: DataView, at: number) => string;

/** A region reference's target and selection, in words; null when it points nowhere. */
export type RegionNamer = (ref: Uint8Array) => string | null;

export function regionNamer(fileId: bigint): RegionNamer {
  return (ref) => {
    if (ref.every((b) => b === 0)) return null;
    try {
      const path = Module.get_referenced_name(fileId, ref, false) as string;
      const meta = Module.get_region_metadata(fileId, ref);
      const shape = meta.shape ?? [];
      const count = meta.total_size;
      return `${path} (region: ${count} ${count === 1 ? "element" : "elements"}${shape.length ? ` in [${shape.join(", ")}]` : ""})`;
    } catch {
      return null;
    }
  };
}

export interface Namers {
  objects: ReferenceNamer;
  regions: RegionNamer;
}

/** The shortest decimal text of a float32 that reads back to the same float32 (0.1, not 0.10000000149011612). */
export function float32Text(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  for (let digits = 1; digits < 9; digits++) {
    const text = String(Number(x.toPrecision(digits)));
    if (Math.fround(Number(text)) === x) return text;
  }
  return String(x);
}

/** The member names of a compound type (one column each in a page of values), or null for any other type. */
export function fieldNames(meta: Metadata): string[] | null {
  return meta.type === H5T.COMPOUND ? meta.compound_type!.members.map((m) => m.name) : null;
}

/** One decoder per field of a compound (its columns), or a single decoder for any other type. */
export function fieldDecoders(meta: Metadata, namers: Namers): TextOf[] {
  if (meta.type !== H5T.COMPOUND) return [textDecoder(meta, namers)];
  return meta.compound_type!.members.map((m) => {
    const decode = textDecoder(m, namers);
    return (b, v, at) => decode(b, v, at + m.offset);
  });
}

/** A decoder from bytes in HDF5's memory layout (as `readSlab` and an attribute read give them) to text. */
export function textDecoder(meta: Metadata, namers: Namers): TextOf {
  switch (meta.type) {
    case H5T.INTEGER:
    case H5T.BITFIELD: {
      const get = integerDecoder(meta.size, meta.signed);
      return (_b, v, at) => String(get(v, at));
    }
    case H5T.FLOAT:
      if (meta.size === 8) return (_b, v, at) => String(v.getFloat64(at, true));
      if (meta.size === 4) return (_b, v, at) => float32Text(v.getFloat32(at, true));
      if (meta.size === 2) return (_b, v, at) => String(float16(v.getUint16(at, true)));
      return () => `(${meta.size}-byte float)`;
    case H5T.ENUM: {
      const get = integerDecoder(meta.size, meta.signed);
      if (isBooleanEnum(meta)) return (_b, v, at) => (Number(get(v, at)) !== 0 ? "true" : "false");
      const byValue = new Map(Object.entries(meta.enum_type!.members).map(([name, value]) => [String(value), name]));
      return (_b, v, at) => {
        const value = String(get(v, at));
        const name = byValue.get(value);
        return name === undefined ? value : `${name} (${value})`;
      };
    }
    case H5T.STRING: {
      const decode = elementDecoder(meta, namers.objects);
      return (b, v, at) => decode(b, v, at) as string;
    }
    case H5T.REFERENCE:
      if (meta.ref_type === "region")
        return (b, _v, at) => namers.regions(b.slice(at, at + meta.size)) ?? "(null reference)";
      return (b, _v, at) => namers.objects(b.slice(at, at + meta.size)) ?? "(null reference)";
    case H5T.COMPOUND: {
      const names = fieldNames(meta)!;
      const fields = fieldDecoders(meta, namers);
      return (b, v, at) => `{${names.map((n, i) => `${n}: ${fields[i]!(b, v, at)}`).join(", ")}}`;
    }
    case H5T.ARRAY: {
      const base = meta.array_type!;
      const n = (base.shape ?? []).reduce((a, b) => a * b, 1);
      const decode = textDecoder(base, namers);
      return (b, v, at) => `[${Array.from({ length: n }, (_, i) => decode(b, v, at + i * base.size)).join(", ")}]`;
    }
    case H5T.VLEN: {
      const base = meta.vlen_type!;
      const decode = textDecoder(base, namers);
      return (_b, v, at) => {
        const length = v.getUint32(at, true);
        const ptr = v.getUint32(at + 4, true);
        const items = Module.HEAPU8.slice(ptr, ptr + length * base.size);
        const view = new DataView(items.buffer);
        return `[${Array.from({ length }, (_, i) => decode(items, view, i * base.size)).join(", ")}]`;
      };
    }
    case H5T.OPAQUE:
      return (b, _v, at) => `(opaque: ${hex(b.subarray(at, at + meta.size))})`;
    default:
      return () => "(a value of a type this tool does not read)";
  }
}

function hex(bytes: Uint8Array): string {
  const shown = Array.from(bytes.subarray(0, 32), (x) => x.toString(16).padStart(2, "0")).join("");
  return bytes.length > 32 ? `${shown}… ${bytes.length} bytes` : shown;
}
