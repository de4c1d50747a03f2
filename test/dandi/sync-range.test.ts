// The page's blocking range reads (src/core/remote/sync-range.ts: what src/worker/xhr-range.ts runs over a
// synchronous XHR) against the DANDI stand-in over real HTTP. Node has no synchronous XHR: each request here is a
// curl process (blocking, follows redirects, says the URL it ended at), and the stand-in runs in a process of its own.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assetDownloadUrl, findAsset } from "../../src/core/remote/dandi";
import { rangeFetcher } from "../../src/core/remote/range-fetcher";
import { syncRangeReader, type RangeAnswer, type SendRange } from "../../src/core/remote/sync-range";
import { NWB } from "../golden";
import { startStandInProcess, type StandInProcess } from "./process";

const FILE = join(NWB, "sine2.nwb");
const bytes = new Uint8Array(readFileSync(FILE));
const work = mkdtempSync(join(tmpdir(), "sync-range-"));
let standIn: StandInProcess;
let plain: StandInProcess;
beforeAll(async () => {
  [standIn, plain] = await Promise.all([
    startStandInProcess({
      files: { "sine2.nwb": FILE },
      dandisets: { "000123": { assets: [{ path: "sub-1/sub-1_ecephys.nwb", file: FILE }] } },
    }),
    startStandInProcess({ files: { "sine2.nwb": FILE }, noRanges: true }),
  ]);
});
afterAll(() => {
  standIn.close();
  plain.close();
  rmSync(work, { recursive: true, force: true });
});

/** One blocking GET with a Range header, as a synchronous XHR makes it: the last answer after redirects. */
const curl: SendRange = (url, start, end) => {
  const body = join(work, "body");
  rmSync(body, { force: true });
  const r = spawnSync(
    "curl",
    ["-sS", "-L", "-r", `${start}-${end - 1}`, "-D", "-", "-o", body, "-w", "\n%{url_effective}", url],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(r.stderr.trim() || `curl exited ${r.status}`);
  const cut = r.stdout.lastIndexOf("\n");
  const head = r.stdout
    .slice(0, cut)
    .trim()
    .split(/\r\n\r\n/)
    .pop()!;
  const status = Number(/^HTTP\/[\d.]+ (\d+)/.exec(head)![1]);
  const range = /^content-range: (.*)$/im.exec(head);
  let got = new Uint8Array(0);
  try {
    got = new Uint8Array(readFileSync(body));
  } catch {
    // no body
  }
  return { status, contentRange: range ? range[1]!.trim() : null, url: r.stdout.slice(cut + 1), body: got };
};

const expectBytes = (got: Uint8Array, start: number, end: number) =>
  expect(Buffer.compare(got, bytes.subarray(start, end))).toBe(0);

function reader(url: string, more: Partial<Parameters<typeof syncRangeReader>[0]> = {}) {
  const waits: number[] = [];
  const r = syncRangeReader({
    url,
    send: curl,
    sleep: (ms) => void waits.push(ms),
    size: () => bytes.length,
    backoffMs: 1,
    ...more,
  });
  return { r, waits };
}

async function downloadUrl(): Promise<string> {
  return assetDownloadUrl(
    standIn.api,
    await findAsset(fetch, standIn.api, "000123", "draft", "sub-1/sub-1_ecephys.nwb"),
  );
}

describe("blocking range reads (the page worker's)", () => {
  it("reads exact ranges, one request each", async () => {
    const { r } = reader(standIn.url("sine2.nwb"));
    expectBytes(r.read(1000, 66_536), 1000, 66_536);
    expectBytes(r.read(bytes.length - 10, bytes.length), bytes.length - 10, bytes.length);
    expect(r.requests).toBe(2);
  });

  it("asks the signed URL a redirect ended at, and resolves it again through the download URL on 403", async () => {
    const url = await downloadUrl();
    await standIn.reset();
    const { r } = reader(url);
    expectBytes(r.read(0, 100), 0, 100);
    expectBytes(r.read(100, 200), 100, 200);
    expect((await standIn.state()).requests[standIn.apiHost]).toBe(1); // the second read went to the signed URL
    await standIn.inject(["expired"]);
    expectBytes(r.read(200, 300), 200, 300);
    const state = await standIn.state();
    expect(state.requests[standIn.apiHost]).toBe(2);
    expect(state.faultsLeft).toBe(0);
    expect(r.requests).toBe(4);
  });

  it("starts from the URL the asynchronous side resolved: a miss costs one request, none to the API", async () => {
    const url = await downloadUrl();
    const fetcher = rangeFetcher(url, { fetch });
    await fetcher.fetchRange(0, 10);
    expect(fetcher.resolved).toMatch(/\/blobs\//);
    await standIn.reset();
    const { r } = reader(url, { resolved: () => fetcher.resolved });
    expectBytes(r.read(5000, 9000), 5000, 9000);
    expect((await standIn.state()).requests).toEqual({ [standIn.fileHost]: 1 });
  });

  it("survives 503s, dropped connections and short bodies with exact bytes, waiting longer each time", async () => {
    const { r, waits } = reader(standIn.url("sine2.nwb"));
    await standIn.inject(["503", "drop", "short"]);
    expectBytes(r.read(0, 300_000), 0, 300_000);
    expect(r.requests).toBe(4);
    expect(waits).toEqual([1, 2, 4]);
  });

  it("gives up after its tries with one line naming the URL and the last failure", async () => {
    const url = standIn.url("sine2.nwb");
    const { r } = reader(url, { retries: 2 });
    await standIn.inject(["503", "503", "503"]);
    expect(() => r.read(0, 10)).toThrow(`${url}: the server answered 503, 3 tries`);
  });

  it("refuses a server that ignores Range, and names a missing file", () => {
    const url = plain.url("sine2.nwb");
    expect(() => reader(url).r.read(0, 10)).toThrow(
      `${url}: the server does not support range requests (it answered 200 to a Range request)`,
    );
    const missing = standIn.url("nope.nwb");
    expect(() => reader(missing).r.read(0, 10)).toThrow(`${missing}: the server answered 404 (not found)`);
  });

  it("reads a range whose Content-Range the browser hides when the size is known, and says what to allow if not", () => {
    const url = standIn.url("sine2.nwb");
    const hidden: SendRange = (u, s, e): RangeAnswer => ({ ...curl(u, s, e), contentRange: null });
    expectBytes(reader(url, { send: hidden }).r.read(10, 20), 10, 20);
    expect(() => reader(url, { send: hidden, size: () => undefined }).r.read(10, 20)).toThrow(
      "a server read from a web page must allow it with Access-Control-Expose-Headers: Content-Range",
    );
  });
});
