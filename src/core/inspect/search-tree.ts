import type { File } from "h5wasm";
import { neurodataTypeAt } from "../nwb/node-types";
import { entryKind, groupKeys } from "./entries";

/** One object whose path or neurodata type holds what was searched for. */
export interface SearchHit {
  path: string;
  /** Its neurodata type's label (`ElectricalSeries`, `ndx-foo:MyType`), if it has one. */
  type?: string;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Entries whose names were compared. */
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
  const result = (stopped: SearchResult["stopped"]) => ({ hits, visited, stopped });
  let level = ["/"];
  for (let depth = 0; level.length && depth < limits.maxDepth; depth++) {
    const next: string[] = [];
    for (const parent of level) {
      if (now() > deadline) return result("time");
      const paths = groupKeys(file, parent).map((name) => (parent === "/" ? `/${name}` : `${parent}/${name}`));
      // Names first, which costs no look-up: in a group of 100,000 entries each look-up by name costs
      // milliseconds in the page, so the objects are looked at (for their type, and whether to go into them) after.
      const byName = new Map<string, SearchHit>();
      for (const path of paths) {
        if (++visited > limits.maxVisits) return result("entries");
        if (!path.toLowerCase().includes(needle)) continue;
        const hit: SearchHit = { path };
        byName.set(path, hit);
        hits.push(hit);
        if (hits.length >= limits.maxHits) return result("matches");
      }
      for (const path of paths) {
        if (now() > deadline) return result("time");
        const kind = entryKind(file, path);
        const type = kind === "group" || kind === "dataset" ? neurodataTypeAt(file, path)?.label : undefined;
        const named = byName.get(path);
        if (named && type) named.type = type;
        else if (!named && type?.toLowerCase().includes(needle)) {
          hits.push({ path, type });
          if (hits.length >= limits.maxHits) return result("matches");
        }
        if (kind === "group") next.push(path);
      }
    }
    level = next;
  }
  return result(level.length ? "depth" : null);
}
