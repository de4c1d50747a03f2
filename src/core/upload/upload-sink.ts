import type { OutputSink } from "../sink/output-sink";
import type { PennsieveApi } from "./api";
import type { ManifestEntry } from "./manifest";
import { backoffMs, sleep } from "./retry";
import type { Target } from "./target";

export interface FileResult {
  name: string;
  remote: string;
  bytes: number;
  tries: number;
  error: string | null;
}

export interface UploadProgress {
  filesTotal: number;
  filesDone: number;
  filesFailed: number;
  bytesUploaded: number;
  /** Files being uploaded now, with the try they are on. */
  inFlight: { name: string; tries: number }[];
}

export interface UploadSinkOptions {
  api: PennsieveApi;
  target: Target;
  importId: string;
  /** Manifest entries by local file name. */
  entries: Map<string, ManifestEntry & { name: string }>;
  /** Upload only these local names (a retry of the failed ones). */
  only?: Set<string>;
  parallel?: number;
  tries?: number;
  baseDelayMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: UploadProgress) => void;
}

/**
 * A conversion sink that uploads each chunk file as it is produced: a fresh
 * presigned URL for every try, five tries with jittered exponential backoff,
 * four uploads in flight. `put` waits for a free slot, so the conversion
 * slows down to the upload's pace and memory holds at most four files.
 */
export function uploadSink(options: UploadSinkOptions): OutputSink & { results(): FileResult[] } {
  const { api, target, importId, entries, signal } = options;
  const parallel = options.parallel ?? 4;
  const tries = options.tries ?? 5;
  const results: FileResult[] = [];
  const running = new Map<string, { promise: Promise<void>; tries: number }>();
  const total = options.only ? options.only.size : entries.size;
  const progress = (): UploadProgress => ({
    filesTotal: total,
    filesDone: results.filter((r) => !r.error).length,
    filesFailed: results.filter((r) => r.error).length,
    bytesUploaded: results.reduce((n, r) => n + (r.error ? 0 : r.bytes), 0),
    inFlight: [...running].map(([name, r]) => ({ name, tries: r.tries })),
  });
  const query = `dataset_id=${encodeURIComponent(target.datasetId)}`;

  const uploadOnce = async (entry: ManifestEntry, bytes: Uint8Array) => {
    const presign = `${api.hosts.api2}/import/${encodeURIComponent(importId)}/upload/${encodeURIComponent(entry.upload_key)}/presign?${query}`;
    const { url } = await api.get<{ url: string }>("asking for an upload URL", presign);
    const response = await api.http({ method: "PUT", url, body: bytes }, signal);
    // Read the answer even when it is empty: an unread body leaves the request counted as aborted.
    const text = await response.text().catch(() => "");
    if (response.status < 200 || response.status >= 300)
      throw new Error(`PUT answered HTTP ${response.status}${text ? ` (${text.slice(0, 120)})` : ""}`);
  };

  const upload = async (name: string, entry: ManifestEntry, bytes: Uint8Array) => {
    let error: string | null = null;
    let attempt = 0;
    for (; attempt < tries; attempt++) {
      running.get(name)!.tries = attempt + 1;
      options.onProgress?.(progress());
      try {
        await uploadOnce(entry, bytes);
        error = null;
        break;
      } catch (e) {
        if (signal?.aborted) throw e;
        error = e instanceof Error ? e.message : String(e);
        if (attempt + 1 < tries) await sleep(backoffMs(attempt, options.baseDelayMs ?? 250), signal);
      }
    }
    results.push({ name, remote: entry.file_path, bytes: bytes.length, tries: Math.min(attempt + 1, tries), error });
  };

  return {
    async put(name, bytes) {
      if (!name.endsWith(".bin.gz")) return; // channel metadata went through the channel API
      if (options.only && !options.only.has(name)) return;
      const entry = entries.get(name);
      if (!entry) throw new Error(`${name} is not in the import manifest`);
      while (running.size >= parallel) await Promise.race([...running.values()].map((r) => r.promise));
      const slot = { promise: Promise.resolve(), tries: 0 };
      running.set(name, slot);
      slot.promise = upload(name, entry, bytes)
        .catch(() => undefined)
        .finally(() => {
          running.delete(name);
          options.onProgress?.(progress());
        });
    },
    async finish() {
      await Promise.all([...running.values()].map((r) => r.promise));
    },
    async abort() {
      await Promise.allSettled([...running.values()].map((r) => r.promise));
    },
    results: () => results.slice(),
  };
}
