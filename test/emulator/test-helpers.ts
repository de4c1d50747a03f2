// Plain-fetch helpers for the emulator's tests: what a client would send, nothing more.
import { startEmulator, type Emulator, type EmulatorOptions } from "./emulator";

export const USER = { apiKey: "test-key", apiSecret: "test-secret" };

export interface Fixture {
  emu: Emulator;
  datasetId: string;
  folderId: string;
  packageId: string;
  runId: string;
}

export async function startFixture(options: EmulatorOptions = {}): Promise<Fixture> {
  const emu = await startEmulator({ users: [USER], ...options });
  const dataset = emu.addDataset({ name: "Test dataset" });
  const folder = emu.addPackage({ datasetId: dataset.id, name: "session-1", packageType: "Collection" });
  const pkg = emu.addPackage({ datasetId: dataset.id, name: "rec.nwb", parentId: folder.id });
  const run = emu.addWorkflowRun({ datasetId: dataset.id, packageIds: [folder.id, pkg.id] });
  return { emu, datasetId: dataset.id, folderId: folder.id, packageId: pkg.id, runId: run.uuid };
}

export function initiateAuth(emu: Emulator, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(emu.cognitoUrl, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-amz-json-1.1",
      "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth",
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

export interface Tokens {
  AccessToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
  TokenType: string;
}

export async function login(emu: Emulator, clientId = emu.cognito.tokenPool.appClientId): Promise<Tokens> {
  const res = await initiateAuth(emu, {
    AuthFlow: "USER_PASSWORD_AUTH",
    ClientId: clientId,
    AuthParameters: { USERNAME: USER.apiKey, PASSWORD: USER.apiSecret },
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { AuthenticationResult: Tokens }).AuthenticationResult;
}

export function jwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}

/** An authenticated JSON call; returns status and parsed body (null when empty or not JSON). */
export async function call(
  url: string,
  token: string | null,
  method = "GET",
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = body === undefined ? {} : { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  try {
    return { status: res.status, json: text ? JSON.parse(text) : null };
  } catch {
    return { status: res.status, json: text };
  }
}

export const channel = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  start: 1704067200000000,
  end: 1704067399999000,
  unit: "uV",
  rate: 1000,
  channelType: "CONTINUOUS",
  group: "shank0",
  lastAnnotation: 0,
  properties: [],
  ...extra,
});

export const manifestFile = (i: number, channelId = "N:channel:00000000-0000-4000-8000-000000000000") => ({
  upload_key: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  file_path: `${channelId}_${1704067200000000 + i * 1000}_${1704067200000999 + i * 1000}.bin.gz`,
});

/**
 * Expires every access token once `presigns` upload URLs have been handed out,
 * i.e. mid-run; `stop()` ends the watch and says whether it fired.
 */
export function expireTokensAfter(emu: Emulator, presigns: number): { stop(): boolean } {
  let expired = false;
  const timer = setInterval(() => {
    if (!expired && emu.state.presigns.length >= presigns) {
      expired = true;
      emu.faults.expireTokensNow();
    }
  }, 1);
  return {
    stop() {
      clearInterval(timer);
      return expired;
    },
  };
}
