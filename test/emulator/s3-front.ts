// The S3 endpoint clients see. s3rver stores the objects but does not check SigV4 signatures, so
// this front verifies each presigned request against its own Host (what the URL was signed for),
// applies the PUT fault plan, then streams the request through to s3rver on a private port.
import { request, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import { applyCors } from "./cors";
import type { Faults } from "./faults";
import { drain, sleep } from "./http-util";
import { verifyPresigned, type SigV4Key } from "./sigv4";
import type { EmulatorState, RequestLogEntry, UploadRecord } from "./types";

export interface FrontOptions {
  state: EmulatorState;
  faults: Faults;
  key: SigV4Key;
  bucket: string;
  backendPort: number;
}

// Per-connection headers stay on their own hop (Expect: s3rver need not send a second 100 Continue).
const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "upgrade", "expect"];

function strip<T extends OutgoingHttpHeaders>(headers: T): T {
  const out = { ...headers };
  for (const h of HOP_BY_HOP) delete out[h];
  return out;
}

function s3Error(
  req: IncomingMessage,
  res: ServerResponse,
  o: FrontOptions,
  status: number,
  code: string,
  msg: string,
) {
  // CORS headers on errors too, so a browser client can read the status instead of a network error.
  applyCors(req, res, o.state.config.corsOrigins, "ETag");
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${msg}</Message></Error>`;
  res.writeHead(status, { "Content-Type": "application/xml", "Content-Length": Buffer.byteLength(xml) }).end(xml);
}

function objectKey(path: string, bucket: string): string {
  const [, first, ...rest] = path.split("/");
  if (first !== bucket) return "";
  try {
    return rest.map(decodeURIComponent).join("/");
  } catch {
    return "";
  }
}

/** Ties a stored key back to its manifest entry (keys are `<importId>/<file_path>`). */
function linkUpload(state: EmulatorState, key: string): Pick<UploadRecord, "importId" | "uploadKey"> {
  const record = state.imports.get(key.split("/")[0] ?? "");
  const file = record?.files.find((f) => `${record.id}/${f.file_path}` === key);
  return { importId: record?.id ?? null, uploadKey: file?.upload_key ?? null };
}

function forward(req: IncomingMessage, res: ServerResponse, o: FrontOptions, upload: UploadRecord | null): void {
  if (res.destroyed || req.socket.destroyed) return; // the client went while a fault's latency held its request
  const upstream = request(
    {
      host: "127.0.0.1",
      port: o.backendPort,
      method: req.method,
      path: req.url,
      headers: strip({ ...req.headers, host: `127.0.0.1:${o.backendPort}` }),
      agent: false,
    },
    (answer) => {
      const status = answer.statusCode ?? 502;
      if (upload) {
        upload.status = status;
        upload.outcome = status < 300 ? "stored" : "error";
        upload.etag = typeof answer.headers.etag === "string" ? answer.headers.etag : null;
      }
      res.writeHead(status, strip(answer.headers));
      answer.pipe(res);
    },
  );
  upstream.on("error", () =>
    res.headersSent ? res.destroy() : s3Error(req, res, o, 502, "BadGateway", "s3rver failed"),
  );
  if (upload) req.on("data", (chunk: Buffer) => (upload.bytes += chunk.length));
  // A client gone before its answer (a cancelled upload, or stop() closing every connection) takes its request to
  // s3rver with it: left open, that request's body never ends, and s3rver's close() waits for it for ever.
  res.on("close", () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

export function s3FrontHandler(o: FrontOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? "GET";
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const log: RequestLogEntry = {
      at: Date.now(),
      server: "s3",
      method,
      path,
      query: q < 0 ? "" : rawUrl.slice(q),
      origin: req.headers.origin ?? null,
      status: 0,
      fault: null,
    };
    o.state.requests.push(log);
    res.on("finish", () => (log.status = res.statusCode));
    // Preflights carry no signature; s3rver answers them from the bucket's CORS configuration.
    if (method === "OPTIONS") return forward(req, res, o, null);
    if (o.faults.latencyMs > 0) await sleep(o.faults.latencyMs);
    const key = objectKey(path, o.bucket);
    const upload: UploadRecord | null =
      method === "PUT" ? { key, ...linkUpload(o.state, key), bytes: 0, status: 0, outcome: "error", etag: null } : null;
    if (upload) o.state.uploads.push(upload);
    const verdict = verifyPresigned(method, rawUrl, req.headers, o.key);
    if (!verdict.ok) {
      const bytes = await drain(req);
      if (upload) Object.assign(upload, { bytes, status: 403, outcome: "refused" });
      return s3Error(req, res, o, 403, verdict.code, verdict.message);
    }
    const fault = upload ? o.faults.decidePut() : null;
    if (upload && fault) {
      log.fault = `put-${fault}`;
      upload.outcome = `fault-${fault}`;
      // A reset mid-upload, as flaky networks and S3 itself produce.
      if (fault === "drop") return void req.socket.destroy();
      upload.bytes = await drain(req);
      upload.status = Number(fault);
      const code = fault === "503" ? "SlowDown" : "InternalError";
      return s3Error(req, res, o, upload.status, code, "Injected fault; please retry");
    }
    forward(req, res, o, upload);
  };
}
