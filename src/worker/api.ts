import { proxy } from "comlink";
import type { Progress } from "../core/convert/convert";
import { checkLevel } from "../core/convert/gzip";
import { crc32 } from "../core/sink/crc32";
import { cachedSource } from "../core/hdf5/cached-source";
import { initH5 } from "../core/hdf5/h5";
import { Session, type OpenedFile, type Preview, type SeriesOutput } from "../core/session";
import type { AttributeSummary, TreeNode } from "../core/inspect/tree";
import { blobSource } from "./blob-source";
import { streamInflate } from "./stream-inflate";
import { gzipPool } from "./gzip-pool";
import { loadPagePlugin } from "./plugins";
import { openZipTarget, type ZipTarget } from "./zip-targets";

/**
 * The HDF5 worker's API: a plain object of async functions over the core
 * (H5Web's pattern), so the same calls run behind comlink in the page.
 * Only plain data and transferred buffers cross the boundary.
 */

const sessions = new Map<number, Session>();
const jobs = new Map<number, AbortController>();
let nextSession = 1;

function session(id: number): Session {
  const s = sessions.get(id);
  if (!s) throw new Error("these files are closed; open them again");
  return s;
}

export interface ConvertRequest {
  file: string;
  series: string[];
  chunkMb: number;
  level: number;
  target: ZipTarget;
  jobId: number;
}

export const api = {
  async open(files: File[]): Promise<{ sessionId: number; files: OpenedFile[] }> {
    const module = await initH5(loadPagePlugin);
    const names = new Set<string>();
    for (const f of files) {
      if (names.has(f.name)) throw new Error(`${f.name}: two files with the same name; open them separately`);
      names.add(f.name);
    }
    const s = new Session(
      module,
      files.map((f) => cachedSource(blobSource(f, f.name))),
      streamInflate,
    );
    const id = nextSession++;
    sessions.set(id, s);
    return { sessionId: id, files: s.files(files.map((f) => f.name)) };
  },

  async children(sessionId: number, file: string, path: string): Promise<TreeNode[]> {
    return session(sessionId).children(file, path);
  },

  async attributes(sessionId: number, file: string, path: string): Promise<AttributeSummary[]> {
    return session(sessionId).attributes(file, path);
  },

  async outputs(sessionId: number, file: string, chunkMb: number): Promise<SeriesOutput[]> {
    return session(sessionId).outputs(file, chunkMb);
  },

  async preview(sessionId: number, file: string, series: string, seconds: number): Promise<Preview> {
    return session(sessionId).preview(file, series, seconds, 16);
  },

  async convert(sessionId: number, request: ConvertRequest, onProgress: (p: Progress) => void) {
    const s = session(sessionId);
    checkLevel(request.level);
    const controller = new AbortController();
    jobs.set(request.jobId, controller);
    const gzip = gzipPool();
    try {
      const { sink, result } = await openZipTarget(request.target);
      let last = 0;
      const summary = await s.convert(request.file, request.series, request.chunkMb, {
        level: request.level,
        gzip,
        crc32,
        sink,
        parallel: 6,
        signal: controller.signal,
        onProgress: (p) => {
          const now = performance.now();
          if (now - last > 100 || p.filesDone === p.filesTotal) {
            last = now;
            onProgress(p);
          }
        },
      });
      return { ...summary, ...result() };
    } finally {
      gzip.close();
      jobs.delete(request.jobId);
    }
  },

  async cancel(jobId: number): Promise<void> {
    jobs.get(jobId)?.abort(new Error("cancelled"));
  },

  async close(sessionId: number): Promise<void> {
    sessions.get(sessionId)?.close();
    sessions.delete(sessionId);
  },
};

export type WorkerApi = typeof api;
export { proxy };
