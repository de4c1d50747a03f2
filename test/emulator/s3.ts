// Starts s3rver (the object store, private port) behind the verifying S3 front (public port).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import S3rver from "s3rver";
import type { Faults } from "./faults";
import { s3FrontHandler } from "./s3-front";
import { presignUrl, type SigV4Key } from "./sigv4";
import type { EmulatorState } from "./types";

export interface S3Service {
  url: string; // the front, e.g. http://127.0.0.1:4791
  backendUrl: string; // s3rver itself; skips signature checks and faults
  bucket: string;
  presign(key: string, method?: string): string;
  listObjects(): Promise<{ key: string; size: number }[]>;
  getObject(key: string): Promise<Buffer>;
  stop(): Promise<void>;
}

export interface S3Options {
  port: number;
  directory: string;
  bucket: string;
  region: string;
  state: EmulatorState;
  faults: Faults;
}

// s3rver's built-in account; any V4 credential scope naming it is what real S3 would expect.
const ACCESS_KEY = "S3RVER";

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function corsXml(origins: string[] | "*"): string {
  const allowed = (origins === "*" ? ["*"] : origins).map((o) => `<AllowedOrigin>${xmlEscape(o)}</AllowedOrigin>`);
  const methods = ["PUT", "GET", "HEAD"].map((m) => `<AllowedMethod>${m}</AllowedMethod>`);
  const rule = [...allowed, ...methods, "<AllowedHeader>*</AllowedHeader>", "<ExposeHeader>ETag</ExposeHeader>"];
  // s3rver rejects a rule without an origin; an empty list gets one that matches nothing.
  if (allowed.length === 0) rule.unshift("<AllowedOrigin>null-origin.invalid</AllowedOrigin>");
  return `<CORSConfiguration><CORSRule>${rule.join("")}<MaxAgeSeconds>600</MaxAgeSeconds></CORSRule></CORSConfiguration>`;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startS3(o: S3Options): Promise<S3Service> {
  const s3rver = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: o.directory,
    vhostBuckets: false,
    configureBuckets: [{ name: o.bucket, configs: [corsXml(o.state.config.corsOrigins)] }],
  });
  const backend = await s3rver.run();
  const key: SigV4Key = { accessKeyId: ACCESS_KEY, secretAccessKey: ACCESS_KEY, region: o.region, service: "s3" };
  const front = createServer();
  front.on(
    "request",
    s3FrontHandler({ state: o.state, faults: o.faults, key, bucket: o.bucket, backendPort: backend.port }),
  );
  let port: number;
  try {
    port = await listen(front, o.port);
  } catch (err) {
    await s3rver.close();
    throw err;
  }
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    backendUrl: `http://127.0.0.1:${backend.port}`,
    bucket: o.bucket,
    presign: (objectKey, method = "PUT") =>
      presignUrl({
        method,
        origin: url,
        path: `/${o.bucket}/${objectKey}`,
        key,
        expiresSeconds: o.state.config.presignExpiresSeconds,
      }),
    async listObjects() {
      const { objects } = await s3rver.store.listObjects(o.bucket, {});
      return objects.map((obj) => ({ key: obj.key, size: obj.size }));
    },
    async getObject(objectKey) {
      const obj = await s3rver.store.getObject(o.bucket, objectKey);
      if (!obj?.content) throw new Error(`no object ${objectKey} in ${o.bucket}`);
      const chunks: Buffer[] = [];
      for await (const chunk of obj.content) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    async stop() {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      // s3rver's close() waits for its connections; one the front opened for a request cut short would hold it.
      (s3rver as unknown as { httpServer?: Server }).httpServer?.closeAllConnections();
      await s3rver.close();
    },
  };
}
