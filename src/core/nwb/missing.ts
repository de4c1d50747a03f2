import type { MissingLink, NwbFile } from "./model";

/** The external links of a file's series into files not opened with it, each missing file once. */
export function missingFiles(nwb: NwbFile | null): MissingLink[] {
  const byFile = new Map<string, MissingLink>();
  for (const series of nwb?.series ?? [])
    for (const link of series.missing) if (!byFile.has(link.file)) byFile.set(link.file, link);
  return [...byFile.values()];
}
