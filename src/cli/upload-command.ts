import { basename } from "node:path";
import { convert, planConversion } from "../core/convert/convert";
import { checkLevel } from "../core/convert/gzip";
import { readNwb } from "../core/nwb/read-nwb";
import { h5Rows, openRows } from "../core/open-rows";
import { DEFAULT_HOSTS, type Hosts } from "../core/upload/api";
import type { Credentials } from "../core/upload/auth";
import { fetchHttp } from "../core/upload/http";
import { describeUpload, PennsieveUpload, type UploadReport } from "../core/upload/pennsieve-upload";
import type { TargetSpec } from "../core/upload/target";
import { openNodeSet } from "../node/engine";
import { zlibCrc32, zlibGzip, zlibInflate } from "../node/zlib-gzip";

export interface UploadArgs {
  files: string[];
  chunkMb: number;
  series: string[];
  level: number;
  hosts: Hosts;
  credentials: Credentials;
  target: TargetSpec;
  manifestLimitBytes?: number;
  baseDelayMs?: number;
  onProgress?: (text: string) => void;
}

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

/** Converts and uploads in one stream; retries the failed files once more with fresh URLs before reporting. */
export async function uploadCommand(args: UploadArgs): Promise<UploadReport> {
  checkLevel(args.level);
  const { set, close } = await openNodeSet(args.files);
  try {
    const file = readNwb(set, set.names[0]!);
    const plans = planConversion(file, args.series, args.chunkMb, h5Rows(set));
    const rows = openRows(set, { inflate: zlibInflate });
    const upload = new PennsieveUpload({
      http: fetchHttp,
      hosts: args.hosts,
      credentials: args.credentials,
      target: args.target,
      manifestLimitBytes: args.manifestLimitBytes,
      baseDelayMs: args.baseDelayMs,
      onStage: (text) => args.onProgress?.(text),
      onProgress: (p) =>
        args.onProgress?.(
          `${p.filesDone}/${p.filesTotal} uploaded, ${p.filesFailed} failed, ${(p.bytesUploaded / 1e6).toFixed(1)} MB`,
        ),
    });
    await upload.prepare(plans);
    const run = (only?: Set<string>) =>
      upload.run(
        (sink) => convert(plans, rows, { level: args.level, gzip: zlibGzip, crc32: zlibCrc32, sink, parallel: 8 }),
        only,
      );
    let report = await run();
    if (report.failed.length) {
      const again = await run(new Set(report.failed.map((f) => f.name)));
      report = { ...again, uploaded: report.uploaded + again.uploaded, bytes: report.bytes + again.bytes };
    }
    return report;
  } finally {
    close();
  }
}

export const describeUploadLine = (input: string, r: UploadReport) => `${basename(input)}: ${describeUpload(r)}`;
