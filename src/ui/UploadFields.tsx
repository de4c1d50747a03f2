import { useId } from "react";
import { useApp } from "./store";
import type { UploadSettings } from "./upload-settings";

type Field = Exclude<keyof UploadSettings, "remember">;

/**
 * The upload settings, shared by every panel (typed in one, they are in all): hosts, then the two ways to sign in,
 * then the two ways to name the target, each group saying what its alternatives are.
 */
export function UploadFields({ disabled }: { disabled: boolean }) {
  const settings = useApp((s) => s.uploadSettings);
  const set = useApp((s) => s.setUploadSettings);
  const ids = useId();
  const field = (key: Field, label: string, type: "url" | "text" | "password") => (
    <label>
      {label}
      <input
        type={type}
        value={settings[key]}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        onChange={(e) => set({ [key]: e.target.value })}
      />
    </label>
  );
  return (
    <>
      <fieldset className="upload-group" aria-describedby={`${ids}-hosts`}>
        <legend>Hosts</legend>
        <p id={`${ids}-hosts`} className="upload-help">
          Pennsieve&apos;s production hosts are filled in. Point them at a proxy on this page&apos;s origin if the hosts
          refuse it (see CORS in the README); the Cognito endpoint is only needed when it is not AWS&apos;s.
        </p>
        {field("api", "API host", "url")}
        {field("api2", "API2 host", "url")}
        {field("cognito", "Cognito endpoint (optional)", "url")}
      </fieldset>
      <fieldset className="upload-group" aria-describedby={`${ids}-credentials`}>
        <legend>Credentials</legend>
        <p id={`${ids}-credentials`} className="upload-help">
          Either an API key and its secret (made in Pennsieve under your profile, API keys), or a session token of a
          signed-in session. The secret and the token stay in this tab&apos;s memory.
        </p>
        {field("apiKey", "API key", "text")}
        {field("apiSecret", "API secret", "password")}
        <span className="upload-or">or</span>
        {field("sessionToken", "Session token", "password")}
      </fieldset>
      <fieldset className="upload-group" aria-describedby={`${ids}-target`}>
        <legend>Target</legend>
        <p id={`${ids}-target`} className="upload-help">
          Either the dataset and the time-series package to fill (N:dataset:…, N:package:…), or a workflow run, which
          names both.
        </p>
        {field("datasetId", "Dataset id", "text")}
        {field("packageId", "Package id", "text")}
        <span className="upload-or">or</span>
        {field("workflowRunId", "Workflow run id", "text")}
      </fieldset>
      <label className="upload-remember">
        <input
          type="checkbox"
          checked={settings.remember}
          disabled={disabled}
          onChange={(e) => set({ remember: e.target.checked })}
        />
        Remember the hosts, API key and target on this device (never the secret or a token)
      </label>
    </>
  );
}
