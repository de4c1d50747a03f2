// {api} package routes: GET (with parent and ancestors) and PUT (properties, recorded for tests).
import { HttpError, isObject, MIB, readJson } from "./http-util";
import { route, type Route, type RouteContext } from "./router";
import type { EmulatorState, PackageProperty, PackageRecord } from "./types";

const CREATED = "2024-01-01T00:00:00.000Z";

function content(state: EmulatorState, pkg: PackageRecord) {
  const dataset = state.datasets.get(pkg.datasetId);
  const parent = pkg.parentId ? state.packages.get(pkg.parentId) : undefined;
  return {
    id: pkg.id,
    nodeId: pkg.id,
    intId: pkg.intId,
    name: pkg.name,
    packageType: pkg.packageType,
    datasetId: dataset?.intId,
    datasetNodeId: pkg.datasetId,
    ...(parent ? { parentId: parent.intId } : {}),
    state: "READY",
    createdAt: CREATED,
    updatedAt: CREATED,
  };
}

// Pennsieve groups package properties by category in its DTOs.
function grouped(props: PackageProperty[]) {
  const categories = [...new Set(props.map((p) => p.category))];
  return categories.map((category) => ({ category, properties: props.filter((p) => p.category === category) }));
}

function packageDto(state: EmulatorState, pkg: PackageRecord, withAncestors: boolean) {
  const ancestors: PackageRecord[] = [];
  for (let p = pkg.parentId; p; p = state.packages.get(p)?.parentId ?? null) {
    const found = state.packages.get(p);
    if (found) ancestors.unshift(found);
  }
  const parent = ancestors.at(-1);
  return {
    content: content(state, pkg),
    properties: grouped(pkg.properties),
    ...(parent ? { parent: { content: content(state, parent), properties: grouped(parent.properties) } } : {}),
    ...(withAncestors ? { ancestors: ancestors.map((a) => ({ content: content(state, a) })) } : {}),
    children: [],
    objects: {},
  };
}

function findPackage(ctx: RouteContext): PackageRecord {
  const pkg = ctx.services.state.packages.get(ctx.params[0] ?? "");
  if (!pkg) throw new HttpError(404, `package ${ctx.params[0]} not found`);
  return pkg;
}

function parseProperty(v: unknown): PackageProperty {
  if (!isObject(v) || typeof v.key !== "string" || typeof v.value !== "string" || typeof v.category !== "string")
    throw new HttpError(400, "each property needs string key, value and category");
  const { key, value, category, dataType, fixed, hidden } = v;
  return {
    key,
    value,
    category,
    dataType: String(dataType ?? "string"),
    fixed: fixed === true,
    hidden: hidden === true,
  };
}

async function putPackage(ctx: RouteContext) {
  const pkg = findPackage(ctx);
  const { value } = await readJson(ctx.req, MIB);
  if (!isObject(value) || !Array.isArray(value.properties)) throw new HttpError(400, "body needs a properties array");
  const props = value.properties.map(parseProperty);
  for (const p of props) {
    pkg.properties = pkg.properties.filter((q) => q.key !== p.key || q.category !== p.category).concat(p);
  }
  pkg.propertyUpdates.push({ query: ctx.url.search, properties: props });
  return { json: packageDto(ctx.services.state, pkg, false) };
}

export const packageRoutes: Route[] = [
  route("GET", "/api/packages/:id", true, (ctx) => ({
    json: packageDto(ctx.services.state, findPackage(ctx), ctx.url.searchParams.get("includeAncestors") === "true"),
  })),
  route("PUT", "/api/packages/:id", true, putPackage),
];
