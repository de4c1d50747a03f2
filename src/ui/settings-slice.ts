import type { StoreApi } from "zustand";
import type { SettingsText } from "../core/convert/settings";
import { checkPanelSettings } from "./convert-readiness";
import type { Panel } from "./store";
import { loadSettings, saveSettings, type UploadSettings } from "./upload-settings";

/**
 * The settings every open file shares: chunk size and gzip level as typed (each panel checks them against its own
 * series and holds the usable values, or NaN), and the upload form's hosts, credentials and target. Typed in any
 * panel, they apply to all; a file opened later takes them too.
 */
export interface SettingsSlice {
  convertText: SettingsText;
  uploadSettings: UploadSettings;
  setConvertText(patch: Partial<SettingsText>): void;
  setUploadSettings(patch: Partial<UploadSettings>): void;
}

interface Host extends SettingsSlice {
  panels: Panel[];
  refreshOutputs(key: string): Promise<void>;
}

/** The panel with the shared settings applied: its usable chunk size and level (NaN where the text is wrong). */
export function withSettings(panel: Panel, text: SettingsText): Panel {
  const check = checkPanelSettings(panel, text);
  const chunkMb = check.chunkMb ?? NaN;
  const level = check.level ?? NaN;
  const sameChunk = Object.is(chunkMb, panel.chunkMb);
  if (sameChunk && Object.is(level, panel.level)) return panel;
  // Counts planned for another chunk size would be stale.
  return { ...panel, chunkMb, level, outputs: sameChunk ? panel.outputs : null };
}

export function settingsSlice(set: StoreApi<Host>["setState"], get: StoreApi<Host>["getState"]): SettingsSlice {
  return {
    convertText: { chunkMb: "1", level: "1" },
    uploadSettings: loadSettings(),

    setConvertText(patch) {
      const text = { ...get().convertText, ...patch };
      const before = get().panels;
      const panels = before.map((p) => withSettings(p, text));
      set({ convertText: text, panels });
      for (const [i, p] of panels.entries())
        if (p.chunkMb !== before[i]!.chunkMb && p.chunkMb > 0) void get().refreshOutputs(p.key);
    },

    setUploadSettings(patch) {
      const next = { ...get().uploadSettings, ...patch };
      saveSettings(next);
      set({ uploadSettings: next });
    },
  };
}
