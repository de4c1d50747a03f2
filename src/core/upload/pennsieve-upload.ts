import type { Summary } from "../convert/convert";
import { channelMetadata, chunkFiles, type SeriesPlan } from "../convert/plan";
import type { OutputSink } from "../sink/output-sink";
import { PennsieveApi, type Hosts } from "./api";
import { Auth, type Credentials } from "./auth";
import { matchChannels } from "./channels";
import type { Http } from "./http";
import { createManifest, remoteName, type ManifestEntry } from "./manifest";
import { markTimeseries, resolveTarget, type Target, type TargetSpec } from "./target";
import { uploadSink, type FileResult, type UploadProgress } from "./upload-sink";

export interface UploadOptions {
  http: Http;
  hosts: Hosts;
  credentials: Credentials;
  target: TargetSpec;
  /** Request-size limit the manifest batches stay under (80 % of it); Pennsieve's is 1 MiB. */
  manifestLimitBytes?: number;
  parallel?: number;
  baseDelayMs?: number;
  signal?: AbortSignal;
  onStage?: (text: string) => void;
  onProgress?: (p: UploadProgress) => void;
}

export interface UploadReport {
  target: Target;
  importId: string;
  channelsCreated: number;
  channelsReused: number;
  uploaded: number;
  failed: FileResult[];
  bytes: number;
  seconds: number;
}

/** Runs the conversion pipeline into a sink: the caller's convert(), unchanged. */
export type RunConversion = (sink: OutputSink) => Promise<Summary>;

/**
 * The legacy import flow of Pennsieve's time-series processor: log in, mark
 * the package, match or create channels, create the import manifest, then
 * stream every chunk file through a presigned URL as the conversion makes
 * it. `retry` uploads only the files that failed, with new URLs.
 */
export class PennsieveUpload {
  private readonly api: PennsieveApi;
  private state: { target: Target; importId: string; entries: Map<string, ManifestEntry & { name: string }> } | null =
    null;
  private readonly auth: Auth;
  private channels = { created: 0, reused: 0 };
  /** The origin of the last request sent: a failed step names it (which of the three hosts refused). */
  private lastHost = "";

  constructor(private readonly options: UploadOptions) {
    const http: Http = (request, signal) => {
      this.lastHost = originOf(request.url);
      return options.http(request, signal);
    };
    this.auth = new Auth(http, options.hosts.api, options.credentials, options.hosts.cognito);
    this.api = new PennsieveApi(http, options.hosts, this.auth, { signal: options.signal });
  }

  async prepare(plans: SeriesPlan[]): Promise<void> {
    await this.step("Signing in", "Login", () => this.auth.token());
    const target = await this.step("Finding the target", "Reading the target", () =>
      resolveTarget(this.api, this.options.target),
    );
    await this.step("Marking the package as a time series", "Marking the package", () =>
      markTimeseries(this.api, target.packageId),
    );
    const local = plans.flatMap((p) => p.channels.map((ch) => ({ index: ch.index, metadata: channelMetadata(p, ch) })));
    const { ids, created, reused } = await this.step("Matching channels", "Matching channels", () =>
      matchChannels(this.api, target.packageId, local),
    );
    this.channels = { created, reused };
    const entries = new Map<string, ManifestEntry & { name: string }>();
    for (const file of chunkFiles(plans))
      entries.set(file.name, {
        name: file.name,
        upload_key: crypto.randomUUID(),
        file_path: remoteName(file.name, ids),
      });
    const manifest = [...entries.values()].map(({ upload_key, file_path }) => ({ upload_key, file_path }));
    const importId = await this.step("Creating the import manifest", "Creating the import manifest", () =>
      createManifest(this.api, target, manifest, this.options.manifestLimitBytes),
    );
    this.state = { target, importId, entries };
  }

  /**
   * One step of `prepare`, announced as `stage`; its failure says which step, at which host, and why
   * ("Login at https://api.pennsieve.io failed: …"). A cancelled step fails as it was.
   */
  private async step<T>(stage: string, name: string, run: () => Promise<T>): Promise<T> {
    this.options.onStage?.(stage);
    this.lastHost = "";
    try {
      return await run();
    } catch (e) {
      if (this.options.signal?.aborted) throw e;
      const why = e instanceof Error ? e.message : String(e);
      // fetch says no more than this when the host cannot be reached or does not allow this page's origin.
      const hint = /failed to fetch|networkerror|fetch failed/i.test(why)
        ? " (the host could not be reached, or it does not accept requests from this page: see CORS in the README)"
        : "";
      throw new Error(`${name}${this.lastHost ? ` at ${this.lastHost}` : ""} failed: ${why}${hint}`, { cause: e });
    }
  }

  /**
   * Converts and uploads; with `only`, uploads just those local file names
   * (a retry), with fresh presigned URLs. `signal`/`onProgress` override the
   * constructor's for this run.
   */
  async run(
    convert: RunConversion,
    only?: Set<string>,
    run: { signal?: AbortSignal; onProgress?: (p: UploadProgress) => void } = {},
  ): Promise<UploadReport> {
    if (!this.state) throw new Error("prepare() first");
    const started = Date.now();
    this.options.onStage?.(only ? `Retrying ${only.size} files` : "Uploading");
    const sink = uploadSink({
      api: this.api,
      ...this.state,
      only,
      parallel: this.options.parallel,
      baseDelayMs: this.options.baseDelayMs,
      signal: run.signal ?? this.options.signal,
      onProgress: run.onProgress ?? this.options.onProgress,
    });
    await convert({
      ...sink,
      wants: (name) => name.endsWith(".bin.gz") && (!only || only.has(name)),
    });
    const results = sink.results();
    const failed = results.filter((r) => r.error);
    return {
      target: this.state.target,
      importId: this.state.importId,
      channelsCreated: this.channels.created,
      channelsReused: this.channels.reused,
      uploaded: results.length - failed.length,
      failed,
      bytes: results.reduce((n, r) => n + (r.error ? 0 : r.bytes), 0),
      seconds: (Date.now() - started) / 1000,
    };
  }
}

const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
};

/**
 * One line for people: what landed and what did not. `firstFailure`: name the first failed file and why (the CLI's
 * line; the page lists the failed files beside it instead).
 */
export function describeUpload(r: UploadReport, firstFailure = true): string {
  const mb = (r.bytes / 1e6).toFixed(1);
  const failed =
    r.failed.length && firstFailure
      ? `, ${r.failed.length} failed (first: ${r.failed[0]!.name}: ${r.failed[0]!.error})`
      : `, ${r.failed.length} failed`;
  return (
    `${r.uploaded} files uploaded${failed}; ${mb} MB in ${r.seconds.toFixed(1)} s to package ${r.target.packageId} ` +
    `(import ${r.importId}; channels: ${r.channelsCreated} created, ${r.channelsReused} reused)`
  );
}
