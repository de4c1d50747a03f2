import type { Target } from "./target";
import type { PennsieveApi } from "./api";
import { HttpError } from "./http";

export interface ManifestEntry {
  upload_key: string;
  file_path: string;
}

/** `channel-00003_…bin.gz` → `N:channel:…_…bin.gz`: Pennsieve files chunks under the channel's id. */
export function remoteName(fileName: string, ids: Map<number, string>): string {
  const m = /^channel-(\d{5,})(_.*\.bin\.gz)$/.exec(fileName);
  if (!m) throw new Error(`${fileName} is not a chunk file name`);
  const id = ids.get(Number(m[1]));
  if (!id) throw new Error(`no channel id for ${fileName}`);
  return `${id}${m[2]}`;
}

/** Entries per request so that each body stays under 80 % of the limit (spec: 1 MiB). */
export function batchSize(entries: ManifestEntry[], limitBytes = 2 ** 20): number {
  if (entries.length === 0) return 1;
  const total = entries.reduce((n, e) => n + new TextEncoder().encode(JSON.stringify(e)).length + 1, 0);
  return Math.max(1, Math.floor((0.8 * limitBytes) / (total / entries.length)));
}

/**
 * Creates the import manifest in batches: the first batch creates it
 * (`POST /import`, or `/import/manifest` where the former answers 404/405),
 * the others are appended. Returns the import id.
 */
export async function createManifest(
  api: PennsieveApi,
  target: Target,
  entries: ManifestEntry[],
  limitBytes?: number,
): Promise<string> {
  const size = batchSize(entries, limitBytes);
  const query = `dataset_id=${encodeURIComponent(target.datasetId)}`;
  const first = {
    integration_id: target.integrationId,
    package_id: target.packageId,
    import_type: "timeseries",
    files: entries.slice(0, size),
  };
  let created: { id: string };
  try {
    created = await api.send("creating the import manifest", "POST", `${api.hosts.api2}/import?${query}`, first);
  } catch (e) {
    if (!(e instanceof HttpError) || (e.status !== 404 && e.status !== 405)) throw e;
    created = await api.send(
      "creating the import manifest",
      "POST",
      `${api.hosts.api2}/import/manifest?${query}`,
      first,
    );
  }
  for (let at = size; at < entries.length; at += size) {
    const url = `${api.hosts.api2}/import/${encodeURIComponent(created.id)}/files?${query}`;
    await api.send("adding files to the import manifest", "POST", url, { files: entries.slice(at, at + size) });
  }
  return created.id;
}
