// Small HTTP helpers shared by the API server and the S3 front.
import type { IncomingMessage } from "node:http";

export const MIB = 1024 * 1024;

/** Thrown by route handlers; the server turns it into `status` with a JSON `{message}` body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Body {
  bytes: number;
  buffer: Buffer | null; // null when the body went over the limit (it was drained, not kept)
}

/** Reads the whole body. Over `limit`, keeps reading and discarding, so the client finishes sending
 *  and sees the 413 instead of a reset connection; gives up and destroys past 64 × limit. */
export function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= limit) chunks.push(chunk);
      else if (bytes > 64 * limit) req.destroy();
    });
    req.on("end", () => resolve({ bytes, buffer: bytes <= limit ? Buffer.concat(chunks) : null }));
    req.on("error", reject);
  });
}

export async function readJson(req: IncomingMessage, limit: number): Promise<{ value: unknown; bytes: number }> {
  const body = await readBody(req, limit);
  if (!body.buffer) throw new HttpError(413, `Request body exceeds ${limit} bytes`);
  try {
    return { value: JSON.parse(body.buffer.toString("utf8")), bytes: body.bytes };
  } catch {
    throw new HttpError(400, "Request body is not valid JSON");
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Consumes and discards the rest of a request body, so an early answer doesn't reset the connection. */
export function drain(req: IncomingMessage): Promise<number> {
  if (req.readableEnded) return Promise.resolve(0);
  return new Promise((resolve) => {
    let bytes = 0;
    req.on("data", (chunk: Buffer) => (bytes += chunk.length));
    req.on("end", () => resolve(bytes));
    req.on("error", () => resolve(bytes));
    req.on("close", () => resolve(bytes));
    req.resume();
  });
}
