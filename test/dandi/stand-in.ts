/**
 * A local stand-in for the DANDI Archive, started by the tests themselves: the API (dandiset, paged asset lists,
 * the download redirect) on one server and the file host (ranges, CORS, signed expiring URLs, shaping, faults) on
 * another, each counting the requests it gets per Host header. JSON shapes follow dandi-archive's serializers:
 * a dandiset carries `draft_version` and `most_recent_published_version`; an asset list is DRF's page
 * (`count`, `next`, `previous`, `results` of `asset_id`, `blob`, `zarr`, `path`, `size`, `created`, `modified`);
 * `/assets/{asset_id}/download/` answers 302 to a presigned URL.
 */
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { cors, FileHost, sign, type Fault, type FileHostOptions } from "./file-host";

export interface StandInAsset {
  /** The asset's path in the dandiset (folders with "/"). */
  path: string;
  /** The local file served for it. */
  file: string;
}

export interface StandInOptions extends FileHostOptions {
  /** Dandisets by id: the draft's assets and, optionally, a published version with the same assets. */
  dandisets?: Record<string, { published?: string; assets: StandInAsset[] }>;
  /** Files served unsigned at `<files>/files/<name>` (plain URLs). */
  files?: Record<string, string>;
  /** How long a presigned URL stays valid (ms; 60 s). */
  signedTtlMs?: number;
  /** Assets per page of a listing (DANDI's default is 100; small here to exercise paging). */
  pageSize?: number;
}

export interface StandIn {
  /** The API base, as `--dandi-api` takes it (`http://127.0.0.1:P/api`). */
  api: string;
  /** The file host's origin. */
  files: string;
  /** A plain file's URL. */
  url(name: string): string;
  /** A plain file's URL that redirects (on the file host) to a signed one that expires. */
  redirectUrl(name: string): string;
  /** Requests per host (`127.0.0.1:P`), every one counted. */
  requests: Map<string, number>;
  /** Faults the file host plays on its next range requests, in order. */
  inject(...faults: Fault[]): void;
  host: FileHost;
  close(): Promise<void>;
}

const CREATED = "2024-01-02T03:04:05.000000Z";
const assetId = (dandiset: string, path: string) => {
  const h = createHash("sha256").update(`${dandiset}/${path}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

export async function startStandIn(options: StandInOptions): Promise<StandIn> {
  const requests = new Map<string, number>();
  const count = (req: IncomingMessage) => {
    const host = req.headers.host ?? "?";
    requests.set(host, (requests.get(host) ?? 0) + 1);
  };
  const host = new FileHost(options);
  const ttl = options.signedTtlMs ?? 60_000;
  const pageSize = options.pageSize ?? 2;
  const assets = new Map<string, { dandiset: string; asset: StandInAsset }>();
  for (const [id, d] of Object.entries(options.dandisets ?? {}))
    for (const a of d.assets) assets.set(assetId(id, a.path), { dandiset: id, asset: a });

  const fileServer = createServer((req, res) => {
    count(req);
    const url = new URL(req.url ?? "/", "http://x");
    const path = decodeURIComponent(url.pathname);
    const blob = /^\/blobs\/([^/]+)\/[^/]+$/.exec(path);
    if (blob && assets.has(blob[1]!)) return void host.serve(req, res, path, assets.get(blob[1]!)!.asset.file, true);
    // A plain file behind a redirect to a signed URL that expires, as a download link ending in the file's name
    // may be (the page's "Open URL…" names a file by its URL's last segment, which a DANDI download URL does not).
    const redirect = /^\/redirect\/(.+)$/.exec(path);
    if (redirect && options.files?.[redirect[1]!]) {
      cors(res);
      const exp = Date.now() + ttl;
      const signedPath = `/signed/${redirect[1]}`;
      res.writeHead(302, { Location: `${files}${encodeURI(signedPath)}?exp=${exp}&sig=${sign(signedPath, exp)}` });
      return void res.end();
    }
    const signedPlain = /^\/signed\/(.+)$/.exec(path);
    if (signedPlain && options.files?.[signedPlain[1]!])
      return void host.serve(req, res, path, options.files[signedPlain[1]!]!, true);
    const plain = /^\/files\/(.+)$/.exec(path);
    const file = plain && options.files?.[plain[1]!];
    if (file) return void host.serve(req, res, path, file, false);
    cors(res);
    res.writeHead(404, { "Content-Type": "text/plain" });
    res.end("not found");
  });
  await listen(fileServer);
  const files = `http://127.0.0.1:${(fileServer.address() as AddressInfo).port}`;

  const apiServer = createServer((req, res) => {
    count(req);
    cors(res);
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    const path = url.pathname;
    const download = /^\/api\/assets\/([^/]+)\/download\/$/.exec(path);
    if (download) {
      const found = assets.get(download[1]!);
      if (!found) return json(res, 404, { detail: "Not found." });
      const exp = Date.now() + ttl;
      const blobPath = `/blobs/${download[1]}/${found.asset.path.split("/").pop()}`;
      res.writeHead(302, { Location: `${files}${encodeURI(blobPath)}?exp=${exp}&sig=${sign(blobPath, exp)}` });
      return res.end();
    }
    const dandiset = /^\/api\/dandisets\/(\d{6})\/$/.exec(path);
    if (dandiset) {
      const d = options.dandisets?.[dandiset[1]!];
      if (!d) return json(res, 404, { detail: "Not found." });
      const version = (v: string) => ({
        version: v,
        name: `Dandiset ${dandiset[1]}`,
        asset_count: d.assets.length,
        size: d.assets.reduce((n, a) => n + statSync(a.file).size, 0),
        status: "Valid",
        created: CREATED,
        modified: CREATED,
      });
      return json(res, 200, {
        identifier: dandiset[1],
        created: CREATED,
        modified: CREATED,
        contact_person: "Stand-in, Test",
        embargo_status: "OPEN",
        draft_version: version("draft"),
        most_recent_published_version: d.published ? version(d.published) : null,
      });
    }
    const list = /^\/api\/dandisets\/(\d{6})\/versions\/([^/]+)\/assets\/$/.exec(path);
    if (list) {
      const d = options.dandisets?.[list[1]!];
      if (!d || (list[2] !== "draft" && list[2] !== d.published)) return json(res, 404, { detail: "Not found." });
      const prefix = url.searchParams.get("path") ?? "";
      const all = d.assets.filter((a) => a.path.startsWith(prefix));
      const page = Math.max(1, Number(url.searchParams.get("page") ?? 1));
      const size = Number(url.searchParams.get("page_size") ?? pageSize) || pageSize;
      const at = (p: number) => {
        const u = new URL(url);
        u.searchParams.set("page", String(p));
        return u.href;
      };
      return json(res, 200, {
        count: all.length,
        next: page * size < all.length ? at(page + 1) : null,
        previous: page > 1 ? at(page - 1) : null,
        results: all.slice((page - 1) * size, page * size).map((a) => ({
          asset_id: assetId(list[1]!, a.path),
          blob: createHash("md5").update(a.path).digest("hex"),
          zarr: null,
          path: a.path,
          size: statSync(a.file).size,
          created: CREATED,
          modified: CREATED,
        })),
      });
    }
    json(res, 404, { detail: "Not found." });
  });
  await listen(apiServer);
  const api = `http://127.0.0.1:${(apiServer.address() as AddressInfo).port}/api`;

  return {
    api,
    files,
    url: (name) => `${files}/files/${encodeURIComponent(name)}`,
    redirectUrl: (name) => `${files}/redirect/${encodeURIComponent(name)}`,
    requests,
    inject: (...faults) => host.faults.push(...faults),
    host,
    close: async () => {
      for (const s of [fileServer, apiServer]) {
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      }
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
}
