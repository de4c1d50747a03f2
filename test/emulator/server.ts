// The API server: one node:http server for {api}, {api2}, the Cognito endpoint and /admin. Order per
// request: preflight, then faults (drop, latency, injected status), then routing, then the token check.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { answerPreflight, applyCors, isPreflight } from "./cors";
import { drain, HttpError, sleep } from "./http-util";
import type { Reply, Route, Services } from "./router";
import type { RequestLogEntry } from "./types";

function send(res: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(json);
  res.writeHead(status, {
    "Content-Type": "application/json",
    ...headers,
    "Content-Length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

async function dispatch(services: Services, routes: Route[], req: IncomingMessage, url: URL): Promise<Reply> {
  const method = req.method ?? "GET";
  const match = routes
    .filter((r) => r.method === method)
    .map((r) => ({ r, params: r.pattern.exec(url.pathname)?.slice(1) }))
    .find((m) => m.params);
  if (!match?.params) throw new HttpError(404, "Not Found");
  const found = match.r;
  const params = match.params;
  if (found.auth) {
    const check = services.tokens.check(req.headers.authorization);
    if (!check.ok && check.reason === "expired")
      throw new HttpError(services.state.config.expiredTokenStatus, "The incoming token has expired");
    if (!check.ok) throw new HttpError(401, `Unauthorized (${check.reason} token)`);
  }
  let decoded: string[];
  try {
    decoded = params.map((p) => decodeURIComponent(p));
  } catch {
    throw new HttpError(400, "Malformed path");
  }
  return found.handle({ req, url, params: decoded, services });
}

async function handle(services: Services, routes: Route[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://emulator.invalid");
  const method = req.method ?? "GET";
  const { state, faults } = services;
  const admin = url.pathname.startsWith("/admin/");
  const log: RequestLogEntry = {
    at: Date.now(),
    server: "api",
    method,
    path: url.pathname,
    query: url.search,
    origin: req.headers.origin ?? null,
    status: 0,
    fault: null,
  };
  if (!admin) state.requests.push(log);
  res.on("finish", () => (log.status = res.statusCode));
  if (isPreflight(req)) return answerPreflight(req, res, state.config.corsOrigins);
  applyCors(req, res, state.config.corsOrigins);
  if (!admin) {
    if (faults.takeDrop()) {
      log.fault = "drop";
      return void req.socket.destroy();
    }
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const rule = faults.takeFailure(method, url.pathname);
    if (rule) {
      log.fault = `fail-${rule.status}`;
      await drain(req);
      return send(res, rule.status, { message: `Injected fault (${rule.status})` });
    }
  }
  try {
    const reply = await dispatch(services, routes, req, url);
    send(res, reply.status ?? 200, reply.json, reply.headers);
  } catch (err) {
    if (!(err instanceof HttpError)) console.error("pennsieve emulator:", err);
    await drain(req); // answer only once the client has sent everything, or it may see a reset
    if (err instanceof HttpError) send(res, err.status, { message: err.message });
    else send(res, 500, { message: "Internal emulator error" });
  }
}

export function createApiServer(services: Services, routes: Route[]): Server {
  return createServer((req, res) => void handle(services, routes, req, res));
}
