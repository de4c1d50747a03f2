import { proxy, transfer } from "comlink";
import type { Progress } from "../core/convert/convert";
import { checkLevel, pageGzip } from "../core/convert/gzip";
import { crc32 } from "../core/sink/crc32";
import { cachedSource } from "../core/hdf5/cached-source";
import { initH5 } from "../core/hdf5/h5";
import { Session, type OpenedFile, type SeriesOutput } from "../core/session";
import type { TimeSeriesInfo } from "../core/preview/find-timeseries";
import type { PreviewWindow, WindowRequest } from "../core/preview/read-window";
import type { AttributeSummary, ChildPage, TextPage } from "../core/inspect/tree";
import type { ValuePage, ValueText } from "../core/inspect/values";
import type { SearchResult } from "../core/inspect/search-tree";
import type { OverviewSection } from "../core/nwb/overview";
import type { ByteSource } from "../core/hdf5/byte-source";
import type { RemoteEntry } from "../core/remote/remote-entry";
import { blobSource } from "./blob-source";
import { isRemoteEntry, openRemoteEntry, openWithBeside } from "./remote-sources";
import { pageInflate } from "./page-inflate";
import { encodePool, poolSize } from "./encode-pool";
import { loadPagePlugin } from "./plugins";
import { openZipTarget, removeOldZips, type ZipPartRequest, type ZipTarget } from "./zip-targets";
import { windowFor } from "./stream-bytes";
import type { SeriesPlan } from "../core/convert/plan";
import type { ChunkDecode, Inflate } from "../core/direct/direct-reader";
import { decodeBloscChunk } from "../core/direct/blosc-codecs";
import type { Hosts } from "../core/upload/api";
import type { Credentials } from "../core/upload/auth";
import { fetchHttp } from "../core/upload/http";
import { PennsieveUpload, type UploadReport } from "../core/upload/pennsieve-upload";
import type { TargetSpec } from "../core/upload/target";
import type { UploadProgress } from "../core/upload/upload-sink";
import type { TableQuery } from "../core/tables/model";
import * as tables from "./table-views";

/**
 * The HDF5 worker's API: a plain object of async functions over the core
 * (H5Web's pattern), so the same calls run behind comlink in the page.
 * Only plain data and transferred buffers cross the boundary.
 */

/**
 * The page starts one worker per opened set (so a file on which the HDF5 library loops takes only its own worker
 * with it) and names the set; a call may come while the set is still opening, so the map holds the opening.
 */
const sessions = new Map<number, Promise<Session>>();
const jobs = new Map<number, AbortController>();

async function session(id: number): Promise<Session> {
  const s = await sessions.get(id);
  if (!s) throw new Error("these files are closed; open them again");
  return s;
}

export interface UploadRequest {
  file: string;
  series: string[];
  chunkMb: number;
  level: number;
  hosts: Hosts;
  credentials: Credentials;
  target: TargetSpec;
  jobId: number;
}

const uploads = new Map<number, { upload: PennsieveUpload; plans: SeriesPlan[]; sessionId: number; level: number }>();

export interface ConvertRequest {
  file: string;
  series: string[];
  chunkMb: number;
  level: number;
  target: ZipTarget;
  jobId: number;
  /** One part of a zip that several files' conversions write in turn (a folder each). */
  part?: ZipPartRequest;
}

const pool = encodePool();
/**
 * Chunks inflate in the pool while its workers have room (see EncodePool.decodeOrNull), else here. A block's
 * reads and inflates here can run as one long chain of promise reactions, which holds back every message,
 * the pool's answers included (seen: six 5 ms inflates answered only when the 0.6 s block was done), so each
 * chunk first lets the messages that came in be handled.
 */
const inflate: Inflate = async (data, into, size, wanted) => {
  await messagesFirst();
  return pool.decodeOrNull("inflate", data, into, size, wanted) ?? pageInflate(data, into, size, wanted);
};
/** Blosc chunks the same way: in the pool while it has room, else here. */
const blosc: ChunkDecode = async (data, into, size) => {
  await messagesFirst();
  return pool.decodeOrNull("blosc", data, into, size) ?? decodeBloscChunk(data, into, size);
};
const turn = new MessageChannel();
const turns: (() => void)[] = [];
turn.port1.onmessage = () => turns.shift()?.();
/** Resolves from a message of our own: one that arrived earlier is handled before it. */
function messagesFirst(): Promise<void> {
  return new Promise((resolve) => {
    turns.push(resolve);
    turn.port2.postMessage(null);
  });
}

/** After the last conversion or upload, the encode pool waits this long for another before it stops. */
const POOL_IDLE_MS = 30_000;
let poolIdle: ReturnType<typeof setTimeout> | undefined;
function startJob(jobId: number): AbortController {
  clearTimeout(poolIdle);
  const controller = new AbortController();
  jobs.set(jobId, controller);
  return controller;
}
/** Starts pool workers outside a job: they stop again after the idle time unless a job comes. */
function warmPool(size: number): void {
  pool.warm(size);
  if (jobs.size) return;
  clearTimeout(poolIdle);
  poolIdle = setTimeout(() => pool.stopIdle(), POOL_IDLE_MS);
}
function endJob(jobId: number): void {
  jobs.delete(jobId);
  if (jobs.size === 0) poolIdle = setTimeout(() => pool.stopIdle(), POOL_IDLE_MS);
}

export const api = {
  /**
   * Opens `sources` (dropped files, or files by URL: remote-sources.ts) as the set `sessionId` (the page's number for
   * it). The encode pool starts with a conversion. A URL that cannot be read gives a file whose `error` says why,
   * beside the others, which open. `removeOldZipsFirst`: zips left by an earlier visit (their downloads finished long
   * ago) are removed; the page asks this of its first opening only, so that no later one (a reopen, another set)
   * takes a zip whose download is still reading it.
   */
  async open(
    sources: (File | RemoteEntry)[],
    sessionId: number,
    removeOldZipsFirst = false,
  ): Promise<{ sessionId: number; files: OpenedFile[] }> {
    if (removeOldZipsFirst) void removeOldZips();
    const refused: OpenedFile[] = [];
    const opening = (async () => {
      const module = await initH5(loadPagePlugin);
      const names = new Set<string>();
      for (const f of sources) {
        if (names.has(f.name)) throw new Error(`${f.name}: two files with the same name; open them separately`);
        names.add(f.name);
      }
      const opened: ByteSource[] = [];
      for (const f of sources) {
        if (!isRemoteEntry(f)) opened.push(cachedSource(blobSource(f, f.name)));
        else
          try {
            opened.push(await openRemoteEntry(f));
          } catch (e) {
            const error = `${f.name} could not be read: ${remoteFailure(e)}`;
            refused.push({ name: f.name, size: f.size ?? 0, members: [], url: f.url, isHdf5: false, nwb: null, error });
          }
      }
      if (!sources.some(isRemoteEntry)) {
        const session = new Session(module, opened, inflate, blosc);
        return { session, names: sources.map((f) => f.name), urls: new Map<string, string>() };
      }
      const { set, names: all, urls } = await openWithBeside(module, opened);
      return { session: new Session(module, set, inflate, blosc), names: all, urls };
    })();
    const session = opening.then((o) => o.session);
    session.catch(() => undefined); // told through `opening` below; calls waiting on it are told their own way
    sessions.set(sessionId, session);
    try {
      const { session, names, urls } = await opening;
      const files = session.files(names).map((f) => (urls.has(f.name) ? { ...f, url: urls.get(f.name) } : f));
      return { sessionId, files: [...files, ...refused] };
    } catch (e) {
      sessions.delete(sessionId);
      throw e;
    }
  },

  /** Opens files by URL as the set `sessionId` (see `open`). */
  async openUrls(entries: RemoteEntry[], sessionId: number, removeOldZipsFirst = false) {
    return api.open(entries, sessionId, removeOldZipsFirst);
  },

  /** Answers at once when the worker's event loop is free: a worker stuck inside the HDF5 library cannot. */
  async ping(): Promise<void> {},

  /** A page of a group's entries (a group may have 100,000: the page lists them in pages), on to `through` if given. */
  async children(
    sessionId: number,
    file: string,
    path: string,
    offset: number,
    limit: number,
    through?: string,
  ): Promise<ChildPage> {
    return (await session(sessionId)).children(file, path, offset, limit, through);
  },

  /** The objects of a file whose path or neurodata type holds `query`, bounded in matches, entries and time. */
  async search(sessionId: number, file: string, query: string): Promise<SearchResult> {
    return (await session(sessionId)).search(file, query);
  },

  /** The file's NWB parts (acquisition, processing modules, intervals, units …), no sample data read. */
  async overview(sessionId: number, file: string): Promise<OverviewSection[]> {
    return (await session(sessionId)).overview(file);
  },

  async attributes(sessionId: number, file: string, path: string): Promise<AttributeSummary[]> {
    return (await session(sessionId)).attributes(file, path);
  },

  /** Part of a long attribute value, read when the user asks for more than its beginning. */
  async attributeText(
    sessionId: number,
    file: string,
    path: string,
    name: string,
    offset: number,
    limit: number,
  ): Promise<TextPage> {
    return (await session(sessionId)).attributeText(file, path, name, offset, limit);
  },

  /** A page of a dataset's values: the box `start`/`count`, read alone. */
  async values(sessionId: number, file: string, path: string, start: number[], count: number[]): Promise<ValuePage> {
    return (await session(sessionId)).values(file, path, start, count);
  },

  /** Part of one long value of a dataset, read when the user asks for more than its beginning. */
  async valueText(
    sessionId: number,
    file: string,
    path: string,
    index: number[],
    field: number,
    offset: number,
    limit: number,
  ): Promise<ValueText> {
    return (await session(sessionId)).valueText(file, path, index, field, offset, limit);
  },

  async outputs(sessionId: number, file: string, chunkMb: number): Promise<SeriesOutput[]> {
    return (await session(sessionId)).outputs(file, chunkMb);
  },

  async timeSeries(sessionId: number, file: string): Promise<TimeSeriesInfo[]> {
    return (await session(sessionId)).timeSeries(file);
  },

  /** Only the reduced envelope crosses, its buffers transferred. */
  async preview(sessionId: number, file: string, request: WindowRequest): Promise<PreviewWindow> {
    const window = (await session(sessionId)).preview(file, request);
    return transfer(window, [window.envelope.min.buffer, window.envelope.max.buffer]);
  },

  /** The channel list the conversion of these series will write (what Pennsieve receives). */
  async receivedChannels(sessionId: number, file: string, series: string[], chunkMb: number) {
    return (await session(sessionId)).receivedChannels(file, series, chunkMb);
  },

  /** The zip's size at `level`, before converting (exact at level 0, estimated from sampled chunk files above). */
  async estimateZip(sessionId: number, file: string, series: string[], chunkMb: number, level: number) {
    return (await session(sessionId)).estimateZip(file, series, chunkMb, checkLevel(level), pageGzip(crc32));
  },

  async convert(sessionId: number, request: ConvertRequest, onProgress: (p: Progress) => void) {
    const s = await session(sessionId);
    checkLevel(request.level);
    const controller = startJob(request.jobId);
    const encode = pool.encoder(poolSize());
    try {
      const plans = s.plan(request.file, request.series, request.chunkMb);
      const blockOutput = Math.max(0, ...plans.map((p) => p.channels.length)) * request.chunkMb * 1e6;
      const { sink, result } = await openZipTarget(
        request.target,
        controller.signal,
        windowFor(blockOutput),
        request.part,
      );
      let last = 0;
      const summary = await s.run(plans, {
        level: request.level,
        gzip: pageGzip(crc32),
        encode,
        crc32,
        sink,
        parallel: 6,
        signal: controller.signal,
        onProgress: (p) => {
          const now = performance.now();
          if (now - last > CONVERT_PROGRESS_MS || p.filesDone === p.filesTotal) {
            last = now;
            onProgress(p);
          }
        },
      });
      const out = { ...summary, ...result() };
      // A paused part hands the stream's port back, for the next part's worker.
      const port = out.handOver?.target.kind === "stream" ? out.handOver.target.port : null;
      return port ? transfer(out, [port]) : out;
    } finally {
      endJob(request.jobId);
    }
  },

  /** Converts and uploads to Pennsieve in one stream (no zip, nothing held whole). */
  async upload(
    sessionId: number,
    request: UploadRequest,
    onProgress: (p: UploadProgress) => void,
    onStage: (t: string) => void,
  ) {
    const s = await session(sessionId);
    checkLevel(request.level);
    const controller = startJob(request.jobId);
    try {
      const plans = s.plan(request.file, request.series, request.chunkMb);
      const upload = new PennsieveUpload({
        http: fetchHttp,
        hosts: request.hosts,
        credentials: request.credentials,
        target: request.target,
        signal: controller.signal,
        onStage,
      });
      await upload.prepare(plans);
      uploads.set(request.jobId, { upload, plans, sessionId, level: request.level });
      return await runUpload(request.jobId, undefined, controller.signal, onProgress);
    } finally {
      endJob(request.jobId);
    }
  },

  /** Uploads again only the files that failed, with new presigned URLs. */
  async retryUpload(uploadId: number, jobId: number, names: string[], onProgress: (p: UploadProgress) => void) {
    const controller = startJob(jobId);
    try {
      return await runUpload(uploadId, new Set(names), controller.signal, onProgress);
    } finally {
      endJob(jobId);
    }
  },

  /** The tables of one file (spec §1, §7): paths, types, rows and columns, no column data read. */
  async listTables(sessionId: number, file: string) {
    return tables.tablesOf(await session(sessionId), file);
  },

  /** Opens a table over `files` (one, or several combined) as a view the grid reads window by window. */
  async openView(sessionId: number, files: string[], query: TableQuery): Promise<tables.ViewSummary> {
    // A view's ragged cells and its export inflate in the pool: started now, its workers are ready when those come
    // (a worker takes 0.3–0.7 s to start; until then the chunks inflate here, beside the export's writing).
    warmPool(Math.max(2, poolSize()));
    return tables.openView(sessionId, await session(sessionId), files, query, inflate);
  },

  /** The view's rows `start`..`end` (view positions), only `columns` read beside the leading four. */
  async viewRows(viewId: number, start: number, end: number, columns: string[]) {
    return tables.viewRows(viewId, start, end, columns);
  },

  /** A column's distinct values in the whole table, or null when it has more than `limit` (the value-list filter). */
  async tableDistinct(sessionId: number, files: string[], table: string, column: string, limit: number) {
    return tables.tableDistinct(await session(sessionId), files, table, column, limit);
  },

  async closeView(viewId: number): Promise<void> {
    tables.closeView(viewId);
  },

  /** Exports a table view (filters, columns, order) to the target, streamed batch by batch. */
  async exportTable(
    sessionId: number,
    request: tables.ExportRequest & { jobId: number },
    onProgress: (rows: number) => void,
  ): Promise<tables.ExportSummary> {
    const s = await session(sessionId);
    const controller = startJob(request.jobId);
    // Ragged data's chunks inflate in the pool, beside this thread's writing: two pool workers even on two cores, as
    // this thread mostly waits on them (the bench's 4.9 M spike times, interleaved builds: Parquet 1.83–2.19 s with
    // two, 2.26–2.39 s with one; JSON lines 1.70–1.98 s against 2.12–2.31 s).
    pool.warm(Math.max(2, poolSize()));
    try {
      return await tables.exportView(s, request, controller.signal, throttle(onProgress), inflate);
    } finally {
      endJob(request.jobId);
    }
  },

  async cancel(jobId: number): Promise<void> {
    jobs.get(jobId)?.abort(new Error("cancelled"));
  },

  async close(sessionId: number): Promise<void> {
    const opening = sessions.get(sessionId);
    sessions.delete(sessionId);
    tables.closeSessionViews(sessionId);
    (await opening?.catch(() => null))?.close();
  },
};

async function runUpload(
  uploadId: number,
  only: Set<string> | undefined,
  signal: AbortSignal,
  onProgress: (p: UploadProgress) => void,
): Promise<{ uploadId: number; report: UploadReport }> {
  const held = uploads.get(uploadId);
  if (!held) throw new Error("this upload is no longer known; start it again");
  const encode = pool.encoder(poolSize());
  const s = await session(held.sessionId);
  const report = await held.upload.run(
    (sink) =>
      s.run(held.plans, {
        level: held.level,
        gzip: pageGzip(crc32),
        encode,
        crc32,
        sink,
        parallel: 6,
        signal,
      }),
    only,
    { signal, onProgress: throttle(onProgress) },
  );
  return { uploadId, report };
}

/**
 * Why a file by URL could not be opened. A browser tells a page nothing of a request its CORS rules refused (the
 * same "Failed to fetch" as a server that is down), so that case is named as the likely one.
 */
function remoteFailure(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  if (!/the connection failed/.test(text)) return text;
  return (
    `${text}. If the server is up, it may not allow this page to read it: it must answer with ` +
    "Access-Control-Allow-Origin (this page's origin, or *)"
  );
}

/**
 * How often a conversion reports its progress: each report re-renders the file's panel on the page's main thread.
 * At 100 ms the page spent ~1 CPU-s more over B2 (960 MB) than at 1 s (main thread 0.6 → 0.2, raster and
 * compositor 0.55 → 0.25; bench/README.md, "The page's float64 conversion"), taken from the download's threads.
 */
const CONVERT_PROGRESS_MS = 250;

function throttle<T>(fn: (value: T) => void): (value: T) => void {
  let last = 0;
  return (value) => {
    const now = performance.now();
    if (now - last > 100) {
      last = now;
      fn(value);
    }
  };
}

export type WorkerApi = typeof api;
export { proxy };
