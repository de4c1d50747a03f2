import { DEFAULT_HOSTS } from "../core/upload/api";

/**
 * What the upload form holds, one set for every open file. Everything stays in memory; with "Remember" ticked the
 * hosts, the API key and the target are kept on this device, never the secret or a session token.
 */
export interface UploadSettings {
  api: string;
  api2: string;
  cognito: string;
  apiKey: string;
  apiSecret: string;
  sessionToken: string;
  datasetId: string;
  packageId: string;
  workflowRunId: string;
  remember: boolean;
}

export const KEY = "nwb2pennsieve.upload";
/** What "Remember" keeps; the rest (the secret, a session token) never touches storage. */
const REMEMBERED = ["api", "api2", "cognito", "apiKey", "datasetId", "packageId", "workflowRunId"] as const;

export const emptySettings = (): UploadSettings => ({
  api: DEFAULT_HOSTS.api,
  api2: DEFAULT_HOSTS.api2,
  cognito: "",
  apiKey: "",
  apiSecret: "",
  sessionToken: "",
  datasetId: "",
  packageId: "",
  workflowRunId: "",
  remember: false,
});

/** What was remembered on this device, if the user asked for it; an entry without the opt-in is removed. */
export function loadSettings(storage: Storage | undefined = globalThis.localStorage): UploadSettings {
  const settings = emptySettings();
  try {
    const saved = JSON.parse(storage?.getItem(KEY) ?? "{}") as Partial<Record<string, unknown>>;
    // Earlier versions kept the hosts even without "Remember": such an entry goes.
    if (saved.remember !== true) {
      storage?.removeItem(KEY);
      return settings;
    }
    for (const k of REMEMBERED) if (typeof saved[k] === "string" && saved[k]) settings[k] = saved[k];
    settings.remember = true;
  } catch {
    // Storage may be off (private windows) or hold something else: start empty.
  }
  return settings;
}

/** Keeps the remembered fields when "Remember" is ticked; otherwise removes whatever was kept. */
export function saveSettings(s: UploadSettings, storage: Storage | undefined = globalThis.localStorage): void {
  try {
    if (!s.remember) return storage?.removeItem(KEY);
    const kept: Record<string, unknown> = { remember: true };
    for (const k of REMEMBERED) kept[k] = s[k].trim();
    storage?.setItem(KEY, JSON.stringify(kept));
  } catch {
    // Storage may be off (private windows); remembering is a convenience.
  }
}

/** What the upload still needs, in the words of the form's labels (empty when it can go). */
export function missingForUpload(s: UploadSettings): string[] {
  const missing: string[] = [];
  const has = (v: string) => v.trim() !== "";
  if (!has(s.api)) missing.push("API host");
  if (!has(s.api2)) missing.push("API2 host");
  if (!has(s.sessionToken)) {
    if (!has(s.apiKey) && !has(s.apiSecret)) missing.push("API key and secret, or a session token");
    else if (!has(s.apiKey)) missing.push("API key");
    else if (!has(s.apiSecret)) missing.push("API secret");
  }
  if (!has(s.workflowRunId)) {
    if (!has(s.datasetId) && !has(s.packageId)) missing.push("dataset and package, or a workflow run");
    else if (!has(s.datasetId)) missing.push("dataset");
    else if (!has(s.packageId)) missing.push("package");
  }
  return missing;
}
