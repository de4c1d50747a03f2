/**
 * HDF5 strings as the spec wants them: UTF-8 whatever the declared charset.
 *
 * h5wasm decodes ASCII-charset strings byte by byte (vlen: Latin-1;
 * fixed-length: WHATWG "ascii", which is windows-1252), so UTF-8 bytes
 * written under the ASCII charset come out as mojibake. Those decoders are
 * reversible: turn the characters back into the bytes and decode as UTF-8.
 */

// windows-1252 characters whose code point is not the byte value (0x80–0x9F).
const CP1252_HIGH: Record<number, number> = {
  0x20ac: 0x80,
  0x201a: 0x82,
  0x0192: 0x83,
  0x201e: 0x84,
  0x2026: 0x85,
  0x2020: 0x86,
  0x2021: 0x87,
  0x02c6: 0x88,
  0x2030: 0x89,
  0x0160: 0x8a,
  0x2039: 0x8b,
  0x0152: 0x8c,
  0x017d: 0x8e,
  0x2018: 0x91,
  0x2019: 0x92,
  0x201c: 0x93,
  0x201d: 0x94,
  0x2022: 0x95,
  0x2013: 0x96,
  0x2014: 0x97,
  0x02dc: 0x98,
  0x2122: 0x99,
  0x0161: 0x9a,
  0x203a: 0x9b,
  0x0153: 0x9c,
  0x017e: 0x9e,
  0x0178: 0x9f,
};

const utf8 = new TextDecoder("utf-8");

/** Re-reads a string that h5wasm decoded byte-per-character as UTF-8. */
export function asciiDecodedToUtf8(s: string): string {
  let needed = false;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) {
      needed = true;
      break;
    }
  }
  if (!needed) return s;
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    bytes[i] = c < 256 ? c : (CP1252_HIGH[c] ?? 0x3f);
  }
  return utf8.decode(bytes);
}

/** Any h5wasm value to text: strings fixed for charset, arrays joined, numbers printed. */
export function toText(value: unknown, cset: number | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return cset === 0 ? asciiDecodedToUtf8(value) : value;
  if (typeof value === "bigint" || typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map((v) => toText(v, cset)).join(", ");
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>).join(", ");
  return String(value);
}

/** Like toText, for values that are lists (experimenter, keywords). */
export function toTextList(value: unknown, cset: number | undefined): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map((v) => toText(v, cset));
  return [toText(value, cset)];
}

/** Longest text kept from a metadata field: a 10 MB session_description is shown and sent as its beginning. */
export const MAX_TEXT_CHARS = 10_000;

/** The text, or its first MAX_TEXT_CHARS characters and how many were left out. */
export function capText(s: string): string {
  return s.length > MAX_TEXT_CHARS
    ? `${s.slice(0, MAX_TEXT_CHARS)}… (${s.length - MAX_TEXT_CHARS} more characters)`
    : s;
}
