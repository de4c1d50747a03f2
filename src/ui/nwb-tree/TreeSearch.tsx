import { useEffect, useId, useState } from "react";
import type { SearchResult } from "../../core/inspect/search-tree";
import { call } from "../bridge";
import { VisibleText } from "../VisibleText";
import "./nwb-tree.css";

/** Typing pauses this long before a search starts: each keystroke would otherwise queue a search in the worker. */
const DEBOUNCE_MS = 300;

type Found = { query: string; result: SearchResult } | { query: string; error: string };

/**
 * A search over the paths and neurodata types of one file: the worker walks the file (bounded in matches, entries
 * and time: see SEARCH_LIMITS), and choosing a match shows it in the tree.
 */
export function TreeSearch({
  sessionId,
  fileName,
  onChoose,
}: {
  sessionId: number;
  fileName: string;
  onChoose: (path: string) => void;
}) {
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<Found | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const id = useId();
  const wanted = query.trim();

  useEffect(() => {
    if (!wanted) return;
    let current = true;
    const timer = setTimeout(() => {
      call(sessionId, (api) => api.search(sessionId, fileName, wanted)).then(
        (result) => current && setFound({ query: wanted, result }),
        (e: unknown) => current && setFound({ query: wanted, error: e instanceof Error ? e.message : String(e) }),
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [wanted, sessionId, fileName]);

  const shown = wanted && found?.query === wanted ? found : null;
  return (
    <div className="tree-search" role="search">
      <label htmlFor={`${id}-q`}>Search the tree</label>
      <input
        id={`${id}-q`}
        type="search"
        value={query}
        placeholder="part of a path or a type, e.g. ElectricalSeries"
        aria-describedby={`${id}-status`}
        onChange={(e) => setQuery(e.target.value)}
      />
      <p id={`${id}-status`} className="tree-search-status" role="status">
        {wanted && !shown && "Searching…"}
        {shown && ("error" in shown ? `The search failed: ${shown.error}` : summary(shown.result))}
      </p>
      {shown && !("error" in shown) && shown.result.hits.length > 0 && (
        <ul className="tree-search-hits" aria-label={`Matches for ${shown.query}`}>
          {shown.result.hits.map((hit) => (
            <li key={hit.path}>
              <button
                type="button"
                aria-current={hit.path === chosen ? "true" : undefined}
                onClick={() => {
                  setChosen(hit.path);
                  onChoose(hit.path);
                }}
              >
                <VisibleText text={hit.path} />
              </button>
              {hit.type && (
                <span className="nwb-type">
                  {" "}
                  <VisibleText text={hit.type} />
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const STOPPED: Record<NonNullable<SearchResult["stopped"]>, string> = {
  matches: "the list stops there; type more to narrow it",
  entries: "the search stopped there, before the end of the file",
  time: "the search stopped after a few seconds, before the end of the file",
  depth: "groups nested deeper than that were not searched",
};

function summary({ hits, visited, stopped }: SearchResult): string {
  const count = hits.length === 1 ? "1 match" : `${hits.length.toLocaleString("en")} matches`;
  const looked = `${visited.toLocaleString("en")} ${visited === 1 ? "entry" : "entries"} searched`;
  if (!stopped) return `${count} (${looked}).`;
  const first = stopped === "matches" ? `The first ${count}` : count;
  return `${first} (${looked}): ${STOPPED[stopped]}.`;
}
