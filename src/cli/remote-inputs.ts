// Inputs given by URL or as DANDI assets, resolved in the main thread before the HDF5 thread starts: the DANDI API
// is asked for the version and each asset's id, and the HDF5 thread then reads each asset from its download URL.
// Nothing here imports h5wasm (main.ts stays light).
import { basename } from "node:path";
import {
  assetDownloadUrl,
  DANDI_API,
  dandisetVersion,
  findAsset,
  isUrl,
  parseDandiset,
  remoteName,
} from "../core/remote/dandi";

/** The options every command takes beside its files. */
export const REMOTE_OPTIONS = {
  dandiset: { type: "string" },
  asset: { type: "string", multiple: true },
  "dandi-api": { type: "string" },
} as const;

export interface RemoteValues {
  dandiset?: string;
  asset?: string[];
  "dandi-api"?: string;
}

/** The files to open (paths and URLs) and the names of those whose URL does not end in their name (DANDI assets). */
export interface Inputs {
  files: string[];
  names: Record<string, string>;
}

/** The name a file is known by: a DANDI asset's file name, a URL's last segment, a path's base name. */
export const inputName = (file: string, names: Record<string, string> = {}) =>
  names[file] ?? (isUrl(file) ? remoteName(file) : basename(file));

export async function resolveInputs(command: string, positionals: string[], values: RemoteValues): Promise<Inputs> {
  for (const p of positionals)
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p) && !isUrl(p))
      throw new Error(`${p}: only http:// and https:// URLs can be read`);
  const names: Record<string, string> = {};
  const files = [...positionals];
  const assets = values.asset ?? [];
  if (assets.length && !values.dandiset) throw new Error("--asset needs --dandiset ID[/VERSION]");
  if (values.dandiset) {
    if (!assets.length) throw new Error("--dandiset needs --asset PATH (repeatable): the asset paths to open");
    const api = values["dandi-api"] ?? DANDI_API;
    if (!isUrl(api)) throw new Error(`--dandi-api must be an http(s) URL (got "${api}")`);
    const { id, version: asked } = parseDandiset(values.dandiset);
    const version = await dandisetVersion(fetch, api, id, asked);
    for (const path of assets) {
      const asset = await findAsset(fetch, api, id, version, path.replace(/^\/+/, ""));
      const url = assetDownloadUrl(api, asset);
      files.push(url);
      names[url] = remoteName(asset.path);
    }
  } else if (values["dandi-api"]) throw new Error("--dandi-api goes with --dandiset and --asset");
  if (files.length === 0)
    throw new Error(`${command} needs at least one input file (a path, a URL, or --dandiset with --asset)`);
  return { files, names };
}
