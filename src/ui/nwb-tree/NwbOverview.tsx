import { useEffect, useId, useState } from "react";
import type { OverviewItem, OverviewSection } from "../../core/nwb/overview";
import { call } from "../bridge";
import { VisibleText } from "../VisibleText";
import { NO_TYPE_DOC } from "./TypeBadge";
import "./nwb-tree.css";

/** Where an overview item can lead besides its node in the tree. */
export interface OverviewLinks {
  /** Paths of the file's tables (the Tables section opens them). */
  tables: ReadonlySet<string>;
  /** Paths of the file's ElectricalSeries (the series list converts them). */
  series: ReadonlySet<string>;
  showNode(path: string): void;
  showTable(path: string): void;
  showSeries(path: string): void;
}

type Loaded = { sections: OverviewSection[] } | { error: string };

/**
 * The file as NWB sees it: acquisition, processing modules and their contents, intervals, units, electrodes,
 * electrode groups, devices and stimulus, each item leading to its node, its table or its series.
 */
export function NwbOverview({
  sessionId,
  fileName,
  links,
}: {
  sessionId: number;
  fileName: string;
  links: OverviewLinks;
}) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    let current = true;
    call(sessionId, (api) => api.overview(sessionId, fileName)).then(
      (sections) => current && setLoaded({ sections }),
      (e: unknown) => current && setLoaded({ error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      current = false;
    };
  }, [sessionId, fileName]);

  if (!loaded) return <p className="tree-status">Reading the NWB parts of {fileName}…</p>;
  if ("error" in loaded)
    return (
      <p className="tree-status tree-error" role="alert">
        Could not read the NWB parts of {fileName}: {loaded.error}
      </p>
    );
  return (
    <div className="nwb-overview">
      {loaded.sections.map((section) => (
        <Section key={section.title} section={section} links={links} />
      ))}
    </div>
  );
}

function Section({ section, links }: { section: OverviewSection; links: OverviewLinks }) {
  const id = useId();
  return (
    <section className="nwb-overview-section" aria-labelledby={id}>
      <h4 id={id}>
        {section.title} <span className="tree-meta">({section.items.length + section.more})</span>
      </h4>
      {section.items.length === 0 ? (
        <p className="tree-status">None in this file.</p>
      ) : (
        <ItemList items={section.items} more={section.more} links={links} />
      )}
    </section>
  );
}

function ItemList({ items, more, links }: { items: OverviewItem[]; more: number; links: OverviewLinks }) {
  return (
    <ul className="nwb-overview-items">
      {items.map((item) => (
        <li key={item.path}>
          <Item item={item} links={links} />
          {item.items && item.items.length > 0 && <ItemList items={item.items} more={item.more ?? 0} links={links} />}
        </li>
      ))}
      {more > 0 && <li className="tree-status">… and {more.toLocaleString("en")} more (see the HDF5 tree)</li>}
    </ul>
  );
}

function Item({ item, links }: { item: OverviewItem; links: OverviewLinks }) {
  return (
    <span className="nwb-overview-item">
      <button
        type="button"
        className="link-button"
        aria-label={`Show ${item.path} in the tree`}
        aria-description={item.doc}
        onClick={() => links.showNode(item.path)}
      >
        <VisibleText text={item.name} />
      </button>
      {item.type && (
        <span className="nwb-type" title={item.doc ?? NO_TYPE_DOC}>
          {" "}
          <VisibleText text={item.type} />
        </span>
      )}
      {item.kind === "link" && <span className="tree-meta"> link</span>}
      {links.tables.has(item.path) && (
        <button
          type="button"
          className="nwb-overview-action"
          aria-label={`Open the table ${item.path}`}
          onClick={() => links.showTable(item.path)}
        >
          Table
        </button>
      )}
      {links.series.has(item.path) && (
        <button
          type="button"
          className="nwb-overview-action"
          aria-label={`Go to the series ${item.path} to convert`}
          onClick={() => links.showSeries(item.path)}
        >
          Series
        </button>
      )}
    </span>
  );
}
