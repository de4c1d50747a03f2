// The emulator's API surface, driven with plain fetch as a client would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  channel,
  initiateAuth,
  jwtPayload,
  login,
  manifestFile,
  startFixture,
  USER,
  type Fixture,
} from "./test-helpers";

let fx: Fixture;
let token: string;

beforeAll(async () => {
  fx = await startFixture({ tokenTtlSeconds: 600 });
  token = (await login(fx.emu)).AccessToken;
});
afterAll(() => fx.emu.stop());

describe("authentication", () => {
  it("serves the Cognito config without a token", async () => {
    const { status, json } = await call(`${fx.emu.apiUrl}/authentication/cognito-config`, null);
    expect(status).toBe(200);
    expect(json).toEqual({
      region: "us-east-1",
      userPool: { region: "us-east-1", id: expect.any(String), appClientId: fx.emu.cognito.userPool.appClientId },
      tokenPool: { region: "us-east-1", id: expect.any(String), appClientId: fx.emu.cognito.tokenPool.appClientId },
    });
  });

  it("logs in with either pool's client id and issues JWT-shaped access tokens", async () => {
    const viaTokenPool = await login(fx.emu);
    const viaUserPool = await login(fx.emu, fx.emu.cognito.userPool.appClientId);
    expect(viaTokenPool).toMatchObject({ ExpiresIn: 600, TokenType: "Bearer", RefreshToken: expect.any(String) });
    expect(viaUserPool.AccessToken.split(".")).toHaveLength(3);
    const claims = jwtPayload(viaTokenPool.AccessToken);
    expect(claims).toMatchObject({
      token_use: "access",
      username: USER.apiKey,
      device_key: expect.stringMatching(/^us-east-1_/),
    });
    expect(Number(claims.exp) - Date.now() / 1000).toBeGreaterThan(590);
  });

  it("refuses wrong credentials and unknown clients the way Cognito does", async () => {
    const auth = (clientId: string, password: string) =>
      initiateAuth(fx.emu, {
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: clientId,
        AuthParameters: { USERNAME: USER.apiKey, PASSWORD: password },
      });
    const wrong = await auth(fx.emu.cognito.tokenPool.appClientId, "nope");
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ __type: "NotAuthorizedException", message: expect.any(String) });
    const client = await auth("someoneelse", USER.apiSecret);
    expect((await client.json()) as object).toMatchObject({ __type: "ResourceNotFoundException" });
    const noTarget = await initiateAuth(fx.emu, {}, { "X-Amz-Target": "AWSCognitoIdentityProviderService.SignUp" });
    expect(noTarget.status).toBe(400);
  });

  it("refreshes with the device key: new access token, no new refresh token", async () => {
    const first = await login(fx.emu);
    const res = await initiateAuth(fx.emu, {
      AuthFlow: "REFRESH_TOKEN_AUTH",
      ClientId: fx.emu.cognito.tokenPool.appClientId,
      AuthParameters: { REFRESH_TOKEN: first.RefreshToken, DEVICE_KEY: jwtPayload(first.AccessToken).device_key },
    });
    const result = ((await res.json()) as { AuthenticationResult: Record<string, unknown> }).AuthenticationResult;
    expect(result.RefreshToken).toBeUndefined();
    expect(result.AccessToken).not.toBe(first.AccessToken);
    expect(
      (await call(`${fx.emu.api2Url}/compute/workflows/runs/${fx.runId}`, String(result.AccessToken))).status,
    ).toBe(200);
  });

  it("requires a valid access token on API routes", async () => {
    const url = `${fx.emu.api2Url}/compute/workflows/runs/${fx.runId}`;
    expect((await call(url, null)).status).toBe(401);
    expect((await call(url, `${token}x`)).status).toBe(401);
    const { status, json } = await call(url, token.replace(/\.[^.]+\./, ".e30."));
    expect(status).toBe(401);
    expect(json).toEqual({ message: expect.any(String) });
  });
});

describe("targets and channels", () => {
  it("answers workflow runs and packages with their parent", async () => {
    const run = await call(`${fx.emu.api2Url}/compute/workflows/runs/${fx.runId}`, token);
    expect(run.json).toEqual({
      uuid: fx.runId,
      datasetId: fx.datasetId,
      dataSources: { input: { packageIds: [fx.folderId, fx.packageId] } },
    });
    const q = "includeAncestors=true&startAtEpoch=false&limit=100&offset=0";
    const pkg = await call(`${fx.emu.apiUrl}/packages/${encodeURIComponent(fx.packageId)}?${q}`, token);
    expect(pkg.json).toMatchObject({ content: { nodeId: fx.packageId }, parent: { content: { nodeId: fx.folderId } } });
    expect((await call(`${fx.emu.apiUrl}/packages/N:package:missing`, token)).status).toBe(404);
  });

  it("records package properties", async () => {
    const props = [
      {
        key: "subtype",
        value: "pennsieve_timeseries",
        dataType: "string",
        category: "Viewer",
        fixed: false,
        hidden: true,
      },
      { key: "icon", value: "timeseries", dataType: "string", category: "Pennsieve", fixed: false, hidden: true },
    ];
    const res = await call(`${fx.emu.apiUrl}/packages/${fx.packageId}?updateStorage=true`, token, "PUT", {
      properties: props,
    });
    expect(res.status).toBe(200);
    const pkg = fx.emu.state.packages.get(fx.packageId);
    expect(pkg?.properties).toEqual(props);
    expect(pkg?.propertyUpdates).toEqual([{ query: "?updateStorage=true", properties: props }]);
  });

  it("creates channels one at a time or as an array, lists them back, refuses blank names", async () => {
    const url = `${fx.emu.apiUrl}/timeseries/${fx.packageId}/channels`;
    const one = await call(url, token, "POST", channel("CH1"));
    expect(one.status).toBe(201);
    expect(one.json).toMatchObject({
      content: { ...channel("CH1"), id: expect.stringMatching(/^N:channel:[0-9a-f-]{36}$/) },
    });
    const many = await call(url, token, "POST", [channel("CH2"), channel("CH3", { rate: 30000 })]);
    expect(many.json).toHaveLength(2);
    expect((await call(url, token, "POST", channel("  "))).status).toBe(400);
    expect((await call(url, token, "POST", [channel("CH4"), channel("")])).status).toBe(400);
    const list = (await call(url, token)).json as { content: { id: string; name: string } }[];
    expect(list.map((c) => c.content.name)).toEqual(["CH1", "CH2", "CH3"]);
    // What a client reuses on a second run: the same ids, listed in state.
    expect(fx.emu.state.channels.get(fx.packageId)?.map((c) => c.id)).toEqual(list.map((c) => c.content.id));
  });
});

describe("import manifest", () => {
  const create = (path: string, files: unknown[]) =>
    call(`${fx.emu.api2Url}/${path}?dataset_id=${fx.datasetId}`, token, "POST", {
      integration_id: fx.runId,
      package_id: fx.packageId,
      import_type: "timeseries",
      files,
    });

  it("creates at /import and /import/manifest, appends, and logs entry counts", async () => {
    const a = await create("import", [manifestFile(0), manifestFile(1)]);
    const b = await create("import/manifest", [manifestFile(0)]);
    const id = (a.json as { id: string }).id;
    expect(a.status).toBe(200);
    expect((b.json as { id: string }).id).not.toBe(id);
    const appended = await call(`${fx.emu.api2Url}/import/${id}/files?dataset_id=${fx.datasetId}`, token, "POST", {
      files: [manifestFile(2)],
    });
    expect(appended.status).toBe(200);
    expect(fx.emu.state.imports.get(id)?.files.map((f) => f.upload_key)).toEqual(
      [0, 1, 2].map((i) => manifestFile(i).upload_key),
    );
    expect(fx.emu.state.manifestRequests.slice(-3).map((r) => [r.route, r.entries, r.status])).toEqual([
      ["import", 2, 200],
      ["import/manifest", 1, 200],
      ["files", 1, 200],
    ]);
  });

  it("refuses bodies over 1 MiB with 413 and camelCase entries with 400", async () => {
    const files = Array.from({ length: 9000 }, (_, i) => manifestFile(i));
    const res = await create("import", files);
    expect(res.status).toBe(413);
    expect(fx.emu.state.manifestRequests.at(-1)).toMatchObject({ status: 413, entries: null });
    expect(fx.emu.state.manifestRequests.at(-1)?.bytes).toBeGreaterThan(1024 * 1024);
    expect((await create("import", [{ uploadKey: "k", filePath: "p" }])).status).toBe(400);
  });

  it("answers 404 on /import when the legacy route is off, so clients fall back", async () => {
    fx.emu.state.config.legacyImportRoute = false;
    try {
      expect((await create("import", [manifestFile(0)])).status).toBe(404);
      expect((await create("import/manifest", [manifestFile(0)])).status).toBe(200);
    } finally {
      fx.emu.state.config.legacyImportRoute = true;
    }
  });
});
