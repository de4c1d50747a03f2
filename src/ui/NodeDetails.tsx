import { useEffect, useState, type ReactNode } from "react";
import { formatBytes } from "../core/format";
import { dtypeLabel } from "../core/inspect/dtype-label";
import type { AttributeSummary, DatasetSummary, TreeNode } from "../core/inspect/tree";
import { call } from "./bridge";
import { TypeBadge } from "./nwb-tree/TypeBadge";
import { VisibleText } from "./VisibleText";
import { AttributeTable } from "./details/AttributeTable";
import { DatasetValues } from "./details/DatasetValues";
import "./components.css";

export interface NodeDetailsProps {
  sessionId: number;
  fileName: string;
  node: TreeNode;
}

type AttributesResult = { key: string; attributes: AttributeSummary[] } | { key: string; error: string };

const KIND_WORDS: Record<TreeNode["kind"], string> = {
  group: "group",
  dataset: "dataset",
  datatype: "named datatype",
  "soft-link": "soft link",
  "external-link": "external link",
};

/** Everything known about one selected HDF5 object: layout, storage, filters and attributes. */
export function NodeDetails({ sessionId, fileName, node }: NodeDetailsProps) {
  // Links are reported, never followed, so only groups and datasets have attributes to show.
  const hasAttributes = node.kind === "group" || node.kind === "dataset";
  const key = `${sessionId}\u0000${fileName}\u0000${node.path}`;
  const [result, setResult] = useState<AttributesResult | null>(null);

  useEffect(() => {
    if (!hasAttributes) return;
    let current = true;
    call(sessionId, (api) => api.attributes(sessionId, fileName, node.path)).then(
      (attributes) => current && setResult({ key, attributes }),
      (e: unknown) => current && setResult({ key, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      current = false;
    };
  }, [hasAttributes, key, sessionId, fileName, node.path]);

  const attributes = result?.key === key ? result : null;

  return (
    <section className="nodedetails" aria-label={`Details of ${node.path}`}>
      <h3 className="nodedetails-title">
        <NodeLabel node={node} />
      </h3>
      <dl className="nodedetails-facts">
        <Fact term="Path" value={<VisibleText text={node.path} />} />
        <Fact term="Kind" value={KIND_WORDS[node.kind]} />
        {node.type && (
          <Fact
            term="Neurodata type"
            value={
              <>
                <VisibleText text={node.type.label} />
                {node.type.doc && (
                  <span className="nodedetails-typedoc">
                    : <VisibleText text={node.type.doc} />
                  </span>
                )}
              </>
            }
          />
        )}
        {node.kind === "group" && node.childCount !== undefined && <Fact term="Children" value={node.childCount} />}
        {node.target !== undefined && <Fact term="Target" value={<VisibleText text={node.target} />} />}
        {node.broken && (
          <Fact
            term="Status"
            value={node.kind === "external-link" ? "broken: file not opened" : "broken: target missing"}
            className="nodedetails-broken"
          />
        )}
        {node.dataset && <DatasetFacts dataset={node.dataset} />}
      </dl>
      {node.kind === "dataset" && node.dataset && (
        <DatasetValues
          key={key}
          sessionId={sessionId}
          fileName={fileName}
          path={node.path}
          shape={node.dataset.shape}
        />
      )}
      {hasAttributes && (
        <>
          <h4 className="nodedetails-subtitle">Attributes</h4>
          {!attributes ? (
            <p className="nodedetails-status">Loading attributes…</p>
          ) : "error" in attributes ? (
            <p className="nodedetails-status nodedetails-error" role="alert">
              Could not read the attributes: {attributes.error}
            </p>
          ) : attributes.attributes.length === 0 ? (
            <p className="nodedetails-status">No attributes.</p>
          ) : (
            <AttributeTable
              key={attributes.key}
              attributes={attributes.attributes}
              read={(name, offset, limit) =>
                call(sessionId, (api) => api.attributeText(sessionId, fileName, node.path, name, offset, limit))
              }
            />
          )}
        </>
      )}
    </section>
  );
}

function DatasetFacts({ dataset }: { dataset: DatasetSummary }) {
  const { shape, dtype, chunks, filters, storedBytes, logicalBytes } = dataset;
  const label = dtypeLabel(dtype);
  const ratio =
    storedBytes === null || logicalBytes === null
      ? "unknown"
      : storedBytes === 0
        ? "none (nothing stored)"
        : `${(logicalBytes / storedBytes).toFixed(2)} : 1`;
  return (
    <>
      <Fact term="Shape" value={shape.length ? `[${shape.join(", ")}]` : "scalar"} />
      <Fact term="Data type" value={label === dtype ? dtype : `${label} (${dtype})`} />
      <Fact term="Chunks" value={chunks ? `[${chunks.join(", ")}]` : "contiguous"} />
      <div className="nodedetails-fact">
        <dt>Filters</dt>
        <dd>
          {filters.length === 0 ? (
            "none"
          ) : (
            <ul className="nodedetails-filters">
              {filters.map((f, i) => (
                <li key={i}>
                  {f.name || "unnamed filter"} (id {f.id}), cd_values [{f.options.join(", ")}]
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
      <Fact term="Stored size" value={formatBytes(storedBytes)} />
      <Fact
        term="Logical size"
        value={
          // Variable-length values (strings, sequences) live in the file's heap: their size is known only by reading them.
          logicalBytes === null
            ? "variable-length values (their size is known only by reading them)"
            : formatBytes(logicalBytes)
        }
      />
      <Fact term="Logical ÷ stored" value={ratio} />
    </>
  );
}

function Fact({ term, value, className }: { term: string; value: ReactNode; className?: string }) {
  return (
    <div className={`nodedetails-fact${className ? ` ${className}` : ""}`}>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** What a node is, in the words and glyphs of one tree row. */
export function NodeLabel({ node }: { node: TreeNode }) {
  const broken = node.broken ? (
    <span className="tree-broken">
      {" "}
      ⚠ broken: {node.kind === "external-link" ? "file not opened" : "target missing"}
    </span>
  ) : null;
  switch (node.kind) {
    case "group":
      return (
        <span className="tree-label">
          <span className="tree-icon tree-icon-group" aria-hidden="true" />
          <span className="tree-name">
            <VisibleText text={node.name} />
          </span>
          {node.type && <TypeBadge type={node.type} />}
          <span className="tree-meta"> ({node.childCount === 1 ? "1 item" : `${node.childCount ?? "?"} items`})</span>
        </span>
      );
    case "dataset":
      return (
        <span className="tree-label">
          <span aria-hidden="true">▦ </span>
          <span className="tree-name">
            <VisibleText text={node.name} />
          </span>
          {node.type && <TypeBadge type={node.type} />}
          {node.dataset && (
            <span className="tree-meta">
              {" "}
              {dtypeLabel(node.dataset.dtype)}{" "}
              {node.dataset.shape.length ? `[${node.dataset.shape.join(", ")}]` : "scalar"}
            </span>
          )}
        </span>
      );
    case "soft-link":
    case "external-link":
      return (
        <span className={`tree-label${node.broken ? " tree-label-broken" : ""}`}>
          <span className="tree-name">
            <VisibleText text={node.name} />
          </span>
          <span className="tree-meta">
            {node.kind === "soft-link" ? " → " : " ⇒ "}
            <VisibleText text={node.target ?? ""} />
          </span>
          {broken}
        </span>
      );
    default:
      return (
        <span className="tree-label">
          <span className="tree-name">
            <VisibleText text={node.name} />
          </span>
          <span className="tree-meta"> named datatype</span>
        </span>
      );
  }
}
