// {api2} routes: workflow runs, the import manifest (create at /import and /import/manifest, append)
// and presigned upload URLs. Manifest calls are capped at 1 MiB and logged with their entry counts.
import { randomUUID } from "node:crypto";
import { HttpError, isObject, MIB, readBody } from "./http-util";
import { route, type Reply, type Route, type RouteContext } from "./router";
import type { ImportRecord, ManifestFile, ManifestRequest } from "./types";

function datasetParam(ctx: RouteContext): string {
  const id = ctx.url.searchParams.get("dataset_id");
  if (!id) throw new HttpError(400, "dataset_id query parameter is required");
  if (!ctx.services.state.datasets.has(id)) throw new HttpError(404, `dataset ${id} not found`);
  return id;
}

function findImport(ctx: RouteContext): ImportRecord {
  const record = ctx.services.state.imports.get(ctx.params[0] ?? "");
  if (!record || record.datasetId !== datasetParam(ctx)) throw new HttpError(404, `import ${ctx.params[0]} not found`);
  return record;
}

function parseFiles(v: unknown, existing: ManifestFile[]): ManifestFile[] {
  if (!Array.isArray(v)) throw new HttpError(400, "files must be an array");
  const keys = new Set(existing.map((f) => f.upload_key));
  return v.map((f: unknown) => {
    if (
      !isObject(f) ||
      typeof f.upload_key !== "string" ||
      typeof f.file_path !== "string" ||
      !f.upload_key ||
      !f.file_path
    )
      throw new HttpError(400, "each file needs non-empty snake_case upload_key and file_path strings");
    if (keys.has(f.upload_key)) throw new HttpError(400, `duplicate upload_key ${f.upload_key}`);
    keys.add(f.upload_key);
    return { upload_key: f.upload_key, file_path: f.file_path };
  });
}

/** Reads the body under the 1 MiB cap and logs the call (status, bytes, entry count) whatever happens. */
async function manifestCall(
  ctx: RouteContext,
  kind: ManifestRequest["route"],
  handle: (body: Record<string, unknown>, log: ManifestRequest) => Reply,
): Promise<Reply> {
  const log: ManifestRequest = { route: kind, importId: ctx.params[0] ?? null, entries: null, bytes: 0, status: 0 };
  ctx.services.state.manifestRequests.push(log);
  try {
    const body = await readBody(ctx.req, MIB);
    log.bytes = body.bytes;
    const { config } = ctx.services.state;
    if ((kind === "import" && !config.legacyImportRoute) || (kind === "import/manifest" && !config.manifestImportRoute))
      throw new HttpError(404, "Not Found");
    if (!body.buffer) throw new HttpError(413, "Request Entity Too Large");
    let value: unknown;
    try {
      value = JSON.parse(body.buffer.toString("utf8"));
    } catch {
      throw new HttpError(400, "Request body is not valid JSON");
    }
    if (!isObject(value)) throw new HttpError(400, "body must be a JSON object");
    if (Array.isArray(value.files)) log.entries = value.files.length;
    const reply = handle(value, log);
    log.status = reply.status ?? 200;
    return reply;
  } catch (err) {
    log.status = err instanceof HttpError ? err.status : 500;
    throw err;
  }
}

function createImport(ctx: RouteContext, via: ImportRecord["createdVia"]): Promise<Reply> {
  return manifestCall(ctx, via, (body, log) => {
    const datasetId = datasetParam(ctx);
    const { integration_id: integrationId, package_id: packageId, import_type: importType } = body;
    if (typeof integrationId !== "string" || typeof packageId !== "string" || typeof importType !== "string")
      throw new HttpError(400, "integration_id, package_id and import_type (snake_case strings) are required");
    const pkg = ctx.services.state.packages.get(packageId);
    if (!pkg || pkg.datasetId !== datasetId) throw new HttpError(404, `package ${packageId} not found in dataset`);
    const record: ImportRecord = {
      id: randomUUID(),
      datasetId,
      integrationId,
      packageId,
      importType,
      createdVia: via,
      files: parseFiles(body.files, []),
    };
    ctx.services.state.imports.set(record.id, record);
    log.importId = record.id;
    return { json: { id: record.id } };
  });
}

function appendFiles(ctx: RouteContext): Promise<Reply> {
  return manifestCall(ctx, "files", (body) => {
    const record = findImport(ctx);
    record.files.push(...parseFiles(body.files, record.files));
    return { json: { id: record.id, fileCount: record.files.length } };
  });
}

function presign(ctx: RouteContext): Reply {
  const record = findImport(ctx);
  const uploadKey = ctx.params[1] ?? "";
  const file = record.files.find((f) => f.upload_key === uploadKey);
  if (!file) throw new HttpError(404, `upload key ${uploadKey} not in import ${record.id}`);
  const key = `${record.id}/${file.file_path}`;
  const url = ctx.services.presign(key);
  ctx.services.state.presigns.push({ importId: record.id, uploadKey, key, url });
  return { json: { url } };
}

export const importRoutes: Route[] = [
  route("GET", "/api2/compute/workflows/runs/:id", true, (ctx) => {
    const run = ctx.services.state.runs.get(ctx.params[0] ?? "");
    if (!run) throw new HttpError(404, `workflow run ${ctx.params[0]} not found`);
    return { json: run };
  }),
  route("POST", "/api2/import", true, (ctx) => createImport(ctx, "import")),
  route("POST", "/api2/import/manifest", true, (ctx) => createImport(ctx, "import/manifest")),
  route("POST", "/api2/import/:id/files", true, appendFiles),
  route("GET", "/api2/import/:id/upload/:key/presign", true, presign),
];
