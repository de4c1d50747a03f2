// A plain static file server for the production build, mounted under a sub-path,
// so the e2e tests check that the app works from any sub-path of any static host.
// usage: node e2e/static-server.mjs <dir> <port> <base path, e.g. /tools/nwb2pennsieve/>
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";

const [dir = "dist", port = "4180", base = "/tools/nwb2pennsieve/"] = process.argv.slice(2);
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (!url.pathname.startsWith(base)) {
    res.writeHead(404).end("not under the base path");
    return;
  }
  let rel = decodeURIComponent(url.pathname.slice(base.length)) || "index.html";
  if (rel.endsWith("/")) rel += "index.html";
  const path = normalize(join(dir, rel));
  if (!path.startsWith(normalize(dir))) {
    res.writeHead(403).end();
    return;
  }
  let size;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error("not a file");
    size = st.size;
  } catch {
    res.writeHead(404).end("not found");
    return;
  }
  res.writeHead(200, {
    "content-type": TYPES[extname(path)] ?? "application/octet-stream",
    "content-length": size,
  });
  createReadStream(path).pipe(res);
}).listen(Number(port), "127.0.0.1", () => console.log(`serving ${dir} at http://127.0.0.1:${port}${base}`));
