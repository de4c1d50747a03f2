/**
 * ISO-8601 date-times to whole microseconds since the Unix epoch.
 *
 * `Date.parse` keeps only milliseconds, and NWB stores up to six fractional
 * digits, so the fraction and the UTC offset are parsed here. A string
 * without an offset is read as UTC.
 */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export function isoToMicros(text: string): number {
  const m = ISO.exec(text.trim());
  if (!m) throw new Error(`not an ISO-8601 date-time: ${JSON.stringify(text)}`);
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", tz = "Z"] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  // Whole microseconds, as Python's datetime keeps them: extra digits are cut, not rounded.
  const micros = Number((frac + "000000").slice(0, 6));
  let offsetMinutes = 0;
  if (tz.toUpperCase() !== "Z") {
    const sign = tz[0] === "-" ? -1 : 1;
    const digits = tz.slice(1).replace(":", "");
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0"));
  }
  return (ms - offsetMinutes * 60_000) * 1000 + micros;
}

/** Seconds since the epoch, as the spec computes S: whole microseconds / 1e6. */
export function isoToSeconds(text: string): number {
  return isoToMicros(text) / 1e6;
}

/**
 * An ISO-8601 date-time as people read it, in the time zone it was written in (not the viewer's): "2020-01-01
 * 12:00:00 −05:00", "… UTC" for Z, "… (no time zone)" when the text has none. Text that is not ISO-8601 is
 * returned as it is, so nothing written in the file is lost.
 */
export function readableDateTime(text: string): string {
  const m = ISO.exec(text.trim());
  if (!m) return text;
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  const date = `${y}-${mo}-${d}`;
  if (h === undefined) return date;
  const time = `${h}:${mi}${s === undefined ? "" : `:${s}`}${frac ? `.${frac}` : ""}`;
  return `${date} ${time} ${readableZone(tz)}`;
}

function readableZone(tz: string | undefined): string {
  if (tz === undefined) return "(no time zone)";
  if (tz.toUpperCase() === "Z") return "UTC";
  const digits = tz.slice(1).replace(":", "");
  // U+2212, the minus sign, reads better than a hyphen beside digits.
  return `${tz[0] === "-" ? "\u2212" : "+"}${digits.slice(0, 2)}:${digits.slice(2) || "00"}`;
}
