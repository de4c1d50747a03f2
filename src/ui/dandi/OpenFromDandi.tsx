import { useId, useRef, useState, type FormEvent } from "react";
import { DANDI_API, type DandiAsset } from "../../core/remote/dandi";
import { assetSets, listingQuery, listingSummary } from "../../core/remote/dandi-listing";
import type { RemoteEntry } from "../../core/remote/remote-entry";
import { DandiAssetList } from "./DandiAssetList";
import { useDandiListing } from "./use-dandi-listing";
import "./dandi.css";

/**
 * "Open from DANDI": a button and its dialog, where a dandiset's assets are listed (a page at a time), filtered
 * and picked, then opened by URL (`onOpen`, the store's openUrls, once a set: see assetSets). The fields live as
 * long as the page: the API base typed for a test or a staging server is kept in memory only, never stored.
 */
export function OpenFromDandi({ onOpen }: { onOpen(entries: RemoteEntry[]): Promise<void> }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [dandiset, setDandiset] = useState("");
  const [version, setVersion] = useState("");
  const [api, setApi] = useState(DANDI_API);
  const [selected, setSelected] = useState(new Map<string, DandiAsset>());
  const { listing, busy, error, stopped, list, more, stop } = useDandiListing();
  const ids = { title: useId(), dandiset: useId(), version: useId(), api: useId() };

  const onList = (e: FormEvent) => {
    e.preventDefault();
    setSelected(new Map());
    void list(() => listingQuery(dandiset, version, api));
  };
  const toggle = (asset: DandiAsset, on: boolean) =>
    setSelected((s) => {
      const next = new Map(s);
      if (on) next.set(asset.asset_id, asset);
      else next.delete(asset.asset_id);
      return next;
    });
  const openSelected = () => {
    if (!listing || selected.size === 0) return;
    const sets = assetSets(listing.api, [...selected.values()]);
    dialog.current?.close();
    setSelected(new Map());
    for (const entries of sets) void onOpen(entries);
  };

  const status =
    busy === "list"
      ? "Listing assets…"
      : busy === "more"
        ? "Listing more assets…"
        : [listing && listingSummary(listing), stopped && "Listing stopped."].filter(Boolean).join(". ");
  return (
    <>
      <button type="button" onClick={() => dialog.current?.showModal()}>
        Open from DANDI
      </button>
      <dialog ref={dialog} className="dandi-dialog" aria-labelledby={ids.title} onClose={stop}>
        <h2 id={ids.title}>Open from DANDI</h2>
        <form className="dandi-form" onSubmit={onList}>
          <label className="dandi-field">
            Dandiset
            <input
              value={dandiset}
              onChange={(e) => setDandiset(e.target.value)}
              aria-describedby={ids.dandiset}
              spellCheck={false}
              autoComplete="off"
            />
          </label>
          <p id={ids.dandiset} className="hint">
            An id such as 000123, DANDI:000123, or a DANDI URL (which may name a version).
          </p>
          <label className="dandi-field">
            Version
            <input
              value={version}
              onChange={(e) => setVersion(e.target.value)}
              aria-describedby={ids.version}
              spellCheck={false}
              autoComplete="off"
            />
          </label>
          <p id={ids.version} className="hint">
            Empty: the one the Dandiset field names, else the most recent published, else the draft.
          </p>
          <label className="dandi-field">
            DANDI API
            <input
              type="url"
              value={api}
              onChange={(e) => setApi(e.target.value)}
              aria-describedby={ids.api}
              spellCheck={false}
            />
          </label>
          <p id={ids.api} className="hint">
            Only this address is asked for the list; the files are then read from where it sends them.
          </p>
          <div className="dandi-actions">
            <button type="submit">List assets</button>
            {busy && (
              <button type="button" className="secondary" onClick={stop}>
                Stop listing
              </button>
            )}
          </div>
        </form>
        <p role="status" className="dandi-status">
          {status}
        </p>
        {error && (
          <p role="alert" className="dandi-error">
            {error}
          </p>
        )}
        {listing && (
          <DandiAssetList
            key={`${listing.api} ${listing.id} ${listing.version}`}
            listing={listing}
            selected={selected}
            onToggle={toggle}
            onMore={() => void more(listing)}
            busy={busy !== null}
          />
        )}
        <div className="dandi-actions">
          <button type="button" onClick={openSelected} disabled={selected.size === 0}>
            Open selected
          </button>
          <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
            Close
          </button>
        </div>
      </dialog>
    </>
  );
}
