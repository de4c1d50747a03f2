import { createHmac } from "node:crypto";
import { closeSync, openSync, readSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";

/** A fault the file host plays on the next range request (one each, in order). */
export type Fault = "503" | "drop" | "short" | "expired";

export interface FileHostOptions {
  /** Answer 200 with the whole file to a Range request, as a server without range support does. */
  noRanges?: boolean;
  /** Wait before each answer (ms) and the pace of bodies (bytes per second, shared by all answers). */
  latencyMs?: number;
  bytesPerSecond?: number;
}

/** CORS as S3 answers it for a public bucket: any origin, the headers a range read needs exposed. */
export function cors(res: ServerResponse): void {
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Expose-Headers", "Content-Range, Content-Length, Accept-Ranges");
}

const SECRET = "stand-in signing key";
export const sign = (path: string, exp: number) =>
  createHmac("sha256", SECRET).update(`${path}?${exp}`).digest("hex").slice(0, 32);

const RANGE = /^bytes=(\d+)-(\d*)$/;
/** How far behind the clock the shaped link may fall and catch up at once (see FileHost.pace). */
const PACE_CREDIT_MS = 10;

/**
 * Serves files by range (206, Content-Range, Accept-Ranges), checks signed URLs (`?exp=…&sig=…`: 403 once expired),
 * and plays the faults it is given: 503s, connections dropped mid-body, short bodies, expired signatures.
 */
export class FileHost {
  readonly faults: Fault[] = [];
  /** Faults are played on every n-th range request (1: the next ones in a row). */
  faultEvery = 1;
  /** Range requests answered (each try counts). */
  rangeRequests = 0;
  private paceUntil = 0;

  constructor(private readonly options: FileHostOptions) {}

  async serve(req: IncomingMessage, res: ServerResponse, path: string, file: string, signed: boolean) {
    cors(res);
    if (req.method === "OPTIONS") {
      res.writeHead(204, { "Access-Control-Allow-Headers": "Range", "Access-Control-Allow-Methods": "GET, HEAD" });
      return res.end();
    }
    if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    const url = new URL(req.url ?? "/", "http://x");
    const range = RANGE.exec(req.headers.range ?? "");
    const fault = range && (this.rangeRequests + 1) % this.faultEvery === 0 ? this.faults.shift() : undefined;
    if (range) this.rangeRequests++;
    if (signed) {
      const exp = Number(url.searchParams.get("exp"));
      const valid = url.searchParams.get("sig") === sign(path, exp);
      if (!valid || exp < Date.now() || fault === "expired") {
        res.writeHead(403, { "Content-Type": "application/xml" });
        return res.end("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>");
      }
    }
    if (fault === "503") {
      res.writeHead(503, { "Content-Type": "text/plain" });
      return res.end("Slow Down");
    }
    const size = statSync(file).size;
    if (!range || this.options.noRanges) {
      res.writeHead(200, { "Content-Length": size, "Content-Type": "application/octet-stream" });
      if (req.method === "HEAD") return res.end();
      return this.send(res, file, 0, size);
    }
    const start = Number(range[1]);
    const end = Math.min(size, range[2] ? Number(range[2]) + 1 : size);
    if (start >= size || end <= start) {
      res.writeHead(416, { "Content-Range": `bytes */${size}` });
      return res.end();
    }
    // A short body is a whole answer whose body stops early: Content-Length agrees, the range does not.
    const sent = fault === "short" ? start + Math.max(0, Math.floor((end - start) / 2)) : end;
    res.writeHead(206, {
      "Content-Range": `bytes ${start}-${end - 1}/${size}`,
      "Content-Length": fault === "short" ? sent - start : end - start,
      "Accept-Ranges": "bytes",
      "Content-Type": "application/octet-stream",
    });
    if (fault === "drop") {
      // Half the body, then the connection goes.
      await this.send(res, file, start, start + Math.floor((end - start) / 2), false);
      return res.destroy();
    }
    return this.send(res, file, start, sent);
  }

  private async send(res: ServerResponse, file: string, start: number, end: number, finish = true) {
    const fd = openSync(file, "r");
    try {
      const piece = 64 * 1024;
      for (let at = start; at < end; at += piece) {
        const buf = Buffer.alloc(Math.min(piece, end - at));
        readSync(fd, buf, 0, buf.length, at);
        await this.pace(buf.length);
        if (!res.write(buf)) await new Promise((r) => res.once("drain", r));
      }
    } finally {
      closeSync(fd);
    }
    if (finish) res.end();
  }

  /**
   * Bandwidth shaping: every body shares one link of `bytesPerSecond`. An idle link keeps 10 ms of credit (1 MB at
   * 100 MB/s), as a real one's buffers do: on a busy machine timers fire late, and without it every late wake-up was
   * time the link lost (NC384 fetched whole at 100 MB/s: 2.97-3.53 s without, 2.63-2.70 s with; 2.55 s is the rate).
   */
  private async pace(bytes: number) {
    const rate = this.options.bytesPerSecond;
    if (!rate) return;
    const now = Date.now();
    this.paceUntil = Math.max(this.paceUntil, now - PACE_CREDIT_MS) + (bytes / rate) * 1000;
    const wait = this.paceUntil - now;
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  }
}
