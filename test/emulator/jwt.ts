// Minimal HS256 JWTs. Cognito signs with RS256, but clients never verify signatures: they only
// decode the payload (device_key, exp). HMAC lets the emulator check its own tokens with no key pair.
import { createHmac, timingSafeEqual } from "node:crypto";

const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

export function signJwt(payload: Record<string, unknown>, secret: Buffer): string {
  const head = b64url(JSON.stringify({ alg: "HS256", typ: "JWT", kid: "pennsieve-emulator" }));
  const body = b64url(JSON.stringify(payload));
  const sig = createHmac("sha256", secret).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${sig}`;
}

/** The payload when the signature is ours and intact, else null. Expiry is the caller's business. */
export function verifyJwt(token: string, secret: Buffer): Record<string, unknown> | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [head, body, sig] = parts as [string, string, string];
  const expected = createHmac("sha256", secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    return typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
