// Route table types shared by the API server and its route modules.
import type { IncomingMessage } from "node:http";
import type { Faults } from "./faults";
import type { TokenService } from "./tokens";
import type { EmulatorState } from "./types";

export interface CognitoPool {
  region: string;
  id: string;
  appClientId: string;
}

export interface CognitoConfig {
  region: string;
  userPool: CognitoPool;
  tokenPool: CognitoPool;
}

export interface Services {
  state: EmulatorState;
  tokens: TokenService;
  faults: Faults;
  cognito: CognitoConfig;
  /** A presigned PUT URL for `key` in the bucket. */
  presign(key: string): string;
}

export interface RouteContext {
  req: IncomingMessage;
  url: URL;
  params: string[]; // the path's `:name` captures, URI-decoded, in order
  services: Services;
}

export interface Reply {
  status?: number;
  json: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  pattern: RegExp;
  auth: boolean;
  handle(ctx: RouteContext): Promise<Reply> | Reply;
}

/** "/api/packages/:id" → an anchored RegExp capturing each `:name` segment. */
export function compilePath(path: string): RegExp {
  const parts = path
    .split(/(:[a-zA-Z]+)/)
    .map((p) => (p.startsWith(":") ? "([^/]+)" : p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  return new RegExp(`^${parts.join("")}$`);
}

export function route(method: string, path: string, auth: boolean, handle: Route["handle"]): Route {
  return { method, pattern: compilePath(path), auth, handle };
}
