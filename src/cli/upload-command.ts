import { convert, planConversion } from "../core/convert/convert";
import { checkLevel } from "../core/convert/gzip";
import { readNwb } from "../core/nwb/read-nwb";
import { h5Rows, openRows } from "../core/open-rows";
import type { Hosts } from "../core/upload/api";
import type { Credentials } from "../core/upload/auth";
import { fetchHttp } from "../core/upload/http";
import { describeUpload, PennsieveUpload, type UploadReport } from "../core/upload/pennsieve-upload";
import type { TargetSpec } from "../core/upload/target";
import { nodeInputs, openNodeSet } from "../node/engine";
import { zlibCrc32, zlibGzip, zlibInflate } from "../node/zlib-gzip";
import { nodeBlosc } from "../node/blosc-pool";
import { checkSomethingToConvert, namingTheFile, watchedRows, type ReadWatch } from "./reading";

export interface UploadArgs {
  /** Paths or http(s) URLs, and the names of URLs that do not end in theirs (DANDI assets). */
  files: string[];
  names?: Record<string, string>;
  chunkMb: number;
  series: string[];
  level: number;
  hosts: Hosts;
  credentials: Credentials;
  target: TargetSpec;
  manifestLimitBytes?: number;
  baseDelayMs?: number;
  onProgress?: (text: string) => void;
  watch?: ReadWatch;
}

export { uploadSettingsFromEnv } from "./upload-settings";

/** Converts and uploads in one stream; retries the failed files once more with fresh URLs before reporting. */
export async function uploadCommand(args: UploadArgs): Promise<UploadReport> {
  checkLevel(args.level);
  const { set, close } = await openNodeSet(nodeInputs(args.files, args.names));
  try {
    const name = set.names[0]!;
    // Reading the file answers for the file; the upload's own failures are reported as they are.
    const { plans, rows } = await namingTheFile(set, name, () => {
      const file = readNwb(set, name);
      checkSomethingToConvert(file, args.series);
      return {
        plans: planConversion(file, args.series, args.chunkMb, watchedRows(h5Rows(set), args.watch)),
        rows: watchedRows(openRows(set, { inflate: zlibInflate, blosc: nodeBlosc }), args.watch),
      };
    });
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

/** One line; `name` is the main input's name (inputName in remote-inputs.ts). */
export const describeUploadLine = (name: string, r: UploadReport) => `${name}: ${describeUpload(r)}`;
