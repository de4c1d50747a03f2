import { useRef, useState, type DragEvent, type MouseEvent } from "react";
import { AllFiles } from "./AllFiles";
import { FilePanel } from "./FilePanel";
import { MetadataTable } from "./MetadataTable";
import { OpeningPanel } from "./OpeningPanel";
import { OpenUrlDialog } from "./OpenUrlDialog";
import { useApp } from "./store";

const SAMPLE = "sample.nwb";

/** Past the metadata table (as long as the files are many) to the files themselves, focus and all. */
function skipToFiles(e: MouseEvent) {
  const files = document.getElementById("files");
  if (!files) return;
  // Focus and scroll here rather than by the fragment, which would also change the page's address.
  e.preventDefault();
  files.focus({ preventScroll: true });
  files.scrollIntoView({ block: "start" });
}

/** The page: open files (picker, drop anywhere, sample), the metadata table, one panel per file. */
export function App() {
  const { panels, sets, notices, openFiles, notify, dismiss } = useApp();
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void openFiles(Array.from(e.dataTransfer.files));
  };

  const trySample = async () => {
    try {
      const response = await fetch(`${import.meta.env.BASE_URL}${SAMPLE}`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const blob = await response.blob();
      await openFiles([new File([blob], SAMPLE)]);
    } catch (e) {
      notify(`The sample file could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return (
    <div
      className={`app${dragging ? " dragging" : ""}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <header className="app-header">
        <h1>nwb2pennsieve</h1>
        <p className="app-lede">
          Look inside NWB recordings and turn them into Pennsieve time series, entirely in this browser tab.
        </p>
        <dl className="app-facts">
          <div>
            <dt>Opens</dt>
            <dd>
              NWB 2.x files (HDF5: .nwb, .h5, .hdf5), with the files their external links point to and the members of
              HDF5 family files (name_0.nwb, name_1.nwb, …) opened together.
            </dd>
          </div>
          <div>
            <dt>Shows</dt>
            <dd>Each file&apos;s tree, details, session metadata and tables, and a preview of its recordings.</dd>
          </div>
          <div>
            <dt>Produces</dt>
            <dd>
              Pennsieve time series of the ElectricalSeries you pick: a zip to download, or an upload to Pennsieve.
            </dd>
          </div>
          <div>
            <dt>Privacy</dt>
            <dd>
              Files are read on this machine; nothing is uploaded unless you upload it. A file opened by URL is read
              from the host you give (and the one it redirects to) and from nowhere else, without cookies.
            </dd>
          </div>
        </dl>
        <div className="open-row">
          <label className="button">
            Open NWB files
            <input
              ref={input}
              type="file"
              multiple
              accept=".nwb,.h5,.hdf5,application/x-hdf5"
              onChange={(e) => {
                void openFiles(Array.from(e.target.files ?? []));
                e.target.value = "";
              }}
            />
          </label>
          <button type="button" onClick={() => void trySample()}>
            Try the sample file
          </button>
          <OpenUrlDialog />
          <span className="hint">or drop files anywhere on the page</span>
        </div>
      </header>
      {notices.map((n) => (
        <div role="alert" className="notice" key={n.id}>
          <span>{n.text}</span>
          <button type="button" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
      {panels.length > 0 && (
        <>
          <a className="skip-link" href="#files" onClick={skipToFiles}>
            Skip to files
          </a>
          <MetadataTable files={panels.map((p) => p.file)} />
        </>
      )}
      <main id="files" tabIndex={-1} aria-label="Files">
        <AllFiles />
        {sets.map((set) => {
          const own = panels.filter((p) => p.sessionId === set.id);
          // A set that was reopened keeps its panels meanwhile; one that never opened shows "Opening…" or why.
          if (own.length === 0) return <OpeningPanel key={`set-${set.id}`} set={set} />;
          return own.map((p) => <FilePanel key={p.key} panel={p} failure={set.message} />);
        })}
      </main>
    </div>
  );
}
