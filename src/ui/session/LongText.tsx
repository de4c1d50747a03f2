import { useState } from "react";
import { VisibleText } from "../VisibleText";

/** Texts longer than this show their beginning and a button for the rest. */
export const SHORT_TEXT_CHARS = 400;

/**
 * A text from the file, wrapped with its line breaks kept; a long one (a session description can be pages) shows
 * its beginning and a button naming the field and the length, so the summary stays a glance but nothing is
 * out of reach.
 */
export function LongText({ text, label }: { text: string; label: string }) {
  const [open, setOpen] = useState(false);
  if (text.length <= SHORT_TEXT_CHARS) return <VisibleText text={text} keepLineBreaks />;
  return (
    <>
      <VisibleText text={open ? text : `${text.slice(0, SHORT_TEXT_CHARS)}…`} keepLineBreaks />{" "}
      <button type="button" className="session-more" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? `Show less of ${label}` : `Show all of ${label} (${text.length.toLocaleString("en")} characters)`}
      </button>
    </>
  );
}
