import { useCallback, useEffect, useRef, useState } from "react";
import { listAssets, listMore, type AssetListing } from "../../core/remote/dandi-listing";
import type { FetchLike } from "../../core/remote/range-fetcher";

export interface ListingState {
  listing: AssetListing | null;
  /** What is in flight: the first page (with the version), or the next page. */
  busy: "list" | "more" | null;
  error: string | null;
  /** The last listing was stopped by the user (or by closing the dialog). */
  stopped: boolean;
}

const isAbort = (e: unknown) => e instanceof Error && e.name === "AbortError";

/**
 * The dialog's listing requests, one at a time: a new "List assets" aborts the request in flight (and a stale
 * answer is dropped), "Stop listing" and closing the dialog abort it. Requests carry no credentials and only the
 * CORS-safelisted Accept header (dandi.ts), so the browser sends no preflight and no cookies.
 */
export function useDandiListing() {
  const [state, setState] = useState<ListingState>({ listing: null, busy: null, error: null, stopped: false });
  const current = useRef<AbortController | null>(null);

  const run = useCallback(
    async (busy: "list" | "more", step: (f: FetchLike) => Promise<AssetListing>, clear: boolean) => {
      current.current?.abort();
      const controller = new AbortController();
      current.current = controller;
      const f: FetchLike = (url, init) => fetch(url, { ...init, signal: controller.signal });
      setState((s) => ({ listing: clear ? null : s.listing, busy, error: null, stopped: false }));
      try {
        const listing = await step(f);
        if (current.current === controller) setState({ listing, busy: null, error: null, stopped: false });
      } catch (e) {
        if (current.current !== controller) return;
        setState((s) => ({ ...s, busy: null, error: isAbort(e) ? null : (e as Error).message, stopped: isAbort(e) }));
      } finally {
        if (current.current === controller) current.current = null;
      }
    },
    [],
  );

  const list = useCallback(
    (query: () => { api: string; id: string; version?: string }) =>
      // The query is read inside the try, so that a field that cannot be used is said like any other failure.
      run("list", (f) => listAssets(f, query()), true),
    [run],
  );
  const more = useCallback((listing: AssetListing) => run("more", (f) => listMore(f, listing), false), [run]);
  const stop = useCallback(() => current.current?.abort(), []);
  useEffect(() => () => current.current?.abort(), []);

  return { ...state, list, more, stop };
}
