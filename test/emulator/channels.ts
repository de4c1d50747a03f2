// {api} time-series channel routes, plus the unauthenticated cognito-config lookup.
import { randomUUID } from "node:crypto";
import { HttpError, isObject, MIB, readJson } from "./http-util";
import { route, type Route, type RouteContext } from "./router";
import type { ChannelContent } from "./types";

const num = (v: unknown, field: string): number => {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new HttpError(400, `channel ${field} must be a number`);
  return v;
};

const str = (v: unknown, field: string): string => {
  if (typeof v !== "string") throw new HttpError(400, `channel ${field} must be a string`);
  return v;
};

// Validates up front so that an array with one bad channel creates none of them.
function parseChannel(v: unknown): Omit<ChannelContent, "id" | "createdAt"> {
  if (!isObject(v)) throw new HttpError(400, "a channel must be a JSON object");
  if (typeof v.name !== "string" || v.name.trim() === "") throw new HttpError(400, "channel name must not be blank");
  if (v.channelType === undefined && v.type !== undefined)
    throw new HttpError(400, "channelType is required (the metadata file's `type` must be renamed)");
  const rate = num(v.rate, "rate");
  if (rate <= 0) throw new HttpError(400, "channel rate must be positive");
  return {
    name: v.name,
    start: num(v.start, "start"),
    end: num(v.end, "end"),
    unit: str(v.unit, "unit"),
    rate,
    channelType: str(v.channelType, "channelType"),
    group: v.group === undefined ? "default" : str(v.group, "group"),
    lastAnnotation: v.lastAnnotation === undefined ? 0 : num(v.lastAnnotation, "lastAnnotation"),
    spikeDuration: typeof v.spikeDuration === "number" ? v.spikeDuration : null,
    properties: Array.isArray(v.properties) ? v.properties : [],
  };
}

const dto = (c: ChannelContent) => ({ content: c, properties: [] });

function packageChannels(ctx: RouteContext): ChannelContent[] {
  const id = ctx.params[0] ?? "";
  if (!ctx.services.state.packages.has(id)) throw new HttpError(404, `package ${id} not found`);
  const channels = ctx.services.state.channels.get(id) ?? [];
  ctx.services.state.channels.set(id, channels);
  return channels;
}

async function createChannels(ctx: RouteContext) {
  const channels = packageChannels(ctx);
  const { value } = await readJson(ctx.req, MIB);
  const parsed = (Array.isArray(value) ? value : [value]).map(parseChannel);
  const created = parsed.map((c) => ({ ...c, id: `N:channel:${randomUUID()}`, createdAt: new Date().toISOString() }));
  channels.push(...created);
  return { status: 201, json: Array.isArray(value) ? created.map(dto) : dto(created[0] as ChannelContent) };
}

export const channelRoutes: Route[] = [
  route("GET", "/api/authentication/cognito-config", false, (ctx) => ({ json: ctx.services.cognito })),
  route("GET", "/api/timeseries/:id/channels", true, (ctx) => ({ json: packageChannels(ctx).map(dto) })),
  route("POST", "/api/timeseries/:id/channels", true, createChannels),
];
