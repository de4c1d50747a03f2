// AWS Signature Version 4 for query-signed (presigned) S3 URLs, both directions. s3rver 3.x accepts
// any V4 signature without checking it, so the emulator's S3 front verifies them with verifyPresigned.
// Algorithm: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export interface SigV4Key {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service: string;
}

export type Verdict = { ok: true } | { ok: false; code: string; message: string };

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ (and "/" in paths). */
export function uriEncode(value: string, keepSlash = false): string {
  const enc = encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? enc.replace(/%2F/g, "/") : enc;
}

const amzDate = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

function canonicalQuery(pairs: [string, string][]): string {
  return pairs
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

function signature(key: SigV4Key, date: string, canonicalRequest: string): string {
  const day = date.slice(0, 8);
  const scope = `${day}/${key.region}/${key.service}/aws4_request`;
  const hash = createHash("sha256").update(canonicalRequest, "utf8").digest("hex");
  const toSign = `AWS4-HMAC-SHA256\n${date}\n${scope}\n${hash}`;
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${key.secretAccessKey}`, day), key.region), key.service), "aws4_request");
  return hmac(signingKey, toSign).toString("hex");
}

export interface PresignInput {
  method: string;
  origin: string; // e.g. http://127.0.0.1:4791 — its host (with port) is the signed `host` header
  path: string; // decoded, e.g. /bucket/imp/N:channel:x_1_2.bin.gz
  key: SigV4Key;
  expiresSeconds: number;
  now?: Date;
}

export function presignUrl(input: PresignInput): string {
  const date = amzDate(input.now ?? new Date());
  const { key } = input;
  const params: [string, string][] = [
    ["X-Amz-Algorithm", "AWS4-HMAC-SHA256"],
    ["X-Amz-Credential", `${key.accessKeyId}/${date.slice(0, 8)}/${key.region}/${key.service}/aws4_request`],
    ["X-Amz-Date", date],
    ["X-Amz-Expires", String(input.expiresSeconds)],
    ["X-Amz-SignedHeaders", "host"],
  ];
  const path = uriEncode(input.path, true);
  const query = canonicalQuery(params);
  const host = new URL(input.origin).host;
  const sig = signature(key, date, `${input.method}\n${path}\n${query}\nhost:${host}\n\nhost\nUNSIGNED-PAYLOAD`);
  return `${input.origin}${path}?${query}&X-Amz-Signature=${sig}`;
}

function parseQuery(raw: string): [string, string][] | null {
  try {
    return raw
      .split("&")
      .filter(Boolean)
      .map((part) => {
        const i = part.indexOf("=");
        const [k, v] = i < 0 ? [part, ""] : [part.slice(0, i), part.slice(i + 1)];
        return [decodeURIComponent(k), decodeURIComponent(v)];
      });
  } catch {
    return null;
  }
}

const deny = (code: string, message: string): Verdict => ({ ok: false, code, message });

/** Checks a presigned request as S3 would: scope, expiry, then the signature over method, path, query, headers. */
export function verifyPresigned(method: string, rawUrl: string, headers: IncomingHttpHeaders, key: SigV4Key): Verdict {
  const q = rawUrl.indexOf("?");
  const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const pairs = parseQuery(q < 0 ? "" : rawUrl.slice(q + 1));
  if (!pairs) return deny("AuthorizationQueryParametersError", "Malformed query string");
  const get = (name: string) => pairs.find(([k]) => k === name)?.[1];
  const [alg, cred, date, expires, signed, given] = [
    "Algorithm",
    "Credential",
    "Date",
    "Expires",
    "SignedHeaders",
    "Signature",
  ].map((n) => get(`X-Amz-${n}`));
  if (!alg && !given) return deny("AccessDenied", "Access Denied");
  if (alg !== "AWS4-HMAC-SHA256" || !cred || !date || !expires || !signed || !given)
    return deny(
      "AuthorizationQueryParametersError",
      "Query-string authentication version 4 requires all X-Amz-* parameters",
    );
  const [akid, day, region, service, term] = cred.split("/");
  if (akid !== key.accessKeyId) return deny("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist");
  if (day !== date.slice(0, 8) || region !== key.region || service !== key.service || term !== "aws4_request")
    return deny("AuthorizationQueryParametersError", "Error parsing the X-Amz-Credential parameter");
  const start = Date.parse(date.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z"));
  const ttl = Number(expires);
  if (!Number.isFinite(start) || !Number.isInteger(ttl) || ttl < 1 || ttl > 604800)
    return deny("AuthorizationQueryParametersError", "Invalid X-Amz-Date or X-Amz-Expires");
  if (Date.now() > start + ttl * 1000) return deny("AccessDenied", "Request has expired");
  const names = signed.split(";");
  if (!names.includes("host")) return deny("AuthorizationQueryParametersError", "host must be a signed header");
  let path: string;
  try {
    path = rawPath
      .split("/")
      .map((seg) => uriEncode(decodeURIComponent(seg)))
      .join("/");
  } catch {
    return deny("InvalidURI", "Couldn't parse the specified URI.");
  }
  const headerBlock = names
    .map(
      (n) =>
        `${n}:${String(headers[n] ?? "")
          .trim()
          .replace(/\s+/g, " ")}\n`,
    )
    .join("");
  const query = canonicalQuery(pairs.filter(([k]) => k !== "X-Amz-Signature"));
  const expected = Buffer.from(
    signature(key, date, `${method}\n${path}\n${query}\n${headerBlock}\n${signed}\nUNSIGNED-PAYLOAD`),
  );
  const provided = Buffer.from(given.toLowerCase());
  if (provided.length !== expected.length || !timingSafeEqual(provided, expected))
    return deny(
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided.",
    );
  return { ok: true };
}
