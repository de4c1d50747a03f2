// Issues and checks the emulator's Cognito-style tokens. Expiry is tracked two ways: the JWT's own
// `exp` (tokenTtlSeconds) and a sequence watermark, so expireAllNow() can expire live tokens at once.
import { randomBytes, randomUUID } from "node:crypto";
import { signJwt, verifyJwt } from "./jwt";

export interface AuthenticationResult {
  AccessToken: string;
  IdToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
  TokenType: "Bearer";
}

export type TokenCheck =
  { ok: true; username: string } | { ok: false; reason: "missing" | "invalid" | "expired" | "not-access-token" };

interface Session {
  username: string;
  clientId: string;
  deviceKey: string;
}

export class TokenService {
  private readonly secret = randomBytes(32);
  private nextSeq = 1;
  private expiredBelow = 0;
  private readonly sessions = new Map<string, Session>(); // by refresh token

  constructor(
    private readonly ttlSeconds: number,
    private readonly issuer: string,
    private readonly region: string,
  ) {}

  login(username: string, clientId: string): AuthenticationResult {
    const session = { username, clientId, deviceKey: `${this.region}_${randomUUID()}` };
    const refreshToken = randomBytes(48).toString("base64url");
    this.sessions.set(refreshToken, session);
    return { ...this.mint(session), RefreshToken: refreshToken };
  }

  /** Like Cognito's REFRESH_TOKEN_AUTH: a new access token, no new refresh token. */
  refresh(refreshToken: string, clientId: string, deviceKey: string | undefined): AuthenticationResult | string {
    const session = this.sessions.get(refreshToken);
    if (!session || session.clientId !== clientId) return "Invalid Refresh Token";
    if (deviceKey !== undefined && deviceKey !== session.deviceKey) return "Invalid device key given.";
    return this.mint(session);
  }

  check(authorization: string | undefined): TokenCheck {
    const match = /^Bearer (\S+)$/.exec(authorization ?? "");
    if (!match) return { ok: false, reason: "missing" };
    const claims = verifyJwt(match[1] as string, this.secret);
    if (!claims) return { ok: false, reason: "invalid" };
    if (claims.token_use !== "access") return { ok: false, reason: "not-access-token" };
    const seq = Number(claims.emulator_seq);
    if (Number(claims.exp) * 1000 <= Date.now() || seq < this.expiredBelow) return { ok: false, reason: "expired" };
    return { ok: true, username: String(claims.username) };
  }

  expireAllNow(): void {
    this.expiredBelow = this.nextSeq;
  }

  private mint(session: Session): AuthenticationResult {
    const iat = Math.floor(Date.now() / 1000);
    const common = { sub: session.username, iss: this.issuer, iat, auth_time: iat, exp: iat + this.ttlSeconds };
    const seq = this.nextSeq++;
    const access = signJwt(
      {
        ...common,
        token_use: "access",
        client_id: session.clientId,
        username: session.username,
        device_key: session.deviceKey,
        scope: "aws.cognito.signin.user.admin",
        jti: randomUUID(),
        emulator_seq: seq,
      },
      this.secret,
    );
    // Handed out like Cognito does; the API refuses it, which catches clients sending the wrong token.
    const id = signJwt({ ...common, token_use: "id", aud: session.clientId, emulator_seq: seq }, this.secret);
    return { AccessToken: access, IdToken: id, ExpiresIn: this.ttlSeconds, TokenType: "Bearer" };
  }
}
