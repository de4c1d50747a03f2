// Each fault type, observable from a plain-fetch client, and reproducible with a seed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, initiateAuth, login, manifestFile, startFixture, type Fixture } from "./test-helpers";

let fx: Fixture;
let token: string;
let importId: string;
const FILES = Array.from({ length: 40 }, (_, i) => manifestFile(i));

beforeAll(async () => {
  fx = await startFixture({ seed: 7 });
  token = (await login(fx.emu)).AccessToken;
  const res = await call(`${fx.emu.api2Url}/import/manifest?dataset_id=${fx.datasetId}`, token, "POST", {
    integration_id: fx.runId,
    package_id: fx.packageId,
    import_type: "timeseries",
    files: FILES,
  });
  importId = (res.json as { id: string }).id;
});
afterAll(() => fx.emu.stop());
beforeEach(() => fx.emu.faults.reset());

const runUrl = () => `${fx.emu.api2Url}/compute/workflows/runs/${fx.runId}`;

async function putFile(i: number): Promise<number> {
  const presign = `${fx.emu.api2Url}/import/${importId}/upload/${FILES[i]?.upload_key}/presign?dataset_id=${fx.datasetId}`;
  const { url } = (await call(presign, token)).json as { url: string };
  return fetch(url, { method: "PUT", body: `file ${i}` }).then(
    (r) => r.status,
    () => 0, // dropped connection: fetch rejects
  );
}

describe("faults", () => {
  it("failNextRequests fails matching API calls `count` times, then lets them through", async () => {
    fx.emu.faults.failNext({ route: "GET /api2/compute/workflows/runs/*", status: 503, count: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(runUrl(), token)).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(fx.emu.state.requests.filter((r) => r.fault === "fail-503")).toHaveLength(2);
  });

  it("expireTokensNow makes live tokens fail until a refresh (401, or 403 when configured)", async () => {
    const session = await login(fx.emu);
    fx.emu.faults.expireTokensNow();
    expect((await call(runUrl(), session.AccessToken)).status).toBe(401);
    fx.emu.state.config.expiredTokenStatus = 403;
    expect((await call(runUrl(), session.AccessToken)).status).toBe(403);
    fx.emu.state.config.expiredTokenStatus = 401;
    const res = await initiateAuth(fx.emu, {
      AuthFlow: "REFRESH_TOKEN_AUTH",
      ClientId: fx.emu.cognito.tokenPool.appClientId,
      AuthParameters: { REFRESH_TOKEN: session.RefreshToken },
    });
    const fresh = ((await res.json()) as { AuthenticationResult: { AccessToken: string } }).AuthenticationResult;
    expect((await call(runUrl(), fresh.AccessToken)).status).toBe(200);
    token = fresh.AccessToken;
  });

  it("dropConnections destroys the next N sockets unanswered", async () => {
    fx.emu.faults.dropConnections = 1;
    await expect(fetch(runUrl(), { headers: { Authorization: `Bearer ${token}` } })).rejects.toThrow();
    expect((await call(runUrl(), token)).status).toBe(200);
  });

  it("latencyMs delays responses", async () => {
    fx.emu.faults.latencyMs = 150;
    const t0 = performance.now();
    await call(runUrl(), token);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it("putFailureRate fails PUTs with 500/503/drop, storing nothing, reproducibly for a seed", async () => {
    fx.emu.faults.putFailureRate = 1;
    fx.emu.faults.putFailureModes = ["503"];
    expect(await putFile(0)).toBe(503);
    fx.emu.faults.putFailureModes = ["drop"];
    expect(await putFile(1)).toBe(0);
    fx.emu.faults.putFailureModes = ["500", "503", "drop"];
    fx.emu.faults.putFailureRate = 0.5;
    const round = async (from: number) => {
      fx.emu.faults.seed = 42;
      const out = [];
      for (let i = from; i < from + 12; i++) out.push(await putFile(i));
      return out;
    };
    const first = await round(2);
    expect(await round(14)).toEqual(first);
    expect(first).toContain(200);
    expect(first.some((s) => s !== 200)).toBe(true);
    expect(first.every((s) => [200, 500, 503, 0].includes(s))).toBe(true);
    const stored = new Set((await fx.emu.listObjects()).map((o) => o.key));
    const outcomes = fx.emu.state.uploads.map((u) => [u.outcome, stored.has(u.key)]);
    expect(outcomes.every(([outcome, isStored]) => (outcome === "stored") === isStored)).toBe(true);
  });

  it("is settable over POST /admin/faults", async () => {
    const set = await call(`${fx.emu.adminUrl}/faults`, null, "POST", {
      latencyMs: 5,
      failNextRequests: [{ route: "/api/authentication/*", status: 502, count: 1 }],
    });
    expect(set.json).toMatchObject({ latencyMs: 5, failNextRequests: [{ status: 502, count: 1 }] });
    expect((await call(`${fx.emu.apiUrl}/authentication/cognito-config`, null)).status).toBe(502);
    expect((await call(`${fx.emu.adminUrl}/faults`, null, "POST", { putFailureRate: 2 })).status).toBe(400);
    await call(`${fx.emu.adminUrl}/faults`, null, "POST", { expireTokensNow: true });
    expect((await call(runUrl(), token)).status).toBe(401);
    const state = (await call(`${fx.emu.adminUrl}/state`, null)).json as { imports: Record<string, unknown> };
    expect(Object.keys(state.imports)).toContain(importId);
  });
});
