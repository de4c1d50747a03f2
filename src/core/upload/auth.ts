import { expectJson, type Http } from "./http";

export type Credentials = { apiKey: string; apiSecret: string } | { sessionToken: string; refreshToken?: string };

interface CognitoPool {
  region: string;
  id: string;
  appClientId: string;
}

interface CognitoConfig {
  region: string;
  userPool: CognitoPool;
  tokenPool: CognitoPool;
}

interface AuthResult {
  AuthenticationResult?: { AccessToken: string; RefreshToken?: string };
}

/** The Cognito endpoint of a region; the emulator and proxies replace it. */
export const cognitoEndpoint = (region: string) => `https://cognito-idp.${region}.amazonaws.com/`;

/** JWT payload claims, read without verifying (the server verifies). */
export function jwtClaims(token: string): Record<string, unknown> {
  const part = token.split(".")[1];
  if (!part) return {};
  try {
    const b64 = part
      .replace(/-/g, "+")
      .replace(/_/g, "/")
      .padEnd(Math.ceil(part.length / 4) * 4, "=");
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)))) as Record<
      string,
      unknown
    >;
  } catch {
    return {};
  }
}

/**
 * Access tokens for Pennsieve's API: Cognito login with an API key and
 * secret (token pool first, then the user pool), or a given session token;
 * `refresh()` after a 401/403. Tokens live in this object only.
 */
export class Auth {
  private access: string | null = null;
  private refreshToken: string | null = null;
  private clientId: string | null = null;
  private endpoint: string | null = null;

  constructor(
    private readonly http: Http,
    private readonly apiHost: string,
    private readonly credentials: Credentials,
    private readonly cognitoUrl?: string,
  ) {
    if ("sessionToken" in credentials) {
      this.access = credentials.sessionToken;
      this.refreshToken = credentials.refreshToken ?? null;
    }
  }

  async token(): Promise<string> {
    if (!this.access) await this.login();
    return this.access!;
  }

  async refresh(): Promise<void> {
    if (!this.refreshToken) {
      if ("apiKey" in this.credentials) return this.login();
      throw new Error("the session token expired and no refresh token was given");
    }
    await this.config();
    const deviceKey = jwtClaims(this.access ?? "").device_key;
    const parameters: Record<string, string> = { REFRESH_TOKEN: this.refreshToken };
    if (typeof deviceKey === "string") parameters.DEVICE_KEY = deviceKey;
    try {
      const result = await this.initiate("REFRESH_TOKEN_AUTH", parameters, this.clientId!);
      this.access = result.AccessToken;
    } catch (e) {
      if ("apiKey" in this.credentials) return this.login();
      throw e;
    }
  }

  private async config(): Promise<CognitoConfig> {
    const response = await this.http({ method: "GET", url: `${this.apiHost}/authentication/cognito-config` });
    const config = await expectJson<CognitoConfig>(response, "reading the Cognito settings");
    this.endpoint = this.cognitoUrl ?? cognitoEndpoint(config.tokenPool?.region ?? config.region);
    this.clientId ??= config.tokenPool.appClientId;
    return config;
  }

  private async login(): Promise<void> {
    if (!("apiKey" in this.credentials)) throw new Error("no API key and secret to log in with");
    const config = await this.config();
    const parameters = { USERNAME: this.credentials.apiKey, PASSWORD: this.credentials.apiSecret };
    let lastError: unknown = null;
    for (const pool of [config.tokenPool, config.userPool]) {
      try {
        const result = await this.initiate("USER_PASSWORD_AUTH", parameters, pool.appClientId);
        this.access = result.AccessToken;
        this.refreshToken = result.RefreshToken ?? null;
        this.clientId = pool.appClientId;
        return;
      } catch (e) {
        lastError = e;
      }
    }
    // The caller names the step and the host ("Login at … failed: …").
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  }

  private async initiate(flow: string, parameters: Record<string, string>, clientId: string) {
    const response = await this.http({
      method: "POST",
      url: this.endpoint!,
      headers: {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth",
      },
      body: JSON.stringify({ AuthFlow: flow, ClientId: clientId, AuthParameters: parameters }),
    });
    const result = await expectJson<AuthResult>(response, "Cognito InitiateAuth");
    if (!result.AuthenticationResult?.AccessToken) throw new Error("Cognito answered without an access token");
    return result.AuthenticationResult;
  }
}
