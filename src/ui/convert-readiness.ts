import { checkSettings, type SeriesFiles, type SettingsCheck, type SettingsText } from "../core/convert/settings";
import type { OpenedFile } from "../core/session";
import type { Panel } from "./store";

/**
 * Whether a panel can convert now, and if not why, in words shown beside its buttons: one answer for
 * "Download zip", "Save to disk…" and "Upload to Pennsieve".
 */

/** The series ticked when a file opens: those under /acquisition that can convert as they stand. */
export function defaultSelection(file: OpenedFile): string[] {
  return (file.nwb?.series ?? []).filter((s) => s.path.startsWith("/acquisition/") && !s.problem).map((s) => s.path);
}

/** Why a series of the panel cannot convert (read when opened, or found when planned), or null. */
export function seriesProblem(panel: Panel, path: string): string | null {
  const series = panel.file.nwb?.series.find((s) => s.path === path);
  const planned = panel.outputs?.find((o) => o.path === path);
  return series?.problem ?? planned?.problem ?? null;
}

/**
 * What each series that can convert makes per channel at `chunkMb`: bounded by its samples, exact once planned
 * (the panel's outputs are always for its own chunk size: cleared when it changes). A series that cannot convert
 * makes nothing.
 */
export function seriesFiles(panel: Panel, chunkMb: number): SeriesFiles[] {
  const planned = chunkMb === panel.chunkMb ? panel.outputs : null;
  return (panel.file.nwb?.series ?? [])
    .filter((s) => s.problem === null)
    .map((s) => {
      const output = planned?.find((o) => o.path === s.path && o.problem === null);
      return { path: s.path, rows: s.shape[0], filesPerChannel: output?.filesPerChannel };
    });
}

/** The settings as typed, checked by the core's rules against this panel's series. */
export function checkPanelSettings(panel: Panel, text: SettingsText): SettingsCheck {
  return checkSettings(text, seriesFiles(panel, Number(text.chunkMb.trim())));
}

/** Why the panel's buttons are disabled (a conversion running aside), or null when they may be pressed. */
export function blockedReason(panel: Panel): string | null {
  // The panel holds NaN for a setting that was typed wrong; its message is beside the field.
  const check = checkPanelSettings(panel, { chunkMb: String(panel.chunkMb), level: String(panel.level) });
  if (check.chunkProblem) return "Correct the chunk size to convert.";
  if (check.levelProblem) return "Correct the gzip level to convert.";
  const blocked = panel.selected.find((path) => seriesProblem(panel, path) !== null);
  if (blocked) return `${blocked} cannot convert (see above): untick it to convert the others.`;
  if (panel.selected.length > 0) return null;
  const series = panel.file.nwb?.series ?? [];
  if (series.length > 0 && series.every((s) => seriesProblem(panel, s.path) !== null))
    return "None of this file's series can convert as it stands (see above).";
  return "Tick a series to convert.";
}
