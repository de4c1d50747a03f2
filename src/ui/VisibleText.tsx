import { visibleParts } from "../core/inspect/visible-text";

/**
 * Text from a file, invisible and control characters shown as marked escapes (`\u{202E}`): a name can no longer
 * draw as another. Always text nodes, never markup.
 */
export function VisibleText({ text, keepLineBreaks = false }: { text: string; keepLineBreaks?: boolean }) {
  const parts = visibleParts(text, keepLineBreaks);
  if (parts.length === 1 && !parts[0]!.escaped) return <>{text}</>;
  return (
    <>
      {parts.map((p, i) =>
        p.escaped ? (
          <span key={i} className="escaped-char" title="an invisible or control character">
            {p.text}
          </span>
        ) : (
          p.text
        ),
      )}
    </>
  );
}
