import { DEFAULT_HOSTS } from "../core/upload/api";

/** What the upload form holds. Secrets stay in memory; only hosts and, if asked, the API key are remembered. */
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

const KEY = "nwb2pennsieve.upload";

export function loadSettings(): UploadSettings {
  const empty: UploadSettings = {
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
  };
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? "{}") as Partial<UploadSettings>;
    return {
      ...empty,
      api: saved.api || empty.api,
      api2: saved.api2 || empty.api2,
      cognito: saved.cognito ?? "",
      apiKey: saved.remember ? (saved.apiKey ?? "") : "",
      remember: saved.remember === true,
    };
  } catch {
    return empty;
  }
}

/** Keeps the hosts, and the API key only when the user opted in; never the secret or a token. */
export function saveSettings(s: UploadSettings): void {
  try {
    const kept = {
      api: s.api,
      api2: s.api2,
      cognito: s.cognito,
      remember: s.remember,
      apiKey: s.remember ? s.apiKey : "",
    };
    localStorage.setItem(KEY, JSON.stringify(kept));
  } catch {
    // Storage may be off (private windows); remembering is a convenience.
  }
}
