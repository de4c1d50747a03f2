import { useId, useRef, useState } from "react";
import { useApp } from "./store";
import { parseUrlLines, type BadLine } from "./url-lines";

/**
 * "Open URL…": NWB files read in place over HTTP(S), one URL a line. Only the hosts given here (and those they
 * redirect to) are asked, with range requests and no credentials; the server must answer ranges and, for another
 * origin, allow it by CORS (README, "Open a file by URL").
 */
export function OpenUrlDialog() {
  const openUrls = useApp((s) => s.openUrls);
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState("");
  const [bad, setBad] = useState<BadLine[]>([]);
  const fieldId = useId();
  const problemsId = useId();

  const open = () => {
    const parsed = parseUrlLines(text);
    setBad(parsed.bad);
    if (parsed.bad.length || parsed.entries.length === 0) {
      if (!parsed.bad.length) setBad([{ line: 1, text: "", reason: "no URL given: one a line" }]);
      return;
    }
    dialog.current?.close();
    setText("");
    void openUrls(parsed.entries);
  };

  return (
    <>
      <button
        type="button"
        onClick={() => {
          setBad([]);
          dialog.current?.showModal();
        }}
      >
        Open URL…
      </button>
      <dialog ref={dialog} className="url-dialog" aria-labelledby={`${fieldId}-title`}>
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            open();
          }}
        >
          <h2 id={`${fieldId}-title`}>Open files by URL</h2>
          <label htmlFor={fieldId}>NWB file URLs</label>
          <textarea
            id={fieldId}
            rows={5}
            value={text}
            placeholder="https://example.org/data/session_1.nwb"
            spellCheck={false}
            aria-invalid={bad.length > 0}
            aria-describedby={`${problemsId} ${fieldId}-hint`}
            onChange={(e) => setText(e.target.value)}
          />
          <p id={`${fieldId}-hint`} className="hint">
            One URL a line. The files are read in place with range requests: only these hosts (and the ones they
            redirect to) are asked, without cookies. Files they link to are looked for beside them.
          </p>
          <div id={problemsId} role="alert" className="url-problems">
            {bad.length > 0 && (
              <ul>
                {bad.map((b) => (
                  <li key={b.line}>
                    {b.text ? `Line ${b.line}: ${b.text} ${b.reason}` : b.reason.replace(/^./, (c) => c.toUpperCase())}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div className="dialog-buttons">
            <button type="submit">Open</button>
            <button type="button" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
