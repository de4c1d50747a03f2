import { DEFAULT_HOSTS, type Hosts } from "../core/upload/api";
import type { Credentials } from "../core/upload/auth";
import type { TargetSpec } from "../core/upload/target";

/** Names Pennsieve's processor reads, so the CLI drops into the same environment. */
export function uploadSettingsFromEnv(env: NodeJS.ProcessEnv, flags: Record<string, string | undefined>) {
  const pick = (flag: string, name: string) => flags[flag] ?? env[name];
  const hosts: Hosts = {
    api: pick("api-host", "PENNSIEVE_API_HOST") ?? DEFAULT_HOSTS.api,
    api2: pick("api2-host", "PENNSIEVE_API_HOST2") ?? DEFAULT_HOSTS.api2,
    cognito: pick("cognito-url", "PENNSIEVE_COGNITO_URL"),
  };
  const key = pick("api-key", "PENNSIEVE_API_KEY");
  const secret = pick("api-secret", "PENNSIEVE_API_SECRET");
  const session = pick("session-token", "SESSION_TOKEN");
  let credentials: Credentials;
  if (key && secret) credentials = { apiKey: key, apiSecret: secret };
  else if (session) credentials = { sessionToken: session, refreshToken: pick("refresh-token", "REFRESH_TOKEN") };
  else throw new Error("give PENNSIEVE_API_KEY and PENNSIEVE_API_SECRET, or SESSION_TOKEN (or the matching flags)");
  const run = pick("workflow-run", "INTEGRATION_ID");
  const dataset = flags["dataset"];
  const pkg = flags["package"];
  let target: TargetSpec;
  if (dataset && pkg) target = { datasetId: dataset, packageId: pkg, integrationId: run };
  else if (run) target = { workflowRunId: run };
  else throw new Error("give --dataset and --package, or a workflow run id (INTEGRATION_ID or --workflow-run)");
  return { hosts, credentials, target };
}
