// A local stand-in for Pennsieve's import path: Cognito login, {api} and {api2} routes on one
// loopback HTTP server, presigned uploads into s3rver, and a run-time fault plan.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adminRoutes } from "./admin";
import { channelRoutes } from "./channels";
import { cognitoRoutes } from "./cognito";
import { Faults } from "./faults";
import { importRoutes } from "./imports";
import { packageRoutes } from "./packages";
import type { CognitoConfig, Services } from "./router";
import { startS3 } from "./s3";
import { createApiServer } from "./server";
import {
  addDataset,
  addPackage,
  addWorkflowRun,
  createState,
  type AddPackageOptions,
  type AddRunOptions,
} from "./state";
import { TokenService } from "./tokens";
import type { DatasetRecord, EmulatorState, EmulatorUser, PackageRecord, WorkflowRun } from "./types";

// One import point for users of the emulator.
export type { Faults, FailRule, FaultPatch, FaultSettings, PutFailureMode } from "./faults";
export type { CognitoConfig, CognitoPool } from "./router";
export type * from "./types";

export interface EmulatorOptions {
  port?: number; // API server; 0 (default) = any free port
  s3Port?: number; // S3 endpoint; 0 (default) = any free port
  corsOrigins?: string[] | "*"; // default "*"; the S3 bucket's CORS rule is fixed at start
  dataDir?: string; // s3rver's files go to <dataDir>/s3; default a temp dir removed by stop()
  users?: EmulatorUser[]; // default one random user (see Emulator.users)
  tokenTtlSeconds?: number; // default 3600
  region?: string; // default us-east-1
  bucket?: string; // default pennsieve-emulator-uploads
  cognitoPath?: string; // default /cognito/
  expiredTokenStatus?: 401 | 403; // default 401
  legacyImportRoute?: boolean; // default true; false makes POST {api2}/import answer 404
  presignExpiresSeconds?: number; // default 3600
  seed?: number; // makes fault decisions reproducible
}

export interface Emulator {
  apiUrl: string; // {api}, e.g. http://127.0.0.1:4790/api
  api2Url: string; // {api2}, e.g. http://127.0.0.1:4790/api2
  cognitoUrl: string; // use instead of https://cognito-idp.<region>.amazonaws.com/
  adminUrl: string; // GET/POST …/faults, POST …/config, GET …/state
  s3Url: string; // the host presigned URLs point at
  s3BackendUrl: string; // s3rver itself, unverified; for diagnostics only
  bucket: string;
  region: string;
  cognito: CognitoConfig;
  users: EmulatorUser[];
  state: EmulatorState;
  faults: Faults;
  addDataset(opts?: { name?: string; id?: string }): DatasetRecord;
  addPackage(opts: AddPackageOptions): PackageRecord;
  addWorkflowRun(opts: AddRunOptions): WorkflowRun;
  listObjects(): Promise<{ key: string; size: number }[]>;
  getObject(key: string): Promise<Buffer>;
  stop(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const region = options.region ?? "us-east-1";
  const bucket = options.bucket ?? "pennsieve-emulator-uploads";
  const cognitoPath = `/${(options.cognitoPath ?? "/cognito/").replace(/^\/+|\/+$/g, "")}/`.replace(/^\/\/$/, "/");
  const users = options.users ?? [{ apiKey: randomUUID(), apiSecret: randomBytes(24).toString("base64url") }];
  const state = createState(
    {
      corsOrigins: options.corsOrigins ?? "*",
      legacyImportRoute: options.legacyImportRoute ?? true,
      manifestImportRoute: true,
      expiredTokenStatus: options.expiredTokenStatus ?? 401,
      presignExpiresSeconds: options.presignExpiresSeconds ?? 3600,
    },
    users,
  );
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "pennsieve-emulator-")));
  const cognito: CognitoConfig = {
    region,
    userPool: { region, id: `${region}_EmuUsers1`, appClientId: "emulatoruserpoolclient0001" },
    tokenPool: { region, id: `${region}_EmuTokens`, appClientId: "emulatortokenpoolclient001" },
  };
  // The issuer is Cognito's real form; nobody verifies it, and it doesn't depend on our port.
  const issuer = `https://cognito-idp.${region}.amazonaws.com/${cognito.tokenPool.id}`;
  const tokens = new TokenService(options.tokenTtlSeconds ?? 3600, issuer, region);
  const faults = new Faults(() => tokens.expireAllNow(), options.seed);
  const s3 = await startS3({
    port: options.s3Port ?? 0,
    directory: join(dataDir, "s3"),
    bucket,
    region,
    state,
    faults,
  });
  const services: Services = { state, tokens, faults, cognito, presign: (key) => s3.presign(key) };
  const routes = [...cognitoRoutes(cognitoPath), ...channelRoutes, ...packageRoutes, ...importRoutes, ...adminRoutes];
  const server = createApiServer(services, routes);
  let port: number;
  try {
    port = await listen(server, options.port ?? 0);
  } catch (err) {
    await s3.stop();
    if (ownDir) await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const base = `http://127.0.0.1:${port}`;
  return {
    apiUrl: `${base}/api`,
    api2Url: `${base}/api2`,
    cognitoUrl: `${base}${cognitoPath}`,
    adminUrl: `${base}/admin`,
    s3Url: s3.url,
    s3BackendUrl: s3.backendUrl,
    bucket,
    region,
    cognito,
    users,
    state,
    faults,
    addDataset: (opts) => addDataset(state, opts),
    addPackage: (opts) => addPackage(state, opts),
    addWorkflowRun: (opts) => addWorkflowRun(state, opts),
    listObjects: () => s3.listObjects(),
    getObject: (key) => s3.getObject(key),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await s3.stop();
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
