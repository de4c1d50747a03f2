// Presigned uploads through the emulator's S3 front into s3rver, signature checks, and CORS.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { presignUrl } from "./sigv4";
import { call, login, manifestFile, startFixture, type Fixture } from "./test-helpers";

const ALLOWED = "http://app.allowed.test";
let fx: Fixture;
let token: string;
let importId: string;

beforeAll(async () => {
  fx = await startFixture({ corsOrigins: [ALLOWED] });
  token = (await login(fx.emu)).AccessToken;
  const files = [0, 1, 2, 3].map((i) => manifestFile(i));
  const res = await call(`${fx.emu.api2Url}/import?dataset_id=${fx.datasetId}`, token, "POST", {
    integration_id: fx.runId,
    package_id: fx.packageId,
    import_type: "timeseries",
    files,
  });
  importId = (res.json as { id: string }).id;
});
afterAll(() => fx.emu.stop());

async function presigned(i: number): Promise<string> {
  const { upload_key } = manifestFile(i);
  const res = await call(
    `${fx.emu.api2Url}/import/${importId}/upload/${upload_key}/presign?dataset_id=${fx.datasetId}`,
    token,
  );
  expect(res.status).toBe(200);
  return (res.json as { url: string }).url;
}

describe("presigned uploads", () => {
  it("stores the PUT bytes under <importId>/<file_path> in s3rver", async () => {
    const url = await presigned(0);
    expect(url.startsWith(`${fx.emu.s3Url}/${fx.emu.bucket}/${importId}/N%3Achannel%3A`)).toBe(true);
    expect(new URL(url).searchParams.get("X-Amz-SignedHeaders")).toBe("host");
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
    const put = await fetch(url, { method: "PUT", body: bytes });
    expect(put.status).toBe(200);
    expect(put.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    const key = `${importId}/${manifestFile(0).file_path}`;
    expect(await fx.emu.listObjects()).toContainEqual({ key, size: 5000 });
    expect((await fx.emu.getObject(key)).equals(bytes)).toBe(true);
    expect(fx.emu.state.uploads.at(-1)).toMatchObject({
      key,
      importId,
      uploadKey: manifestFile(0).upload_key,
      outcome: "stored",
      bytes: 5000,
    });
  });

  it("refuses a tampered signature, another method, and unknown upload keys", async () => {
    const url = await presigned(1);
    const sig = new URL(url).searchParams.get("X-Amz-Signature") ?? "";
    const flipped = `${sig.slice(0, -1)}${sig.endsWith("0") ? "1" : "0"}`;
    const tampered = await fetch(url.replace(sig, flipped), { method: "PUT", body: "x" });
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
    expect((await fetch(url.replace("N%3Achannel", "N%3Achanel"), { method: "PUT", body: "x" })).status).toBe(403);
    expect((await fetch(url, { method: "GET" })).status).toBe(403);
    expect((await fetch(url.split("?")[0] ?? "", { method: "PUT", body: "x" })).status).toBe(403);
    const missing = `${fx.emu.api2Url}/import/${importId}/upload/nope/presign?dataset_id=${fx.datasetId}`;
    expect((await call(missing, token)).status).toBe(404);
    expect(await fx.emu.listObjects()).not.toContainEqual(
      expect.objectContaining({ key: `${importId}/${manifestFile(1).file_path}` }),
    );
  });

  it("refuses an expired URL", async () => {
    const origin = fx.emu.s3Url;
    const key = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER", region: fx.emu.region, service: "s3" };
    const old = presignUrl({
      method: "PUT",
      origin,
      path: `/${fx.emu.bucket}/old`,
      key,
      expiresSeconds: 60,
      now: new Date(Date.now() - 3600e3),
    });
    const res = await fetch(old, { method: "PUT", body: "x" });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Request has expired");
  });

  // Why the front exists: s3rver 3.x accepts any V4 query signature. If this starts failing, s3rver
  // has learned to verify and the front's check is merely redundant.
  it("documents that s3rver alone does not verify V4 signatures", async () => {
    const url = (await presigned(2))
      .replace(fx.emu.s3Url, fx.emu.s3BackendUrl)
      .replace(/X-Amz-Signature=[0-9a-f]+/, "X-Amz-Signature=00");
    expect((await fetch(url, { method: "PUT", body: "unverified" })).status).toBe(200);
  });
});

describe("CORS", () => {
  const preflight = (url: string, origin: string, method: string, headers: string) =>
    fetch(url, {
      method: "OPTIONS",
      headers: { Origin: origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": headers },
    });

  it("answers API preflights for the allowed origin only", async () => {
    const url = `${fx.emu.api2Url}/import?dataset_id=x`;
    const ok = await preflight(url, ALLOWED, "POST", "authorization,content-type");
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(ok.headers.get("access-control-allow-headers")).toMatch(/Authorization.*Content-Type.*X-Amz-Target/);
    const cognito = await preflight(fx.emu.cognitoUrl, ALLOWED, "POST", "content-type,x-amz-target");
    expect(cognito.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    const other = await preflight(url, "http://evil.test", "POST", "authorization");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const get = await fetch(`${fx.emu.apiUrl}/authentication/cognito-config`, { headers: { Origin: ALLOWED } });
    expect(get.headers.get("access-control-allow-origin")).toBe(ALLOWED);
  });

  it("answers S3 preflights for the allowed origin only and exposes ETag", async () => {
    const url = await presigned(3);
    const ok = await preflight(url, ALLOWED, "PUT", "content-type");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-methods")).toContain("PUT");
    expect((await preflight(url, "http://evil.test", "PUT", "content-type")).status).toBe(403);
    const put = await fetch(url, { method: "PUT", body: "abc", headers: { Origin: ALLOWED } });
    expect(put.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(put.headers.get("access-control-expose-headers")).toContain("ETag");
  });
});
