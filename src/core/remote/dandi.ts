/**
 * The DANDI Archive's REST API, as far as opening assets needs it: a dandiset's versions, its asset list (paged),
 * and each asset's download URL (which redirects to a signed S3 URL: range-fetcher.ts follows and renews it).
 * `fetch` is injected; requests go to the API base given and nowhere else, without credentials.
 */
import type { FetchLike } from "./range-fetcher";

export const DANDI_API = "https://api.dandiarchive.org/api";

export interface DandiAsset {
  asset_id: string;
  path: string;
  size: number;
  /** A Zarr asset's id (a folder of objects, not one file: nothing here can read it); null for a file. */
  zarr?: string | null;
}

interface AssetPage {
  count: number;
  next: string | null;
  results: DandiAsset[];
}

/** `000123`, `000123/0.230101.1234`, `DANDI:000123`, or a DANDI web or API URL naming a dandiset (and a version). */
export function parseDandiset(text: string): { id: string; version?: string } {
  const t = text.trim();
  const m =
    /^(?:DANDI:)?(\d{6})(?:\/([\w.]+))?$/i.exec(t) ??
    /\/dandisets?\/(\d{6})(?:\/(?:versions\/)?(draft|\d+\.\d+\.\d+))?/.exec(t);
  if (!m)
    throw new Error(`"${text}" is not a dandiset: give an id such as 000123 (or 000123/<version>) or a DANDI URL`);
  return { id: m[1]!, version: m[2] };
}

/** Why an API request failed: the server unreachable, an HTTP status, or an answer that is not JSON. */
export class DandiApiError extends Error {
  constructor(
    message: string,
    readonly kind: "unreachable" | "status" | "not-json",
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

async function getJson<T>(fetch: FetchLike, url: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: "omit", headers: { Accept: "application/json" } });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new DandiApiError(`${url}: the DANDI API could not be reached (${(e as Error).message})`, "unreachable", 0, {
      cause: e,
    });
  }
  if (response.status === 404) throw new DandiApiError(`${url}: not found (404)`, "status", 404);
  if (!response.ok)
    throw new DandiApiError(`${url}: the DANDI API answered ${response.status}`, "status", response.status);
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new DandiApiError(`${url}: the answer is not JSON (is this a DANDI API base?)`, "not-json", response.status, {
      cause: e,
    });
  }
}

const base = (api: string) => api.replace(/\/+$/, "");

/** The version asked for, else the most recent published one, else the draft. */
export async function dandisetVersion(fetch: FetchLike, api: string, id: string, version?: string): Promise<string> {
  if (version) return version;
  const d = await getJson<{ most_recent_published_version: { version: string } | null }>(
    fetch,
    `${base(api)}/dandisets/${id}/`,
  );
  return d?.most_recent_published_version?.version ?? "draft";
}

/** One page of a version's assets (DANDI pages them), from `page` 1 or a page's `next` URL. */
export async function assetPage(
  fetch: FetchLike,
  api: string,
  id: string,
  version: string,
  // pageSize null: the server's own page size (DANDI's is 100).
  options: { next?: string; pathPrefix?: string; pageSize?: number | null } = {},
): Promise<{ count: number; next: string | null; assets: DandiAsset[] }> {
  let url = options.next;
  if (!url) {
    const query = new URLSearchParams({ page: "1" });
    if (options.pageSize !== null) query.set("page_size", String(options.pageSize ?? 100));
    if (options.pathPrefix) query.set("path", options.pathPrefix);
    url = `${base(api)}/dandisets/${id}/versions/${encodeURIComponent(version)}/assets/?${query}`;
  }
  const page = await getJson<AssetPage>(fetch, url);
  if (!Array.isArray(page?.results) || typeof page.count !== "number")
    throw new DandiApiError(`${url}: the answer is not a list of assets`, "not-json", 200);
  if (page.next && new URL(page.next).origin !== new URL(base(api)).origin)
    throw new Error(`${url}: the next page is on another host (${new URL(page.next).origin}); not followed`);
  return {
    count: page.count,
    next: page.next,
    assets: page.results.map((a) => ({ asset_id: a.asset_id, path: a.path, size: a.size, zarr: a.zarr ?? null })),
  };
}

/** The asset at exactly `path` in a version, listed by that path as a prefix (pages followed). */
export async function findAsset(
  fetch: FetchLike,
  api: string,
  id: string,
  version: string,
  path: string,
): Promise<DandiAsset> {
  let next: string | undefined;
  do {
    const page = await assetPage(fetch, api, id, version, { next, pathPrefix: path });
    const hit = page.assets.find((a) => a.path === path);
    if (hit) return hit;
    next = page.next ?? undefined;
  } while (next);
  throw new Error(`dandiset ${id}/${version}: no asset at ${path}`);
}

/** Where an asset's bytes are read from: the API's download URL (a redirect to signed S3). */
export const assetDownloadUrl = (api: string, asset: DandiAsset) =>
  `${base(api)}/assets/${encodeURIComponent(asset.asset_id)}/download/`;

/** The name a file is known by (external links resolve by it): the last segment of a URL's or an asset's path. */
export function remoteName(urlOrPath: string): string {
  const path = /^https?:\/\//i.test(urlOrPath) ? new URL(urlOrPath).pathname : urlOrPath;
  const last = path.split("/").filter(Boolean).pop() ?? "";
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

export const isUrl = (text: string) => /^https?:\/\//i.test(text);
