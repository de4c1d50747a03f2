import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { TreeNode } from "../core/inspect/tree";
import { call } from "./bridge";
import "./components.css";
import { NodeLabel } from "./NodeDetails";

export interface TreeProps {
  sessionId: number;
  fileName: string;
  onSelect: (node: TreeNode | null) => void;
  /** An object to show (a table's reference cell was clicked): its groups open, it is selected and scrolled to. */
  reveal?: { path: string; n: number };
}

/** A group's entries listed so far (pages of PAGE), of `total`. */
type Listing = { nodes: TreeNode[]; total: number; more?: "loading" | string } | { error: string };

interface NodeItem {
  id: string;
  node: TreeNode;
  level: number;
  parent: string;
  position: number;
  setSize: number;
}

/** The row after a group's listed entries when it has more: activating it lists the next page. */
interface MoreItem {
  id: string;
  node?: undefined;
  level: number;
  parent: string;
  shown: number;
  total: number;
}

type VisibleItem = NodeItem | MoreItem;

const ROOT = "/";
/** Entries listed at a time: a group of 100,000 shows its first 200 at once and the rest on request. */
export const PAGE = 200;
const moreId = (parent: string) => `${parent}\u0000more`;

const isExpandable = (node: TreeNode) => node.kind === "group" && (node.childCount ?? 1) > 0;

/** The HDF5 path tree of one file, listed lazily group by group (WAI-ARIA tree, flat DOM). */
export function Tree(props: TreeProps) {
  // A new file or session starts from a clean tree.
  return <TreeView key={`${props.sessionId}\u0000${props.fileName}`} {...props} />;
}

function TreeView({ sessionId, fileName, onSelect, reveal }: TreeProps) {
  const [listings, setListings] = useState<Record<string, Listing>>({});
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set([ROOT]));
  const [selected, setSelected] = useState<string | null>(null);
  const [focused, setFocused] = useState<string | null>(null);
  const requested = useRef(new Set<string>());
  const elements = useRef(new Map<string, HTMLLIElement>());
  // A reveal (a table's reference cell was clicked): its groups open; once it and the groups above it are listed,
  // it is selected and brought into view.
  const [revealed, setRevealed] = useState<TreeProps["reveal"]>(undefined);
  const [revealing, setRevealing] = useState<string | null>(null);
  const [revealedNode, setRevealedNode] = useState<TreeNode | null>(null);
  if (reveal !== revealed) {
    setRevealed(reveal);
    if (reveal) {
      setRevealing(reveal.path);
      setExpanded((old) => new Set([...old, ...groupsAbove(reveal.path)]));
    }
  }
  const revealState = revealing ? stepsToReveal(listings, revealing) : undefined;
  if (revealing && revealState && revealState.kind !== "wait") {
    setRevealing(null);
    if (revealState.kind === "found") {
      setSelected(revealState.node.path);
      setFocused(revealState.node.path);
      setRevealedNode(revealState.node);
    }
  }
  // An object beyond its group's listed pages (or a group beyond its parent's): that group is listed on to it.
  const listMore = useCallback(
    (parent: string, offset: number, through?: string) => {
      const update = (change: (l: { nodes: TreeNode[]; total: number }) => Listing) =>
        setListings((all) => {
          const l = all[parent];
          return l && !("error" in l) ? { ...all, [parent]: change(l) } : all;
        });
      update((l) => ({ ...l, more: "loading" }));
      call(sessionId, (api) => api.children(sessionId, fileName, parent, offset, PAGE, through)).then(
        (page) => update((l) => ({ nodes: [...l.nodes, ...page.nodes], total: page.total })),
        (e: unknown) => update((l) => ({ ...l, more: e instanceof Error ? e.message : String(e) })),
      );
    },
    [sessionId, fileName],
  );
  const unlisted = revealState?.kind === "wait" ? revealState.unlisted : undefined;
  useEffect(() => {
    if (unlisted) listMore(unlisted.group, unlisted.offset, unlisted.name);
  }, [unlisted?.group, unlisted?.offset, unlisted?.name, listMore]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (!revealedNode) return;
    onSelect(revealedNode);
    const element = elements.current.get(revealedNode.path);
    element?.scrollIntoView({ block: "nearest" });
    element?.focus({ preventScroll: true });
  }, [revealedNode, onSelect]);

  useEffect(() => {
    for (const path of expanded) {
      if (requested.current.has(path)) continue;
      requested.current.add(path);
      call(sessionId, (api) => api.children(sessionId, fileName, path, 0, PAGE)).then(
        (page) => setListings((l) => ({ ...l, [path]: page })),
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
    setFocused(item.id);
    elements.current.get(item.id)?.focus();
  };
  const showMore = (parent: string) => {
    const listing = listings[parent];
    if (listing && !("error" in listing) && listing.more !== "loading") listMore(parent, listing.nodes.length);
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

  // A group's row opens or closes it wherever it is clicked (or by Enter and Space), and shows its details too.
  const activate = (node: TreeNode) => {
    select(node);
    if (isExpandable(node)) toggle(node.path, !expanded.has(node.path));
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const item = items[focusIndex];
    if (!item) return;
    const { node } = item;
    const open = node !== undefined && expanded.has(node.path);
    const byKey: Record<string, () => void> = {
      ArrowDown: () => focusItem(items[focusIndex + 1]),
      ArrowUp: () => focusItem(items[focusIndex - 1]),
      Home: () => focusItem(items[0]),
      End: () => focusItem(items[items.length - 1]),
      ArrowRight: () => {
        if (!node || !isExpandable(node)) return;
        if (!open) toggle(node.path, true);
        else if (items[focusIndex + 1]?.parent === node.path) focusItem(items[focusIndex + 1]);
      },
      ArrowLeft: () => {
        if (node && isExpandable(node) && open) toggle(node.path, false);
        else focusItem(items.find((i) => i.id === item.parent));
      },
      Enter: () => (node ? activate(node) : showMore(item.parent)),
      " ": () => (node ? activate(node) : showMore(item.parent)),
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
        const ref = (el: HTMLLIElement | null) => {
          if (el) elements.current.set(item.id, el);
          else elements.current.delete(item.id);
        };
        const { node } = item;
        if (!node)
          return (
            <MoreRow
              key={item.id}
              item={item}
              listing={listings[item.parent]}
              focusable={index === focusIndex}
              rowRef={ref}
              onFocus={() => setFocused(item.id)}
              onActivate={() => {
                setFocused(item.id);
                showMore(item.parent);
              }}
            />
          );
        const expandable = isExpandable(node);
        const open = expandable && expanded.has(node.path);
        const listing = open ? listings[node.path] : undefined;
        return (
          <li
            key={item.id}
            ref={ref}
            role="treeitem"
            className={`tree-item${node.path === selected ? " tree-item-selected" : ""}`}
            style={{ paddingInlineStart: indent(item.level) }}
            aria-level={item.level}
            aria-setsize={item.setSize}
            aria-posinset={item.position}
            aria-expanded={expandable ? open : undefined}
            aria-selected={node.path === selected}
            aria-description={node.type?.doc}
            aria-busy={open && !listing ? true : undefined}
            tabIndex={index === focusIndex ? 0 : -1}
            onFocus={() => setFocused(node.path)}
            onClick={() => {
              setFocused(node.path);
              activate(node);
            }}
          >
            <span className="tree-twisty" aria-hidden="true">
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

const parentOf = (path: string) => path.slice(0, path.lastIndexOf("/")) || ROOT;

type RevealState =
  | { kind: "found"; node: TreeNode }
  | { kind: "missing" }
  /** Listings still to come; `unlisted`: a group whose listing must go on to the entry `name` first. */
  | { kind: "wait"; unlisted?: { group: string; offset: number; name: string } };

/** How far the listings are from showing `path`: every group from the root down must list the next step. */
function stepsToReveal(listings: Record<string, Listing>, path: string): RevealState {
  const steps: string[] = [];
  for (let p = path; p !== ROOT; p = parentOf(p)) steps.unshift(p);
  let node: TreeNode | undefined;
  for (const step of steps) {
    const group = parentOf(step);
    const listing = listings[group];
    if (!listing) return { kind: "wait" };
    if ("error" in listing) return { kind: "missing" };
    node = listing.nodes.find((n) => n.path === step);
    if (node) continue;
    if (listing.nodes.length >= listing.total || (listing.more && listing.more !== "loading"))
      return { kind: "missing" };
    if (listing.more === "loading") return { kind: "wait" };
    const name = step.slice(step.lastIndexOf("/") + 1);
    return { kind: "wait", unlisted: { group, offset: listing.nodes.length, name } };
  }
  return node ? { kind: "found", node } : { kind: "missing" };
}

/** The groups holding `path`, from its parent up to the root. */
function groupsAbove(path: string): string[] {
  const groups: string[] = [];
  for (let p = parentOf(path); ; p = parentOf(p)) {
    groups.push(p);
    if (p === ROOT) return groups;
  }
}

const indent = (level: number) => `${(level - 1) * 1.25 + 0.25}rem`;

function MoreRow({
  item,
  listing,
  focusable,
  rowRef,
  onFocus,
  onActivate,
}: {
  item: MoreItem;
  listing: Listing | undefined;
  focusable: boolean;
  rowRef: (el: HTMLLIElement | null) => void;
  onFocus: () => void;
  onActivate: () => void;
}) {
  const state = listing && !("error" in listing) ? listing.more : undefined;
  const next = Math.min(PAGE, item.total - item.shown);
  return (
    <li
      ref={rowRef}
      role="treeitem"
      className="tree-item tree-more"
      style={{ paddingInlineStart: indent(item.level) }}
      aria-level={item.level}
      aria-busy={state === "loading" ? true : undefined}
      tabIndex={focusable ? 0 : -1}
      onFocus={onFocus}
      onClick={onActivate}
    >
      <span className="tree-twisty" aria-hidden="true" />
      Show {next} more ({(item.total - item.shown).toLocaleString("en")} not listed yet)
      {state === "loading" && <span className="tree-note"> loading…</span>}
      {state && state !== "loading" && <span className="tree-note tree-error"> could not list: {state}</span>}
    </li>
  );
}

function visibleItems(listings: Record<string, Listing>, expanded: ReadonlySet<string>): VisibleItem[] {
  const items: VisibleItem[] = [];
  const walk = (parent: string, level: number) => {
    const listing = listings[parent];
    if (!listing || "error" in listing) return;
    listing.nodes.forEach((node, i) => {
      items.push({ id: node.path, node, level, parent, position: i + 1, setSize: listing.total });
      if (isExpandable(node) && expanded.has(node.path)) walk(node.path, level + 1);
    });
    if (listing.total > listing.nodes.length)
      items.push({ id: moreId(parent), level, parent, shown: listing.nodes.length, total: listing.total });
  };
  walk(ROOT, 1);
  return items;
}

// When the focused row is hidden by collapsing an ancestor, the tab stop moves to that ancestor.
function indexOfPathOrAncestor(items: VisibleItem[], id: string | null): number {
  const index = items.findIndex((i) => i.id === id);
  if (index >= 0) return index;
  const path = id?.split("\u0000")[0] ?? null;
  for (let p = path; p && p !== ROOT; p = p.slice(0, p.lastIndexOf("/")) || ROOT) {
    const at = items.findIndex((i) => i.id === p);
    if (at >= 0) return at;
  }
  return 0;
}
