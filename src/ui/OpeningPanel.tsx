import { formatBytes } from "../core/format";
import { useApp, type OpenedSet } from "./store";
import { VisibleText } from "./VisibleText";

/**
 * A set before it has a panel per file: "Opening…" while its worker reads the files' structure, or why it could
 * not. Close and Cancel both stop the set's worker, which works even while the HDF5 library does not answer.
 */
export function OpeningPanel({ set }: { set: OpenedSet }) {
  const closeSet = useApp((s) => s.closeSet);
  const names = set.sources.map((f) => f.name).join(", ");
  // A file given by URL may not say its size before it is read.
  const sizes = set.sources.map((f) => f.size);
  const bytes = sizes.every((n) => n !== undefined) ? ` (${formatBytes(sizes.reduce((a, b) => a + b, 0))})` : "";
  return (
    <section className="file-panel" role="region" aria-label={names}>
      <header className="file-panel-header">
        <h2>
          <VisibleText text={names} />
        </h2>
        <button type="button" className="close" aria-label={`Close ${names}`} onClick={() => closeSet(set.id)}>
          ×
        </button>
      </header>
      {set.state === "opening" ? (
        <p role="status" className="opening">
          <span className="opening-spinner" aria-hidden="true" />
          <span>
            Opening… reading the structure of <VisibleText text={names} />
            {bytes}.
          </span>
          <button type="button" onClick={() => closeSet(set.id)}>
            Cancel
          </button>
        </p>
      ) : (
        <p role="alert" className="file-error">
          {set.message}
        </p>
      )}
    </section>
  );
}
