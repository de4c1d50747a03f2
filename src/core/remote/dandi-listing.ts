/**
 * The "Open from DANDI" dialog's listing, without the DOM: what the fields ask for, the listed pages of a
 * version's assets (one page at a time, on demand: a dandiset can hold 100,000 assets), the filter over what is
 * listed, the entries a selection opens, and each failure said in plain words.
 */
import { formatBytes } from "../format";
import {
  assetDownloadUrl,
  assetPage,
  DandiApiError,
  dandisetVersion,
  isUrl,
  parseDandiset,
  remoteName,
  type DandiAsset,
} from "./dandi";
import type { FetchLike } from "./range-fetcher";
import type { RemoteEntry } from "./remote-entry";

export interface AssetListing {
  api: string;
  id: string;
  version: string;
  /** How the version was chosen: typed (in Version or in the Dandiset field), or the default. */
  versionFrom: "asked" | "default";
  /** Assets in the version, as the API counts them. */
  count: number;
  /** The next page's URL; null once everything is listed. */
  next: string | null;
  assets: DandiAsset[];
}

/** What the three fields ask for; throws with a plain sentence when one of them cannot be used. */
export function listingQuery(dandiset: string, version: string, api: string) {
  const base = api.trim();
  if (!isUrl(base))
    throw new Error(`The DANDI API must be an http(s) address, such as https://api.dandiarchive.org/api.`);
  if (!dandiset.trim()) throw new Error("Give a dandiset: an id such as 000123, DANDI:000123, or a DANDI URL.");
  const named = parseDandiset(dandiset);
  return { api: base, id: named.id, version: version.trim() || named.version };
}

/** The first page of a version's assets, the version resolved first when none is asked for. */
export async function listAssets(
  fetch: FetchLike,
  query: { api: string; id: string; version?: string },
): Promise<AssetListing> {
  const { api, id } = query;
  const version = await dandisetVersion(fetch, api, id, query.version).catch((e: unknown) => {
    throw plainError(e, query);
  });
  const page = await assetPage(fetch, api, id, version, { pageSize: null }).catch((e: unknown) => {
    throw plainError(e, { ...query, version });
  });
  return { api, id, version, versionFrom: query.version ? "asked" : "default", ...page };
}

/** The listing with its next page added. */
export async function listMore(fetch: FetchLike, listing: AssetListing): Promise<AssetListing> {
  if (!listing.next) return listing;
  const page = await assetPage(fetch, listing.api, listing.id, listing.version, { next: listing.next }).catch(
    (e: unknown) => {
      throw plainError(e, listing);
    },
  );
  return { ...listing, count: page.count, next: page.next, assets: [...listing.assets, ...page.assets] };
}

/** The listed assets whose path holds `text`, ignoring case. */
export function filterAssets(assets: DandiAsset[], text: string): DandiAsset[] {
  const t = text.trim().toLowerCase();
  return t ? assets.filter((a) => a.path.toLowerCase().includes(t)) : assets;
}

/** "Dandiset 000123, version 0.230101.1234 (the most recent published): 4 of 14 assets listed". */
export function listingSummary(l: AssetListing): string {
  const how =
    l.versionFrom === "asked"
      ? ""
      : l.version === "draft"
        ? " (the draft: none is published)"
        : " (the most recent published)";
  const listed = `${l.assets.length} of ${l.count} asset${l.count === 1 ? "" : "s"} listed`;
  return `Dandiset ${l.id}, version ${l.version}${how}: ${listed}`;
}

/** Why an asset cannot be opened here, or null: a Zarr asset is a folder of objects, not an HDF5 file. */
export const notOpenable = (a: DandiAsset): string | null =>
  a.zarr ? "a Zarr folder, not an HDF5 file: cannot be opened here" : null;

/** An asset as its checkbox shows it: path, then size in MB of 10^6 bytes as elsewhere on the page. */
export const assetSize = (a: DandiAsset) => formatBytes(a.size);

/** What "Open selected" opens: each asset by its download URL, named by its path's last segment. */
export function assetEntries(api: string, assets: DandiAsset[]): RemoteEntry[] {
  return assets
    .filter((a) => !notOpenable(a))
    .map((a) => ({ url: assetDownloadUrl(api, a), name: remoteName(a.path), size: a.size }));
}

/**
 * The sets "Open selected" opens: the assets ticked together are one set, where family members and external-link
 * targets resolve by name among them, as files chosen together from disk do. A set cannot hold two files of one
 * name, so when two ticked assets share one (`sub-01/probe.nwb`, `sub-02/probe.nwb`) each folder's assets open as a
 * set of their own: a family's members and a file and its link targets sit in one folder.
 */
export function assetSets(api: string, assets: DandiAsset[]): RemoteEntry[][] {
  const entries = assetEntries(api, assets);
  if (entries.length === 0) return [];
  if (new Set(entries.map((e) => e.name)).size === entries.length) return [entries];
  const byFolder = new Map<string, DandiAsset[]>();
  for (const a of assets.filter((x) => !notOpenable(x))) {
    const folder = a.path.slice(0, a.path.lastIndexOf("/") + 1);
    const inFolder = byFolder.get(folder);
    if (inFolder) inFolder.push(a);
    else byFolder.set(folder, [a]);
  }
  return [...byFolder.values()].map((folder) => assetEntries(api, folder));
}

/** A failed request said in plain words, naming the dandiset and the API; an abort passes through as it is. */
export function plainError(e: unknown, at: { api: string; id: string; version?: string }): Error {
  if (!(e instanceof DandiApiError)) return e instanceof Error ? e : new Error(String(e));
  const api = at.api;
  if (e.kind === "unreachable")
    return new Error(
      `The DANDI API at ${api} could not be reached: check the address and the connection (the server must also allow requests from this page, CORS).`,
      { cause: e },
    );
  if (e.kind === "not-json")
    return new Error(
      `${api} did not answer as a DANDI API does (its answer is not an asset list in JSON): check the DANDI API field.`,
      {
        cause: e,
      },
    );
  if (e.status === 404)
    return new Error(
      at.version
        ? `Dandiset ${at.id} has no version ${at.version} at ${api} (or there is no such dandiset).`
        : `Dandiset ${at.id} was not found at ${api}.`,
      { cause: e },
    );
  return new Error(`The DANDI API at ${api} answered ${e.status} for dandiset ${at.id}: try again later.`, {
    cause: e,
  });
}
