import type { ReactNode } from "react";
import { readableDateTime } from "../../core/nwb/time";
import { VisibleText } from "../VisibleText";
import { LongText } from "./LongText";

/** One labelled field; undefined or empty values are left out, so every summary omits what its file lacks. */
export interface Field {
  label: string;
  value: ReactNode;
}

/** A text field, or nothing when the file has none. */
export function textField(label: string, text: string): Field | null {
  return text.trim() ? { label, value: <LongText text={text} label={label} /> } : null;
}

/** A list field (experimenters, keywords…), one item a line. */
export function listField(label: string, items: string[]): Field | null {
  if (!items.length) return null;
  return {
    label,
    value: (
      <ul className="session-list">
        {items.map((item, i) => (
          <li key={i}>
            <LongText text={item} label={`${label} ${i + 1}`} />
          </li>
        ))}
      </ul>
    ),
  };
}

/**
 * A date-time as written in the file's own time zone (not the viewer's), with the ISO text it came from beside
 * it: the zone a recording was made in is part of its record.
 */
export function dateField(label: string, iso: string): Field | null {
  if (!iso.trim()) return null;
  const readable = readableDateTime(iso);
  return {
    label,
    value: (
      <>
        <time dateTime={iso}>
          <VisibleText text={readable} />
        </time>
        {readable !== iso && (
          <span className="session-raw">
            {" "}
            (as written: <VisibleText text={iso} />)
          </span>
        )}
      </>
    ),
  };
}

/** Fields as a description list; each pair in its own div so a label and its value stay together. */
export function FieldList({ fields }: { fields: (Field | null)[] }) {
  const shown = fields.filter((f): f is Field => f !== null);
  if (!shown.length) return null;
  return (
    <dl className="session-fields">
      {shown.map((f) => (
        <div key={f.label} className="session-field">
          <dt>{f.label}</dt>
          <dd>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}
