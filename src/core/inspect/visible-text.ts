/**
 * Names and texts from files, with every character that would draw nothing or draw something else made visible.
 *
 * An HDF5 name may hold any character but "/" and NUL: a right-to-left override turns "invoice‮fdp.exe" into
 * "invoiceexe.pdf" on screen, a newline or an ANSI escape rewrites a terminal line, a zero-width space makes two
 * names look alike. Those characters are shown as escapes such as `\u{202E}` (and `\n`, `\t`, `\r`), the rest as is.
 */

export interface TextPart {
  text: string;
  /** True for an escape standing for one invisible or control character. */
  escaped: boolean;
}

// Controls (C0, DEL, C1), format characters (bidi embeddings, overrides and isolates, zero-width space and joiners,
// soft hyphen, BOM, tags), line and paragraph separators, lone surrogates, and letters that draw nothing (Hangul
// fillers, braille blank, Mongolian vowel separator).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\u115F\u1160\u180E\u2800\u3164\uFFA0]/gu;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** The escape that stands for one character: `\n`, `\t`, `\r`, else `\u{HEX}`. */
export function escapeChar(c: string): string {
  return NAMED[c] ?? `\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(2, "0")}}`;
}

/**
 * The text cut into plain runs and escapes, for displays that mark escapes apart from literal text.
 * `keepLineBreaks` leaves newlines and tabs as they are (long texts shown wrapped).
 */
export function visibleParts(s: string, keepLineBreaks = false): TextPart[] {
  const parts: TextPart[] = [];
  let from = 0;
  for (const m of s.matchAll(INVISIBLE)) {
    if (keepLineBreaks && (m[0] === "\n" || m[0] === "\t")) continue;
    if (m.index > from) parts.push({ text: s.slice(from, m.index), escaped: false });
    parts.push({ text: escapeChar(m[0]), escaped: true });
    from = m.index + m[0].length;
  }
  if (from < s.length) parts.push({ text: s.slice(from), escaped: false });
  return parts;
}

/** The text with invisible and control characters written as escapes (one line, safe in a terminal). */
export function visibleText(s: string): string {
  return s.replace(INVISIBLE, escapeChar);
}
