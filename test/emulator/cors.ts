// CORS for the API server and the S3 front's own answers. Allowed origins are reflected (not "*"),
// which also works for credentialed requests.
import type { IncomingMessage, ServerResponse } from "node:http";

const ALLOWED_HEADERS = "Authorization, Content-Type, X-Amz-Target, X-Amz-User-Agent";

export function originAllowed(origins: string[] | "*", origin: string | undefined): origin is string {
  return !!origin && (origins === "*" || origins.includes(origin));
}

/** Adds the response headers for an allowed origin; returns whether it was allowed. */
export function applyCors(
  req: IncomingMessage,
  res: ServerResponse,
  origins: string[] | "*",
  expose?: string,
): boolean {
  res.setHeader("Vary", "Origin");
  const origin = req.headers.origin;
  if (!originAllowed(origins, origin)) return false;
  res.setHeader("Access-Control-Allow-Origin", origin);
  if (expose) res.setHeader("Access-Control-Expose-Headers", expose);
  return true;
}

export const isPreflight = (req: IncomingMessage) =>
  req.method === "OPTIONS" && !!req.headers["access-control-request-method"];

/** Answers a preflight: 204 with the allowances for a listed origin, a bare 403 for any other. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, origins: string[] | "*"): void {
  if (!applyCors(req, res, origins)) {
    res.writeHead(403).end();
    return;
  }
  res.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
  res.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
  res.setHeader("Access-Control-Max-Age", "600");
  res.writeHead(204).end();
}
