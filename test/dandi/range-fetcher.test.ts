// The core's range reads (src/core/remote) against the DANDI stand-in over real HTTP, in this process: only the
// asynchronous side here (a synchronous read would block the thread that serves it; see remote-cli.test.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assetDownloadUrl, dandisetVersion, findAsset } from "../../src/core/remote/dandi";
import { rangeFetcher, type RangeFetcher } from "../../src/core/remote/range-fetcher";
import { openRemoteSource, type RemoteSourceOptions } from "../../src/core/remote/remote-source";
import { NWB } from "../golden";
import { startStandIn, type StandIn } from "./stand-in";

const FILE = join(NWB, "sine2.nwb");
const bytes = new Uint8Array(readFileSync(FILE));
let standIn: StandIn;
let plain: StandIn;
beforeAll(async () => {
  standIn = await startStandIn({
    files: { "sine2.nwb": FILE },
    dandisets: { "000123": { assets: [{ path: "sub-1/sub-1_ecephys.nwb", file: FILE }] } },
    signedTtlMs: 2000,
  });
  plain = await startStandIn({ files: { "sine2.nwb": FILE }, noRanges: true });
});
afterAll(async () => {
  await standIn.close();
  await plain.close();
});

/** Byte equality without vitest's element-by-element diff (seconds for a megabyte, long enough to idle a socket). */
const expectBytes = (got: Uint8Array, start: number, end?: number) =>
  expect(Buffer.compare(got, bytes.subarray(start, end))).toBe(0);

const fetcher = (url: string) => rangeFetcher(url, { fetch, backoffMs: 5 });

/** sine2.nwb read through its asynchronous side only (256 KiB parts, reads from 512 KiB on large). */
function asyncOnlySource(f: RangeFetcher, options: Partial<RemoteSourceOptions> = {}) {
  return openRemoteSource({
    name: "sine2.nwb",
    fetcher: f,
    readSync: () => {
      throw new Error("not used here");
    },
    partBytes: 256 * 1024,
    largeRead: 512 * 1024,
    ...options,
  });
}

describe("range reads over HTTP", () => {
  it("reads exact ranges and learns the size from Content-Range", async () => {
    const f = fetcher(standIn.url("sine2.nwb"));
    expectBytes(await f.fetchRange(1000, 5000), 1000, 5000);
    expect(f.size).toBe(bytes.length);
    expectBytes(await f.fetchRange(bytes.length - 10, bytes.length + 100), bytes.length - 10);
  });

  it("reads a body straight into the buffer it is given, and again into it after a dropped connection", async () => {
    const f = fetcher(standIn.url("sine2.nwb"));
    const into = new Uint8Array(300_000);
    const got = await f.fetchRange(1_000_000, 1_200_000, into.subarray(50_000));
    expect(got.buffer).toBe(into.buffer);
    expect(got.byteOffset).toBe(50_000);
    expectBytes(got, 1_000_000, 1_200_000);
    standIn.inject("drop", "short");
    const again = await f.fetchRange(2_000_000, 2_250_000, into);
    expect(again.buffer).toBe(into.buffer);
    expectBytes(again, 2_000_000, 2_250_000);
    // Too small to hold it: a buffer of its own.
    expectBytes(await f.fetchRange(10, 1010, new Uint8Array(10)), 10, 1010);
  });

  it("survives 503s, dropped connections and short bodies with exact bytes", async () => {
    const f = fetcher(standIn.url("sine2.nwb"));
    standIn.inject("503", "drop", "short", "503");
    expectBytes(await f.fetchRange(0, 300_000), 0, 300_000);
    expect(f.requests).toBe(5);
    expect(standIn.host.faults).toEqual([]);
  });

  it("gives up after its tries with one line naming the URL and the last failure", async () => {
    const url = standIn.url("sine2.nwb");
    const f = rangeFetcher(url, { fetch, retries: 2, backoffMs: 1 });
    standIn.inject("503", "503", "503");
    await expect(f.fetchRange(0, 10)).rejects.toThrow(`${url}: the server answered 503, 3 tries`);
  });

  it("reads a range whose Content-Range a browser hides when the size is known, and says what to allow if not", async () => {
    const url = standIn.url("sine2.nwb");
    // As a page sees a cross-origin answer whose server does not expose Content-Range.
    const hiding = async (u: string, init: RequestInit) => {
      const r = await fetch(u, init);
      const headers = new Headers(r.headers);
      headers.delete("Content-Range");
      return new Response(r.body, { status: r.status, headers });
    };
    const known = rangeFetcher(url, { fetch: hiding, size: bytes.length });
    expectBytes(await known.fetchRange(bytes.length - 100, bytes.length + 100), bytes.length - 100);
    await expect(rangeFetcher(url, { fetch: hiding }).fetchRange(0, 10)).rejects.toThrow(
      `${url}: the answer to a range request has no readable Content-Range header; a server read from a web page ` +
        "must allow it with Access-Control-Expose-Headers: Content-Range",
    );
  });

  it("refuses a server that ignores Range, and names a missing file", async () => {
    const url = plain.url("sine2.nwb");
    await expect(fetcher(url).fetchRange(0, 10)).rejects.toThrow(
      `${url}: the server does not support range requests (it answered 200 to a Range request)`,
    );
    const missing = standIn.url("nope.nwb");
    await expect(fetcher(missing).fetchRange(0, 10)).rejects.toThrow(`${missing}: the server answered 404 (not found)`);
  });

  it("follows DANDI's download redirect and resolves it again when the signed URL expires", async () => {
    const version = await dandisetVersion(fetch, standIn.api, "000123");
    expect(version).toBe("draft");
    const asset = await findAsset(fetch, standIn.api, "000123", version, "sub-1/sub-1_ecephys.nwb");
    const f = fetcher(assetDownloadUrl(standIn.api, asset));
    const api = new URL(standIn.api).host;
    const before = standIn.requests.get(api) ?? 0;
    expectBytes(await f.fetchRange(0, 100), 0, 100);
    expectBytes(await f.fetchRange(100, 200), 100, 200);
    expect(standIn.requests.get(api)).toBe(before + 1); // the signed URL is reused while valid
    await new Promise((r) => setTimeout(r, 2100));
    expectBytes(await f.fetchRange(200, 300), 200, 300);
    expect(standIn.requests.get(api)).toBe(before + 2);
    standIn.inject("expired");
    expectBytes(await f.fetchRange(300, 400), 300, 400);
    expect(standIn.requests.get(api)).toBe(before + 3);
  });

  it("reads large ranges in parts several at a time, small ones through the cache, exactly", async () => {
    const f = fetcher(standIn.url("sine2.nwb"));
    const source = await asyncOnlySource(f);
    expect(source.size).toBe(bytes.length);
    expect(f.requests).toBe(1);
    expectBytes(await source.readAsync(10, 100), 10, 110); // from the head read
    expect(f.requests).toBe(1);
    const big = await source.readAsync(1_000_000, 1_200_000);
    expectBytes(big, 1_000_000, 2_200_000);
    expect(f.requests).toBe(6); // five parts
    const next = await source.readAsync(2_200_000, 600_000);
    expectBytes(next, 2_200_000, 2_800_000);
    // Three parts, and (sequential) three more for the read ahead: the next bytes as many as the last read.
    expect(f.requests).toBe(12);
    const ahead = await source.readAsync(2_800_000, 600_000);
    expectBytes(ahead, 2_800_000, 3_400_000);
    expect(f.requests).toBe(13); // nothing more for it, but the read ahead of the file's last 1,816 bytes
    const target = new Uint8Array(100);
    expect(source.read(20, 100, target)).toBe(100);
    expectBytes(target, 20, 120);
  });

  it("fetches declared reads ahead, in their order and within its budget, and answers them without another request", async () => {
    const f = fetcher(standIn.url("sine2.nwb"));
    const source = await asyncOnlySource(f, { prefetchBytes: 1_000_000 });
    // The direct reader's chunks of one stripe, spread over the file: not a sequential run.
    const reads: [number, number][] = [
      [2_000_000, 600_000],
      [1_000_000, 600_000],
      [2_700_000, 600_000],
    ];
    source.willRead!([...reads, [10, 100]]); // a small read goes through the cache instead
    expect(f.requests).toBe(1 + 3); // the head, then the first declared read's three parts; the second would overflow
    expectBytes(await source.readAsync(2_000_000, 600_000), 2_000_000, 2_600_000);
    expect(f.requests).toBe(1 + 3 + 3); // taken: the second starts
    // A newer list replaces what was not started: the third read is no longer fetched ahead.
    source.willRead!([[1_000_000, 600_000]]);
    expectBytes(await source.readAsync(1_000_000, 600_000), 1_000_000, 1_600_000);
    expect(f.requests).toBe(7);
    expectBytes(await source.readAsync(2_700_000, 600_000), 2_700_000, 3_300_000);
    expect(f.requests).toBe(10); // asked for without a declaration: fetched then
  });
});
