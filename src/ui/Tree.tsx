import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { TreeNode } from "../core/inspect/tree";
import { call } from "./bridge";
import "./components.css";
import { NodeLabel } from "./NodeDetails";

export interface TreeProps {
  sessionId: number;
  fileName: string;
  onSelect: (node: TreeNode | null) => void;
}

type Listing = { nodes: TreeNode[] } | { error: string };

interface VisibleItem {
  node: TreeNode;
  level: number;
  parent: string;
  position: number;
  setSize: number;
}

const ROOT = "/";

const isExpandable = (node: TreeNode) => node.kind === "group" && (node.childCount ?? 1) > 0;

/** The HDF5 path tree of one file, listed lazily group by group (WAI-ARIA tree, flat DOM). */
export function Tree(props: TreeProps) {
  // A new file or session starts from a clean tree.
  return <TreeView key={`${props.sessionId}\u0000${props.fileName}`} {...props} />;
}

function TreeView({ sessionId, fileName, onSelect }: TreeProps) {
  const [listings, setListings] = useState<Record<string, Listing>>({});
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set([ROOT]));
  const [selected, setSelected] = useState<string | null>(null);
  const [focused, setFocused] = useState<string | null>(null);
  const requested = useRef(new Set<string>());
  const elements = useRef(new Map<string, HTMLLIElement>());

  useEffect(() => {
    for (const path of expanded) {
      if (requested.current.has(path)) continue;
      requested.current.add(path);
      call(sessionId, (api) => api.children(sessionId, fileName, path)).then(
        (nodes) => setListings((l) => ({ ...l, [path]: { nodes } })),
        (e: unknown) => setListings((l) => ({ ...l, [path]: { error: e instanceof Error ? e.message : String(e) } })),
      );
    }
  }, [expanded, sessionId, fileName]);

  const root = listings[ROOT];
  if (!root) return <p className="tree-status">Loading the contents of {fileName}…</p>;
  if ("error" in root)
    return (
      <p className="tree-status tree-error" role="alert">
        Could not list the contents of {fileName}: {root.error}
      </p>
    );

  const items = visibleItems(listings, expanded);
  const focusIndex = indexOfPathOrAncestor(items, focused ?? selected);

  const focusItem = (item: VisibleItem | undefined) => {
    if (!item) return;
    setFocused(item.node.path);
    elements.current.get(item.node.path)?.focus();
  };
  const select = (node: TreeNode | null) => {
    setSelected(node?.path ?? null);
    onSelect(node);
  };
  const toggle = (path: string, open: boolean) => {
    const failed = listings[path] && "error" in listings[path];
    if (!open && failed) {
      // Forget a failed listing so that expanding again retries it.
      requested.current.delete(path);
      setListings(({ [path]: _dropped, ...rest }) => rest);
    }
    setExpanded((old) => {
      const next = new Set(old);
      if (open) next.add(path);
      else next.delete(path);
      return next;
    });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const item = items[focusIndex];
    if (!item) return;
    const { node } = item;
    const open = expanded.has(node.path);
    const byKey: Record<string, () => void> = {
      ArrowDown: () => focusItem(items[focusIndex + 1]),
      ArrowUp: () => focusItem(items[focusIndex - 1]),
      Home: () => focusItem(items[0]),
      End: () => focusItem(items[items.length - 1]),
      ArrowRight: () => {
        if (!isExpandable(node)) return;
        if (!open) toggle(node.path, true);
        else if (items[focusIndex + 1]?.parent === node.path) focusItem(items[focusIndex + 1]);
      },
      ArrowLeft: () => {
        if (isExpandable(node) && open) toggle(node.path, false);
        else focusItem(items.find((i) => i.node.path === item.parent));
      },
      Enter: () => select(node),
      " ": () => select(node),
      Escape: () => select(null),
    };
    const action = byKey[e.key];
    if (!action || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    action();
  };

  if (items.length === 0) return <p className="tree-status">{fileName} has nothing at its root.</p>;

  return (
    <ul className="tree" role="tree" aria-label={`HDF5 tree of ${fileName}`} onKeyDown={onKeyDown}>
      {items.map((item, index) => {
        const { node } = item;
        const expandable = isExpandable(node);
        const open = expandable && expanded.has(node.path);
        const listing = open ? listings[node.path] : undefined;
        return (
          <li
            key={node.path}
            ref={(el) => {
              if (el) elements.current.set(node.path, el);
              else elements.current.delete(node.path);
            }}
            role="treeitem"
            className={`tree-item${node.path === selected ? " tree-item-selected" : ""}`}
            style={{ paddingInlineStart: `${(item.level - 1) * 1.25 + 0.25}rem` }}
            aria-level={item.level}
            aria-setsize={item.setSize}
            aria-posinset={item.position}
            aria-expanded={expandable ? open : undefined}
            aria-selected={node.path === selected}
            aria-busy={open && !listing ? true : undefined}
            tabIndex={index === focusIndex ? 0 : -1}
            onFocus={() => setFocused(node.path)}
            onClick={() => {
              setFocused(node.path);
              select(node);
            }}
          >
            <span
              className="tree-twisty"
              aria-hidden="true"
              onClick={(e) => {
                if (!expandable) return;
                e.stopPropagation();
                setFocused(node.path);
                toggle(node.path, !open);
              }}
            >
              {expandable ? (open ? "▾" : "▸") : ""}
            </span>
            <NodeLabel node={node} />
            {open && !listing && <span className="tree-note"> loading…</span>}
            {listing && "error" in listing && (
              <span className="tree-note tree-error"> could not list: {listing.error}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function visibleItems(listings: Record<string, Listing>, expanded: ReadonlySet<string>): VisibleItem[] {
  const items: VisibleItem[] = [];
  const walk = (parent: string, level: number) => {
    const listing = listings[parent];
    if (!listing || "error" in listing) return;
    listing.nodes.forEach((node, i) => {
      items.push({ node, level, parent, position: i + 1, setSize: listing.nodes.length });
      if (isExpandable(node) && expanded.has(node.path)) walk(node.path, level + 1);
    });
  };
  walk(ROOT, 1);
  return items;
}

// When the focused row is hidden by collapsing an ancestor, the tab stop moves to that ancestor.
function indexOfPathOrAncestor(items: VisibleItem[], path: string | null): number {
  for (let p = path; p && p !== ROOT; p = p.slice(0, p.lastIndexOf("/")) || ROOT) {
    const index = items.findIndex((i) => i.node.path === p);
    if (index >= 0) return index;
  }
  return 0;
}
