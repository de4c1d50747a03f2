import { useEffect, useId, useRef, useState } from "react";
import type { DandiAsset } from "../../core/remote/dandi";
import { assetSize, filterAssets, notOpenable, type AssetListing } from "../../core/remote/dandi-listing";

interface Props {
  listing: AssetListing;
  selected: Map<string, DandiAsset>;
  onToggle(asset: DandiAsset, on: boolean): void;
  onMore(): void;
  busy: boolean;
}

/** The listed assets: a filter over their paths, one checkbox per asset named by its path, and the next page. */
export function DandiAssetList({ listing, selected, onToggle, onMore, busy }: Props) {
  const [filter, setFilter] = useState("");
  const shown = filterAssets(listing.assets, filter);
  const countId = useId();
  const list = useRef<HTMLUListElement>(null);
  // After "More assets", focus goes to the first asset of the new page (the button may be gone: the last page).
  const firstNew = useRef<number | null>(null);
  useEffect(() => {
    const at = firstNew.current;
    if (at === null || listing.assets.length <= at) return;
    firstNew.current = null;
    const id = listing.assets[at]!.asset_id;
    list.current?.querySelector<HTMLInputElement>(`input[data-asset="${CSS.escape(id)}"]`)?.focus();
  }, [listing.assets]);
  return (
    <div className="dandi-assets">
      <label className="dandi-field">
        Filter assets
        <input type="search" value={filter} aria-describedby={countId} onChange={(e) => setFilter(e.target.value)} />
      </label>
      <p id={countId} className="hint">
        {filter.trim()
          ? `${shown.length} of the ${listing.assets.length} listed match`
          : "Filters the listed assets by path (case ignored)"}
        {selected.size > 0 && ` · ${selected.size} selected`}
      </p>
      {shown.length > 0 && (
        <ul ref={list} className="dandi-asset-list" aria-label="Assets">
          {shown.map((a) => {
            const why = notOpenable(a);
            return (
              <li key={a.asset_id}>
                <label>
                  <input
                    type="checkbox"
                    data-asset={a.asset_id}
                    checked={selected.has(a.asset_id)}
                    disabled={why !== null}
                    aria-describedby={why ? `${countId}-${a.asset_id}` : undefined}
                    onChange={(e) => onToggle(a, e.target.checked)}
                  />
                  <span className="dandi-asset-path">{a.path}</span>
                </label>
                {why && (
                  <span id={`${countId}-${a.asset_id}`} className="dandi-asset-why">
                    {why}
                  </span>
                )}
                <span className="dandi-asset-size">{assetSize(a)}</span>
              </li>
            );
          })}
        </ul>
      )}
      {listing.next && (
        <button
          type="button"
          onClick={() => {
            if (busy) return;
            firstNew.current = listing.assets.length;
            onMore();
          }}
          aria-disabled={busy}
        >
          More assets
        </button>
      )}
    </div>
  );
}
