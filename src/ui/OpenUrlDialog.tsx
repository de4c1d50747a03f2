import { useId, useRef, useState } from "react";
import { remoteName } from "../core/remote/dandi";
import type { RemoteEntry } from "../core/remote/remote-entry";
import { useApp } from "./store";

/** A line of the field that is not a URL the page can read, and why. */
interface BadLine {
  line: number;
  text: string;
  reason: string;
}

/** The field's lines as files to open (one URL a line, blank lines skipped), or what is wrong with some. */
export function parseUrlLines(text: string): { entries: RemoteEntry[]; bad: BadLine[] } {
  const entries: RemoteEntry[] = [];
  const bad: BadLine[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const reason = problemOf(line);
    if (reason) bad.push({ line: i + 1, text: line, reason });
    else entries.push({ url: new URL(line).href, name: remoteName(line) });
  });
  return { entries, bad };
}

function problemOf(line: string): string | null {
  let url: URL;
  try {
    url = new URL(line);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "is not an http or https URL";
  if (!remoteName(url.href)) return "names no file (it ends in /)";
  return null;
}

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
          <h2 id={`${fieldId}-title`}>Open NWB files by URL</h2>
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
          <ul id={problemsId} role="alert" className="url-problems">
            {bad.map((b) => (
              <li key={b.line}>
                {b.text ? `Line ${b.line}: ${b.text} ${b.reason}` : b.reason.replace(/^./, (c) => c.toUpperCase())}
              </li>
            ))}
          </ul>
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
