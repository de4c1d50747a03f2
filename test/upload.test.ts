import { execFile } from "node:child_process";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveInputs } from "../src/cli/remote-inputs";
import { uploadCommand, type UploadArgs } from "../src/cli/upload-command";
import { startStandInProcess } from "./dandi/process";
import { expireTokensAfter, startFixture, USER, type Fixture } from "./emulator/test-helpers";
import { caseInputs, goldenCases, type GoldenCase } from "./golden";
import { landedProblems } from "./landed";

const golden = (name: string) => goldenCases().find((g) => g.case === name)!;
let fx: Fixture;

beforeEach(async () => {
  fx = await startFixture({ seed: 7 });
});
afterEach(async () => {
  await fx.emu.stop();
});

function args(g: GoldenCase, extra: Partial<UploadArgs> = {}): UploadArgs {
  return {
    files: caseInputs(g),
    chunkMb: g.chunk_mb,
    series: g.series,
    level: 1,
    hosts: { api: fx.emu.apiUrl, api2: fx.emu.api2Url, cognito: fx.emu.cognitoUrl },
    credentials: USER,
    target: { datasetId: fx.datasetId, packageId: fx.packageId },
    baseDelayMs: 5,
    ...extra,
  };
}

async function expectLanded(g: GoldenCase, packageId: string): Promise<void> {
  expect(await landedProblems(fx.emu, g, packageId)).toEqual([]);
}

// Every golden case as the page's upload test takes its share of them (e2e/upload.spec.ts), through the same core.
describe.each(goldenCases())("golden case $case uploaded", (g) => {
  it("lands exactly with 20 % of PUTs failing and the tokens expiring a third of the way", async () => {
    fx.emu.faults.putFailureRate = 0.2;
    const files = Object.keys(g.files).length;
    const expiry = expireTokensAfter(fx.emu, Math.max(2, Math.floor(files / 3)));
    const report = await uploadCommand(args(g));
    expect(report.failed).toEqual([]);
    expect(report.uploaded).toBe(files);
    expect(expiry.stop()).toBe(true);
    expect(fx.emu.state.requests.some((r) => r.status === 401)).toBe(true);
    expect(fx.emu.state.uploads.some((u) => u.outcome.startsWith("fault-"))).toBe(true);
    await expectLanded(g, fx.packageId);
  });
});

describe("upload to the Pennsieve emulator", () => {
  it("lands a golden case exactly, and reuses the channels on a second upload", async () => {
    const g = golden("twoseries_64k");
    const report = await uploadCommand(args(g));
    expect(report.failed).toEqual([]);
    expect(report.uploaded).toBe(Object.keys(g.files).length);
    expect(report.channelsCreated).toBe(4);
    await expectLanded(g, fx.packageId);
    const pkg = fx.emu.state.packages.get(fx.packageId)!;
    expect(pkg.properties.map((p) => `${p.key}=${p.value}`)).toEqual(
      expect.arrayContaining(["subtype=pennsieve_timeseries", "icon=timeseries"]),
    );
    const again = await uploadCommand(args(g));
    expect(again.channelsCreated).toBe(0);
    expect(again.channelsReused).toBe(4);
    expect(fx.emu.state.channels.get(fx.packageId)).toHaveLength(4);
  });

  it("names the step and the host of a failure: a wrong secret fails the login at Cognito", async () => {
    const g = golden("twoseries_64k");
    const wrong = args(g, { credentials: { apiKey: USER.apiKey, apiSecret: "not the secret" } });
    const failure = uploadCommand(wrong);
    await expect(failure).rejects.toThrow(`Login at ${new URL(fx.emu.cognitoUrl).origin} failed: `);
    await expect(failure).rejects.not.toThrow(/not the secret/);
  });

  it("names the step and the host of a failure: a package that does not exist fails at the API host", async () => {
    const g = golden("twoseries_64k");
    const failure = uploadCommand(args(g, { target: { datasetId: fx.datasetId, packageId: "N:package:nope" } }));
    await expect(failure).rejects.toThrow(`Marking the package at ${new URL(fx.emu.apiUrl).origin} failed: `);
  });

  it("streams a DANDI asset from the stand-in into Pennsieve, with nothing on disk, exactly", async () => {
    const g = golden("linked_main_64k");
    const standIn = await startStandInProcess({
      dandisets: { "000321": { assets: caseInputs(g).map((p) => ({ path: `sub-1/${basename(p)}`, file: p })) } },
    });
    try {
      const inputs = await resolveInputs("upload", [], {
        dandiset: "000321",
        asset: caseInputs(g).map((p) => `sub-1/${basename(p)}`),
        "dandi-api": standIn.api,
      });
      const report = await uploadCommand(args(g, inputs));
      expect(report.failed).toEqual([]);
      await expectLanded(g, fx.packageId);
    } finally {
      standIn.close();
    }
  });

  it("batches the manifest under a lowered request limit", async () => {
    const g = golden("intan32_128k");
    await uploadCommand(args(g, { manifestLimitBytes: 4000 }));
    const requests = fx.emu.state.manifestRequests.filter((r) => r.status < 300);
    expect(requests.length).toBeGreaterThan(3);
    expect(requests[0]!.route).toBe("import");
    expect(requests.slice(1).every((r) => r.route === "files")).toBe(true);
    expect(requests.every((r) => r.bytes <= 4000)).toBe(true);
    expect(fx.emu.state.manifestRequests.every((r) => r.status < 300)).toBe(true);
    expect(requests.reduce((n, r) => n + (r.entries ?? 0), 0)).toBe(Object.keys(g.files).length);
    await expectLanded(g, fx.packageId);
  });

  it("falls back to /import/manifest where /import answers 404", async () => {
    fx.emu.state.config.legacyImportRoute = false;
    const g = golden("starting_64k");
    const report = await uploadCommand(args(g));
    expect(report.failed).toEqual([]);
    expect([...fx.emu.state.imports.values()][0]!.createdVia).toBe("import/manifest");
    await expectLanded(g, fx.packageId);
  });

  it.each(goldenCases().map((g) => [g.case, g] as const))(
    "%s lands exactly with a fifth of the PUTs failing and an expiry of all tokens",
    async (_, g) => {
      fx.emu.faults.putFailureRate = 0.2;
      fx.emu.faults.putFailureModes = ["500", "503", "drop"];
      const expiry = expireTokensAfter(fx.emu, Math.max(2, Math.floor(Object.keys(g.files).length / 3)));
      try {
        const report = await uploadCommand(args(g));
        expect(report.failed).toEqual([]);
      } finally {
        expect(expiry.stop()).toBe(true);
      }
      expect(fx.emu.state.requests.some((r) => r.status === 401)).toBe(true);
      await expectLanded(g, fx.packageId);
    },
  );

  it("reads the target from a workflow run", async () => {
    const g = golden("sine2_1mb");
    const report = await uploadCommand(args(g, { target: { workflowRunId: fx.runId } }));
    expect(report.target.packageId).toBe(fx.folderId);
    expect(report.target.datasetId).toBe(fx.datasetId);
    await expectLanded(g, fx.folderId);
  });

  it("runs from the command line with Pennsieve's environment variables", async () => {
    const g = golden("sine2_256k");
    const cli = join(import.meta.dirname, "..", "bin", "nwb2pennsieve.mjs");
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        cli,
        "upload",
        ...caseInputs(g),
        "--chunk-mb",
        String(g.chunk_mb),
        "--dataset",
        fx.datasetId,
        "--package",
        fx.packageId,
        "--cognito-url",
        fx.emu.cognitoUrl,
      ],
      {
        env: {
          ...process.env,
          PENNSIEVE_API_KEY: USER.apiKey,
          PENNSIEVE_API_SECRET: USER.apiSecret,
          PENNSIEVE_API_HOST: fx.emu.apiUrl,
          PENNSIEVE_API_HOST2: fx.emu.api2Url,
        },
      },
    );
    expect(stdout).toMatch(/sine2\.nwb: 14 files uploaded, 0 failed/);
    expect(stdout).not.toContain(USER.apiSecret);
    await expectLanded(g, fx.packageId);
  });
});
