// The "Open from DANDI" dialog's listing (src/core/remote/dandi-listing.ts) against the DANDI stand-in over real
// HTTP: the default version, pages on demand, the filter, the entries opened, and each failure in plain words.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assetEntries,
  assetSets,
  filterAssets,
  listAssets,
  listingQuery,
  listingSummary,
  listMore,
  notOpenable,
} from "../../src/core/remote/dandi-listing";
import type { FetchLike } from "../../src/core/remote/range-fetcher";
import { NWB } from "../golden";
import { startStandIn, type StandIn } from "./stand-in";

const file = (name: string) => join(NWB, name);
const ASSETS = [
  { path: "sub-01/sine2.nwb", file: file("sine2.nwb") },
  { path: "sub-01/gaps4.nwb", file: file("gaps4.nwb") },
  { path: "sub-02/Intan32.nwb", file: file("intan32.nwb") },
  { path: "sub-02/twoseries.nwb", file: file("twoseries.nwb") },
  { path: "sub-03/starting.nwb", file: file("starting.nwb") },
];
let standIn: StandIn;
let html: Server;
let htmlBase: string;
beforeAll(async () => {
  standIn = await startStandIn({
    pageSize: 2,
    dandisets: {
      "000123": { published: "0.240101.0001", assets: ASSETS },
      "000007": { assets: ASSETS.slice(0, 1) },
      "000321": {
        assets: [ASSETS[0]!, { path: "sub-01/sub-01_sample.ome.zarr", file: file("sine2.nwb"), zarr: true }],
      },
    },
  });
  // A web page where an API was expected: 200, HTML.
  html = createServer((_, res) => res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><p>hi"));
  await new Promise<void>((r) => html.listen(0, "127.0.0.1", r));
  htmlBase = `http://127.0.0.1:${(html.address() as AddressInfo).port}/api`;
});
afterAll(async () => {
  await standIn.close();
  await new Promise((r) => html.close(r));
});

/** fetch as the page calls it, recording each URL and what it was asked with. */
function recording() {
  const calls: { url: string; init: RequestInit }[] = [];
  const f: FetchLike = (url, init) => {
    calls.push({ url, init });
    return fetch(url, init);
  };
  return { f, calls };
}

describe("listing a dandiset's assets", () => {
  it("resolves the default version (the most recent published), lists one page, then the next on demand", async () => {
    const { f, calls } = recording();
    const first = await listAssets(f, listingQuery("000123", "", standIn.api));
    expect(first.version).toBe("0.240101.0001");
    expect(first.assets.map((a) => a.path)).toEqual(["sub-01/sine2.nwb", "sub-01/gaps4.nwb"]);
    expect(listingSummary(first)).toBe(
      "Dandiset 000123, version 0.240101.0001 (the most recent published): 2 of 5 assets listed",
    );
    const second = await listMore(f, first);
    const third = await listMore(f, second);
    expect(third.assets.map((a) => a.path)).toEqual(ASSETS.map((a) => a.path));
    expect([third.next, listingSummary(third).endsWith("5 of 5 assets listed")]).toEqual([null, true]);
    expect(await listMore(f, third)).toBe(third);
    // One request for the version, one per page; to the API only, without credentials or custom headers.
    expect(calls.map((c) => new URL(c.url).host)).toEqual(Array(4).fill(new URL(standIn.api).host));
    expect(calls[1]!.url).toBe(`${standIn.api}/dandisets/000123/versions/0.240101.0001/assets/?page=1`);
    for (const c of calls)
      expect([c.init.credentials, c.init.headers]).toEqual(["omit", { Accept: "application/json" }]);
  });

  it("takes the draft when nothing is published, and a version from the field or a DANDI URL", async () => {
    const draft = await listAssets(fetch, listingQuery(" DANDI:000007 ", "", standIn.api));
    expect(listingSummary(draft)).toBe(
      "Dandiset 000007, version draft (the draft: none is published): 1 of 1 asset listed",
    );
    const url = `https://dandiarchive.org/dandiset/000123/draft`;
    const fromUrl = await listAssets(fetch, listingQuery(url, "", standIn.api));
    expect([fromUrl.version, fromUrl.versionFrom, fromUrl.count]).toEqual(["draft", "asked", 5]);
    const typed = await listAssets(fetch, listingQuery(url, "0.240101.0001", `${standIn.api}/`));
    expect(listingSummary(typed)).toBe("Dandiset 000123, version 0.240101.0001: 2 of 5 assets listed");
  });

  it("filters what is listed by a case-insensitive substring of the path", async () => {
    let l = await listAssets(fetch, listingQuery("000123", "draft", standIn.api));
    while (l.next) l = await listMore(fetch, l);
    expect(filterAssets(l.assets, "INTAN").map((a) => a.path)).toEqual(["sub-02/Intan32.nwb"]);
    expect(filterAssets(l.assets, "sub-01/").length).toBe(2);
    expect(filterAssets(l.assets, "  ")).toBe(l.assets);
    expect(filterAssets(l.assets, "nothing")).toEqual([]);
  });

  it("opens each selected asset by its download URL, named by its path's last segment, with its size", async () => {
    const l = await listAssets(fetch, listingQuery("000123", "", standIn.api));
    const [entry] = assetEntries(standIn.api, l.assets.slice(0, 1));
    expect(entry).toEqual({
      url: `${standIn.api}/assets/${l.assets[0]!.asset_id}/download/`,
      name: "sine2.nwb",
      size: 3401816,
    });
    // The download URL redirects to the file host, which serves the bytes by range.
    const bytes = await fetch(entry!.url, { headers: { Range: "bytes=0-7" } });
    expect([bytes.status, new Uint8Array(await bytes.arrayBuffer())]).toEqual([
      206,
      new Uint8Array([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]),
    ]);
  });

  it("opens the assets ticked together as one set, or one set a folder when two share a file name", () => {
    const asset = (path: string, zarr?: string) => ({ asset_id: path.replace(/\W/g, "-"), path, size: 1, zarr });
    const names = (sets: { name: string }[][]) => sets.map((s) => s.map((e) => e.name));
    const api = standIn.api;
    // A family and a linked pair across folders: one set, where each finds the others by name.
    const family = ["sub-03/family_0.nwb", "sub-03/family_1.nwb", "sub-04/linked_main.nwb", "sub-04/linked_raw.nwb"];
    expect(
      names(
        assetSets(
          api,
          family.map((p) => asset(p)),
        ),
      ),
    ).toEqual([["family_0.nwb", "family_1.nwb", "linked_main.nwb", "linked_raw.nwb"]]);
    // Two probe.nwb: a set per folder, in the order ticked (a Zarr asset left out, as always).
    const clash = ["sub-01/probe.nwb", "sub-02/probe.nwb", "sub-01/probe_raw.nwb", "sub-02/x.ome.zarr", "lfp.nwb"];
    const sets = assetSets(
      api,
      clash.map((p) => asset(p, p.endsWith(".zarr") ? "z" : undefined)),
    );
    expect(names(sets)).toEqual([["probe.nwb", "probe_raw.nwb"], ["probe.nwb"], ["lfp.nwb"]]);
    expect(sets[1]![0]!.url).toBe(`${api}/assets/sub-02-probe-nwb/download/`);
    expect(assetSets(api, [asset("a.ome.zarr", "z")])).toEqual([]);
  });

  it("lists a Zarr asset as one that cannot be opened, and never opens it", async () => {
    const l = await listAssets(fetch, listingQuery("000321", "", standIn.api));
    expect(l.assets.map((a) => [a.path, notOpenable(a)])).toEqual([
      ["sub-01/sine2.nwb", null],
      ["sub-01/sub-01_sample.ome.zarr", "a Zarr folder, not an HDF5 file: cannot be opened here"],
    ]);
    expect(assetEntries(standIn.api, l.assets).map((e) => e.name)).toEqual(["sine2.nwb"]);
  });

  it("says each failure in plain words", async () => {
    const list = (dandiset: string, version: string, api: string) =>
      listAssets(fetch, listingQuery(dandiset, version, api));
    await expect(list("000999", "", standIn.api)).rejects.toThrow(`Dandiset 000999 was not found at ${standIn.api}.`);
    await expect(list("000123", "9.9.9", standIn.api)).rejects.toThrow(
      `Dandiset 000123 has no version 9.9.9 at ${standIn.api} (or there is no such dandiset).`,
    );
    await expect(list("000123", "", htmlBase)).rejects.toThrow(
      `${htmlBase} did not answer as a DANDI API does (its answer is not an asset list in JSON): check the DANDI API field.`,
    );
    const closed = await new Promise<string>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => resolve(`http://127.0.0.1:${port}/api`));
      });
    });
    await expect(list("000123", "", closed)).rejects.toThrow(
      `The DANDI API at ${closed} could not be reached: check the address and the connection`,
    );
    expect(() => listingQuery("123", "", standIn.api)).toThrow('"123" is not a dandiset');
    expect(() => listingQuery("", "", standIn.api)).toThrow("Give a dandiset");
    expect(() => listingQuery("000123", "", "api.dandiarchive.org")).toThrow("must be an http(s) address");
  });

  it("stops when its listing is superseded (aborted), without a message of its own", async () => {
    const controller = new AbortController();
    const f: FetchLike = (url, init) => fetch(url, { ...init, signal: controller.signal });
    const listing = listAssets(f, listingQuery("000123", "", standIn.api));
    controller.abort();
    await expect(listing).rejects.toMatchObject({ name: "AbortError" });
  });
});
