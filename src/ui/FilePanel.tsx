import { useState } from "react";
import type { TreeNode } from "../core/inspect/tree";
import type { MissingLink } from "../core/nwb/model";
import { missingFiles } from "../core/nwb/missing";
import { formatBytes } from "../core/format";
import { ConvertControls } from "./ConvertControls";
import { NodeDetails } from "./NodeDetails";
import { ReceiveSummary } from "./receive/ReceiveSummary";
import { PreviewPlot } from "./preview/PreviewPlot";
import { FileBrowser } from "./nwb-tree/FileBrowser";
import { SeriesPicker } from "./SeriesPicker";
import { SessionSummary } from "./session/SessionSummary";
import { TablesSection } from "./tables/TablesSection";
import { useApp, type Panel } from "./store";
import { UploadForm } from "./UploadForm";
import { VisibleText } from "./VisibleText";

/**
 * Everything about one opened file: what is inside, what to convert, and the conversion. `failure`: the set's
 * worker was abandoned (the HDF5 library stopped responding), so only its message and Close are left.
 */
export function FilePanel({ panel, failure }: { panel: Panel; failure?: string }) {
  const update = useApp((s) => s.update);
  const close = useApp((s) => s.closePanel);
  const [selectedNode, setSelectedNode] = useState<TreeNode | null>(null);
  const { file } = panel;
  const headingId = `panel-${panel.key.replace(/[^a-z0-9]/gi, "-")}`;
  return (
    <section className="file-panel" role="region" aria-label={file.name} aria-describedby={headingId}>
      <header className="file-panel-header">
        <h2 id={headingId}>
          <VisibleText text={file.name} />
        </h2>
        <span className="file-facts">
          {formatBytes(file.size)}
          {file.members.length > 0 && ` · family of ${file.members.length} members: ${file.members.join(", ")}`}
          {file.nwb && ` · NWB ${file.nwb.session.nwbVersion}`}
        </span>

        <button type="button" className="close" aria-label={`Close ${file.name}`} onClick={() => close(panel.key)}>
          ×
        </button>
      </header>
      {file.url && (
        <p className="file-origin">
          from <VisibleText text={file.url} />
        </p>
      )}
      {failure && (
        <p role="alert" className="file-error">
          {failure}
        </p>
      )}
      {file.error && !failure && (
        <p role="alert" className="file-error">
          <VisibleText text={file.error} />
        </p>
      )}
      {!failure && missingFiles(file.nwb).map((m) => <MissingFile key={m.file} link={m} fileName={file.name} />)}
      {file.note && !failure && (
        <p role="note" className="file-note">
          <VisibleText text={file.note} />
        </p>
      )}
      {file.nwb && !failure && <SessionSummary session={file.nwb.session} />}
      {file.isHdf5 && !failure && (
        <div className="file-inside">
          <FileBrowser panel={panel} onSelect={setSelectedNode} />
          {selectedNode && <NodeDetails sessionId={panel.sessionId} fileName={file.name} node={selectedNode} />}
        </div>
      )}
      {file.isHdf5 && !failure && <TablesSection panel={panel} />}
      {file.nwb && file.nwb.series.length === 0 && !failure && (
        <PreviewPlot sessionId={panel.sessionId} fileName={file.name} seriesPaths={[]} />
      )}
      {file.nwb && file.nwb.series.length > 0 && !failure && (
        <div className="file-convert">
          <SeriesPicker
            series={file.nwb.series}
            outputs={panel.outputs}
            selected={panel.selected}
            noChunkSize={!Number.isFinite(panel.chunkMb)}
            onChange={(selected) => update(panel.key, { selected })}
          />
          <PreviewPlot sessionId={panel.sessionId} fileName={file.name} seriesPaths={panel.selected} />
          <ConvertControls panel={panel} />
          <ReceiveSummary panel={panel} />
          <UploadForm panel={panel} />
        </div>
      )}
    </section>
  );
}

/** A file the set links into but was not given: which, through which link, and that opening it is the fix. */
function MissingFile({ link, fileName }: { link: MissingLink; fileName: string }) {
  const holder = link.linkFile === fileName ? "" : `${link.linkFile}:`;
  return (
    <p role="note" className="file-missing">
      <strong>{link.file}</strong> is missing: the external link{" "}
      <code>
        {holder}
        {link.link}
      </code>{" "}
      points to <code>{link.target}</code> in it, and it was not opened with {fileName}. Open {link.file} (with{" "}
      <em>Open NWB files</em>, <em>Open URL…</em> or <em>Open from DANDI</em>, or by dropping it here) and this set is
      reopened with it; this panel and its settings stay.
    </p>
  );
}
