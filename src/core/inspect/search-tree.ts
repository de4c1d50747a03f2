import type { File } from "h5wasm";
import { neurodataTypeAt } from "../nwb/node-types";
import { entryKind, groupKeys } from "./entries";
import type { NodeKind } from "./tree";

/** One object whose path or neurodata type holds what was searched for. */
export interface SearchHit {
  path: string;
  kind: NodeKind;
  /** Its neurodata type's label (`ElectricalSeries`, `ndx-foo:MyType`), if it has one. */
  type?: string;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Entries looked at. */
  visited: number;
  /** Why the search ended before looking at every entry, or null when it did. */
  stopped: null | "matches" | "entries" | "time" | "depth";
}

/**
 * Bounds on one search: a file of 100,000 entries (or a hard-link cycle) is searched for a few seconds at most, in
 * the worker, and the result says where it stopped.
 */
export interface SearchLimits {
  maxHits: number;
  maxVisits: number;
  maxMs: number;
  maxDepth: number;
}

export const SEARCH_LIMITS: SearchLimits = { maxHits: 300, maxVisits: 200_000, maxMs: 3_000, maxDepth: 32 };

/**
 * The objects whose path or neurodata type contains `query` (case-insensitive), breadth first from the root so
 * that the shallow ones come first. Links are matched by their own path and never followed, so link cycles end at
 * the link.
 */
export function searchTree(
  file: File,
  query: string,
  limits: SearchLimits = SEARCH_LIMITS,
  now: () => number = () => performance.now(),
): SearchResult {
  const needle = query.trim().toLowerCase();
  const hits: SearchHit[] = [];
  if (!needle) return { hits, visited: 0, stopped: null };
  const deadline = now() + limits.maxMs;
  let visited = 0;
  let level = ["/"];
  for (let depth = 0; level.length && depth < limits.maxDepth; depth++) {
    const next: string[] = [];
    for (const parent of level) {
      for (const name of groupKeys(file, parent)) {
        if (visited >= limits.maxVisits) return { hits, visited, stopped: "entries" };
        // The clock is read every 64 entries: reading it costs more than a name's comparison.
        if (visited % 64 === 0 && now() > deadline) return { hits, visited, stopped: "time" };
        visited++;
        const path = parent === "/" ? `/${name}` : `${parent}/${name}`;
        const kind = entryKind(file, path) ?? "datatype";
        const type = kind === "group" || kind === "dataset" ? neurodataTypeAt(file, path)?.label : undefined;
        if (path.toLowerCase().includes(needle) || type?.toLowerCase().includes(needle)) {
          hits.push(type ? { path, kind, type } : { path, kind });
          if (hits.length >= limits.maxHits) return { hits, visited, stopped: "matches" };
        }
        if (kind === "group") next.push(path);
      }
    }
    level = next;
  }
  return { hits, visited, stopped: level.length ? "depth" : null };
}
