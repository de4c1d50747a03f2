/** Table names accepted wherever a table path is (spec §1). */
const SHORTCUTS: Record<string, string> = {
  units: "/units",
  trials: "/intervals/trials",
  epochs: "/intervals/epochs",
  electrodes: "/general/extracellular_ephys/electrodes",
};

/** A shortcut's path, or the path itself with a leading `/` (and no trailing one). */
export function tablePath(nameOrPath: string): string {
  const shortcut = SHORTCUTS[nameOrPath];
  if (shortcut) return shortcut;
  const trimmed = nameOrPath.replace(/\/+$/, "");
  return trimmed.startsWith("/") ? trimmed || "/" : `/${trimmed}`;
}
